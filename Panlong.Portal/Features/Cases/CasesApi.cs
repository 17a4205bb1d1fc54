using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Cases;

/// <summary>
/// The case API for the phone client and partner systems: the same rules as the pages (scope, roles, validation),
/// messages in the caller's language, and a client key that makes a resubmission safe.
/// </summary>
public static class CasesApi
{
    public const long MaxRequestBytes = 110L * 1024 * 1024;

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/cases").RequireAuthorization(p => p.RequireRole(Roles.CaseDeskUsers.Split(','))).WithTags("Cases").DisableAntiforgery();

        group.MapGet("/", async (HttpContext http, CaseQueries queries, [FromQuery] CaseListKind? kind, [FromQuery] string? text, [FromQuery] int? page,
            [FromQuery] int? pageSize, CancellationToken ct) =>
            Results.Ok(await queries.ListAsync(WorkflowActor.From(http.User), new CaseFilter(kind ?? CaseListKind.Area, text), Math.Max(0, page ?? 0),
                Math.Clamp(pageSize ?? 25, 1, 100), ct)));

        group.MapGet("/{number}", async (HttpContext http, CaseQueries queries, string number, CancellationToken ct) =>
            await queries.DetailAsync(WorkflowActor.From(http.User), number, ct) is { } d
                ? Results.Ok(new
                {
                    d.Case.Number, category = d.Case.Category!.Name, d.Case.Description, d.Case.Address, d.Case.Lat, d.Case.Lng, grid = d.GridName,
                    d.Case.State, d.Case.StateName, status = d.Case.Status.ToString(), level = d.Case.Level.ToString(), handlingUnit = d.HandlingUnitName,
                    d.Case.ReportedAt, d.Case.StepDueAt, light = d.Light?.ToString(),
                    steps = d.Steps.Select(s => new { s.At, s.TriggerName, from = s.FromName, to = s.ToName, actor = s.ActorName, s.Comment }),
                })
                : Results.NotFound());

        group.MapGet("/nearby", async (CaseService cases, [FromQuery] int categoryId, [FromQuery] double lat, [FromQuery] double lng, CancellationToken ct) =>
            Results.Ok(await cases.NearbyOpenAsync(categoryId, lat, lng, ct: ct)));

        group.MapPost("/", async (HttpContext http, CaseCommands commands, CasePhotoStore photos, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
        {
            if (!http.User.HoldsAny(Roles.CaseReporters))
            {
                return Results.Forbid();
            }
            if (!http.Request.HasFormContentType)
            {
                return Problem(L, new Dictionary<string, string> { ["form"] = "Cases.Api.FormExpected" }, photos);
            }
            var form = await TryReadFormAsync(http, ct);
            if (form is null)
            {
                return Problem(L, new Dictionary<string, string> { ["form"] = "Cases.Api.FormExpected" }, photos);
            }
            var (stored, errors) = await SavePhotosAsync(form, photos, ct);
            if (errors.Count > 0)
            {
                return Problem(L, errors, photos);
            }
            var report = new CaseReport(Int(form["categoryId"]), form["description"], Double(form["lat"]), Double(form["lng"]), form["address"], form["clientKey"],
                bool.TryParse(form["selfHandled"], out var self) && self, stored, form["callerName"], form["callerPhone"]);
            var result = await commands.ReportAsync(report, http.User, ct);
            return result.Ok
                ? Results.Json(new { number = result.Number, duplicate = result.Duplicate }, statusCode: result.Duplicate ? 200 : 201)
                : Problem(L, result.Errors, photos);
        }).WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));

        group.MapPost("/{number}/actions/{trigger}", async (HttpContext http, CaseCommands commands, CasePhotoStore photos, IStringLocalizer<SharedResource> L,
            string number, string trigger, CancellationToken ct) =>
        {
            var form = await TryReadFormAsync(http, ct);
            var (stored, errors) = form is null ? ([], new Dictionary<string, string>()) : await SavePhotosAsync(form, photos, ct);
            if (errors.Count > 0)
            {
                return Problem(L, errors, photos);
            }
            var data = new Dictionary<string, object?>();
            foreach (var key in new[] { CaseVariables.HandlingUnit, CaseVariables.Hub, CaseVariables.ExtraHours })
            {
                if (form?[key] is { Count: > 0 } value)
                {
                    data[key] = value.ToString();
                }
            }
            if (form?[CaseVariables.AssistingUnits] is { Count: > 0 } assisting)
            {
                data[CaseVariables.AssistingUnits] = assisting.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            }
            var result = await commands.ActAsync(number, trigger, http.User, new FireInput(form?["comment"], null, data), stored, ct);
            return result.Outcome switch
            {
                CaseActOutcome.Done => Results.Ok(new { number }),
                CaseActOutcome.NotFound => Results.NotFound(),
                _ => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: RefusalText(L, result)),
            };
        }).WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes));

        group.MapGet("/{number}/photos/{id:long}", async (HttpContext http, CaseQueries queries, CasePhotoStore store, string number, long id, [FromQuery] bool? thumb,
            CancellationToken ct) =>
        {
            var detail = await queries.DetailAsync(WorkflowActor.From(http.User), number, ct);
            var photo = detail?.Photos.FirstOrDefault(p => p.Id == id);
            var stream = photo is null ? null : store.Open(thumb == true ? photo.ThumbnailPath : photo.StoredPath);
            return stream is null ? Results.NotFound() : Results.Stream(stream, thumb == true ? "image/jpeg" : photo!.ContentType);
        });

        app.MapGet("/api/map/cases", async (HttpContext http, CaseQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.MapPointsAsync(WorkflowActor.From(http.User), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.OrganizationViewers.Split(','))).WithTags("Map");
        return app;
    }

    /// <summary>The text for a refusal in the user's language; a guard's reason is itself a resource key.</summary>
    public static string RefusalText(IStringLocalizer L, CaseActResult result) => result.Refusal is Refusal.ConditionNotMet && result.Detail is { } detail
        ? $"{L["Refusal.ConditionNotMet"]}{L[detail]}"
        : L["Refusal." + (result.Refusal ?? Refusal.NotFound)];

    private static async Task<(List<StoredPhoto> Photos, Dictionary<string, string> Errors)> SavePhotosAsync(IFormCollection form, CasePhotoStore store, CancellationToken ct)
    {
        var photos = new List<StoredPhoto>();
        var errors = new Dictionary<string, string>();
        if (form.Files.Count > CaseService.MaxPhotos)
        {
            errors["photos"] = "Cases.Photos.TooMany";
            return (photos, errors);
        }
        foreach (var file in form.Files)
        {
            var stage = file.Name switch
            {
                "afterPhotos" => PhotoStage.After,
                "checkPhotos" => PhotoStage.Check,
                _ => PhotoStage.Before,
            };
            await using var stream = file.OpenReadStream();
            var saved = await store.SaveAsync(stream, file.FileName, stage, ct);
            if (saved.Photo is null)
            {
                errors["photos"] = saved.Error!;
                return (photos, errors);
            }
            photos.Add(saved.Photo);
        }
        return (photos, errors);
    }

    /// <summary>The posted form, or null when the body is not a readable form (empty, truncated, wrong type).</summary>
    private static async Task<IFormCollection?> TryReadFormAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return null;
        }
        try
        {
            return await http.Request.ReadFormAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A 400 with one message per field; messages may name the photo limits ({0} MB, {1} photos).</summary>
    private static IResult Problem(IStringLocalizer L, IReadOnlyDictionary<string, string> errors, CasePhotoStore photos) =>
        Results.ValidationProblem(errors.ToDictionary(e => e.Key, e => new[] { photos.Describe(L, e.Value) }),
            title: L["Cases.Api.Invalid"]);

    private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Double(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
