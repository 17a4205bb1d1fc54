using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Cases;

// One vocabulary for list and detail (issue 23): states, statuses, levels, traffic lights and step kinds travel as their
// names (e.g. "Red", "Street", "Paused"), never as numbers; display names come beside them in the caller's language.

/// <summary>A case as the API shows it; its version travels in the <c>ETag</c> header. <see cref="Actions"/> are the triggers the caller may fire now.</summary>
public sealed record CaseDetailResponse(string Number, string Category, string Description, string? Address, double Lat, double Lng, string Grid, string State,
    string StateName, string Status, string Level, string? HandlingUnit, DateTimeOffset ReportedAt, DateTimeOffset? StepDueAt, string? Light,
    IReadOnlyList<CaseStepResponse> Steps, IReadOnlyList<string> Actions);

/// <summary>
/// One row of a case's history. <see cref="Kind"/> is the step kind's name; <see cref="Trigger"/> is the transition's trigger,
/// or for a row that is no transition (the clock paused or resumed, the start) the kind's name, so every row has one;
/// <see cref="TriggerName"/> is its display name.
/// </summary>
public sealed record CaseStepResponse(DateTimeOffset At, string Kind, string Trigger, string TriggerName, string From, string To, string? Actor, string? Comment);

/// <summary>A row of a case list, in the detail's vocabulary.</summary>
public sealed record CaseRowResponse(string Number, string Category, string Description, string? Address, string State, string StateName, string Status,
    string Level, string Grid, string? HandlingUnit, DateTimeOffset ReportedAt, DateTimeOffset? StepDueAt, string? Light, long? TaskId);

/// <param name="Total">Exact up to 10,000; beyond it <paramref name="Capped"/> is set (as the desk shows it).</param>
public sealed record CaseListResponse(IReadOnlyList<CaseRowResponse> Rows, int Total, bool Capped);

/// <summary>A report's answer: its number, and whether it is the case an earlier send of the same client key made.</summary>
public sealed record CaseReported(string Number, bool Duplicate);

/// <summary>An action's answer; the case's new version is in the <c>ETag</c> header.</summary>
public sealed record CaseActed(string Number);

/// <summary>
/// The case API for the phone client and partner systems: the same service and rules as the pages (scope, roles,
/// validation), problems with a stable code and a message in the caller's language (<see cref="ApiProblems"/>), a
/// client key that makes a resubmission safe, and the version the client saw (ETag / If-Match) on every action
/// (docs/decisions/0017-one-service-per-feature.md).
/// </summary>
public static class CasesApi
{
    public const long MaxRequestBytes = 110L * 1024 * 1024;

    // A partner's token reads and reports cases with these scopes; the export stays with signed-in staff (docs/decisions/0082-token-server.md).
    private static readonly TokenScopeAttribute CasesRead = new(TokenScopes.CasesRead);
    private static readonly TokenScopeAttribute CasesWrite = new(TokenScopes.CasesWrite);

    public static IEndpointRouteBuilder MapCasesApi(this IEndpointRouteBuilder app)
    {
        // Posts signed in by the cookie carry the X-CSRF-TOKEN header (ApiAntiforgery), checked before these handlers run.
        var group = app.MapGroup("/api/cases").RequireAuthorization(p => p.RequireRole(Roles.CaseDeskUsers.Split(','))).WithTags("Cases");
        group.MapGet("/", ListAsync).WithName("ListCases").WithSummary("Cases of the caller's work, area or reports, a page at a time").WithMetadata(CasesRead);
        ListExport.Of(group.MapGet("/export", ExportAsync).WithName("ExportCases")
            .WithSummary("The caller's case list under the desk's filter as an Excel workbook, personal data masked, every row streamed; audited"));
        group.MapGet("/{number}", DetailAsync).WithName("GetCase").WithSummary("One case the caller may see, with its steps; the ETag is its version").WithMetadata(CasesRead)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/nearby", NearbyAsync).WithName("NearbyCases").WithSummary("Open cases of a category near a position that the caller may see (possible duplicates)").WithMetadata(CasesRead);
        group.MapPost("/", ReportAsync).WithName(ApiExamples.ReportCase).WithSummary("Reports a case (multipart form with photos); a repeated client key returns the first case")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes)).WithMetadata(CasesWrite).RequireRateLimiting(RateLimits.Cases)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/{number}/actions/{trigger}", ActAsync).WithName("ActOnCase")
            .WithSummary("Takes an action on a case; If-Match must carry the version the client saw")
            .WithMetadata(new RequestSizeLimitAttribute(MaxRequestBytes)).WithMetadata(CasesWrite).RequireRateLimiting(RateLimits.Cases)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapGet("/{number}/photos/{id:long}", PhotoAsync).WithName("GetCasePhoto").WithSummary("A photo of a case the caller may see, or its thumbnail").WithMetadata(CasesRead)
            .File("image/jpeg", "image/png", "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/map/cases", MapAsync).WithName("CaseMapPoints").WithSummary("Open cases of the caller's area as map points")
            .RequireAuthorization(p => p.RequireRole(Roles.MapViewers.Split(','))).WithTags("Map");
        return app;
    }

    public static async Task<Ok<CaseListResponse>> ListAsync(HttpContext http, CaseQueries queries, [FromQuery] CaseListKind? kind, [FromQuery] string? text,
        [FromQuery] int? page, [FromQuery] int? pageSize, CancellationToken ct)
    {
        var found = await queries.ListAsync(WorkflowActor.From(http.User), new CaseFilter(kind ?? CaseListKind.Area, text), Math.Max(0, page ?? 0),
            Math.Clamp(pageSize ?? 25, 1, 100), ct);
        return TypedResults.Ok(new CaseListResponse(found.Rows.Select(r => new CaseRowResponse(r.Number, r.CategoryName, r.Description, r.Address, r.State,
            r.StateName, r.Status.ToString(), r.Level.ToString(), r.GridName, r.HandlingUnitName, r.ReportedAt, r.StepDueAt, r.Light?.ToString(), r.TaskId)).ToList(),
            found.Total, found.Capped));
    }

    /// <summary>
    /// Exactly the desk's list under the same filter and the caller's own scope (<see cref="CaseQueries.ListAsync"/>), as
    /// Excel (issue 16 defect 9). A list of cases leaving the system is recorded in the audit log.
    /// </summary>
    public static async Task<PlainSheetFile> ExportAsync(HttpContext http, CaseQueries queries, AuditLog audit, IStringLocalizer<SharedResource> L,
        [FromQuery] CaseListKind? kind, [FromQuery] string? q, [FromQuery] int? category, [FromQuery] CaseStatus? status, [FromQuery] CaseLevel? level,
        [FromQuery] bool? overdue, [FromQuery] string? progress, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        var filter = new CaseFilter(kind ?? CaseListKind.Area, q, category, null, status, level, overdue ?? false);
        // The whole list leaves, so its count is exact (the desk's stops at 10,000).
        var total = await queries.CountAsync(actor, filter, ct);
        await audit.WriteAsync(AuditActions.CasesExported, actor.UserId, actor.Name, "cases", $"{total} {filter.Kind} {q}".Trim(), ct: ct);
        // One query read through as the file is written, not a page at a time (docs/decisions/0051-every-list-export-streams.md).
        return new PlainSheetFile("cases.xlsx", [CaseExport.Sheet(queries.AllAsync(actor, filter, ct), L)], total, progress);
    }

    public static async Task<Results<Ok<CaseDetailResponse>, ProblemHttpResult>> DetailAsync(HttpContext http, CaseQueries queries, CaseService cases,
        IStringLocalizer<SharedResource> L, string number, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        if (await queries.DetailAsync(actor, number, ct) is not { } d)
        {
            return ApiProblems.NotFound(L["Cases.Api.NotFound"]);
        }
        http.Response.Headers.ETag = ETag(d.InstanceVersion);
        var c = d.Case;
        var actions = (await cases.ActionsAsync(c.InstanceId, actor, ct)).Where(a => CaseGuards.LevelAllows(a.Trigger, c.Level)).Select(a => a.Trigger).Distinct().ToList();
        return TypedResults.Ok(new CaseDetailResponse(c.Number, c.Category!.Name, c.Description, c.Address, c.Lat, c.Lng, d.GridName, c.State, c.StateName,
            c.Status.ToString(), c.Level.ToString(), d.HandlingUnitName, c.ReportedAt, c.StepDueAt, d.Light?.ToString(),
            d.Steps.Select(s => new CaseStepResponse(s.At, s.Kind.ToString(), s.Trigger ?? s.Kind.ToString(), s.TriggerName ?? L["StepKind." + s.Kind],
                s.FromName, s.ToName, s.ActorName, s.Comment)).ToList(), actions));
    }

    /// <summary>NaN and ±Infinity bind as doubles; they and positions off the globe are a 400, not a failed query.</summary>
    public static async Task<Results<Ok<IReadOnlyList<NearbyCase>>, ValidationProblem>> NearbyAsync(HttpContext http, CaseService cases, IStringLocalizer<SharedResource> L,
        [FromQuery] int categoryId, [FromQuery] double lat, [FromQuery] double lng, CancellationToken ct)
    {
        if (!double.IsFinite(lat) || !double.IsFinite(lng) || Math.Abs(lat) > 90 || Math.Abs(lng) > 180)
        {
            return ApiProblems.Invalid(L["Cases.Api.Invalid"], new Dictionary<string, string[]> { ["position"] = [L["Cases.Position.Invalid"]] });
        }
        return TypedResults.Ok(await cases.NearbyOpenAsync(WorkflowActor.From(http.User), categoryId, lat, lng, ct: ct));
    }

    public static async Task<Results<Created<CaseReported>, Ok<CaseReported>, ValidationProblem, ProblemHttpResult>> ReportAsync(HttpContext http, CaseService cases,
        CasePhotoStore photos, IStringLocalizer<SharedResource> L, CancellationToken ct)
    {
        if (!http.User.HoldsAny(Roles.CaseReporters))
        {
            return ApiProblems.Forbidden(L["Refusal.NotAllowedForRole"]);
        }
        var form = await TryReadFormAsync(http, ct);
        if (form is null)
        {
            return Invalid(L, new Dictionary<string, string> { ["form"] = "Cases.Api.FormExpected" }, photos);
        }
        var (stored, errors) = await SavePhotosAsync(form, photos, ct);
        if (errors.Count > 0)
        {
            return Invalid(L, errors, photos);
        }
        var report = new CaseReport(Int(form["categoryId"]), form["description"], Double(form["lat"]), Double(form["lng"]), form["address"], form["clientKey"],
            bool.TryParse(form["selfHandled"], out var self) && self, stored, form["callerName"], form["callerPhone"]);
        ReportResult result;
        try
        {
            // The photos are put in place by the save that adds the case; a refusal or a repeated client key saves nothing.
            result = await cases.ReportAsync(report, WorkflowActor.From(http.User), ct);
        }
        finally
        {
            photos.Discard(stored);
        }
        if (!result.Ok)
        {
            return Invalid(L, result.Errors, photos);
        }
        var reported = new CaseReported(result.Number!, result.Duplicate);
        return result.Duplicate ? TypedResults.Ok(reported) : TypedResults.Created($"/api/cases/{result.Number}", reported);
    }

    /// <summary>
    /// An action on the version the client saw: no If-Match → 428, someone acted since → 412 <c>stale</c>, not allowed (the
    /// wrong role, or a step another unit owns) → 403, a case the caller cannot see → 404, any other refusal (state, a
    /// missing comment, a guard) → 409 <c>refused</c>. A phone app can tell "not allowed" from "changed".
    /// </summary>
    public static async Task<Results<Ok<CaseActed>, ValidationProblem, ProblemHttpResult>> ActAsync(HttpContext http, CaseService cases, CasePhotoStore photos,
        IStringLocalizer<SharedResource> L, string number, string trigger, CancellationToken ct)
    {
        if (!TryIfMatch(http.Request, out var seen))
        {
            return ApiProblems.Of(StatusCodes.Status428PreconditionRequired, ApiProblems.Codes.VersionRequired, L["Cases.Api.VersionRequired"]);
        }
        var form = await TryReadFormAsync(http, ct);
        var (stored, errors) = form is null ? ([], new Dictionary<string, string>()) : await SavePhotosAsync(form, photos, ct);
        if (errors.Count > 0)
        {
            return Invalid(L, errors, photos);
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
        CaseActResult result;
        try
        {
            result = await cases.ActAsync(number, trigger, WorkflowActor.From(http.User), new FireInput(form?["comment"], null, data), stored, seen, ct);
        }
        finally
        {
            photos.Discard(stored);
        }
        switch (result.Outcome)
        {
            case CaseActOutcome.Done:
                http.Response.Headers.ETag = ETag(result.Version!.Value);
                return TypedResults.Ok(new CaseActed(number));
            case CaseActOutcome.NotFound:
                return ApiProblems.NotFound(L["Cases.Api.NotFound"]);
        }
        return result.Refusal switch
        {
            Refusal.ChangedBySomeoneElse => ApiProblems.Of(StatusCodes.Status412PreconditionFailed, ApiProblems.Codes.Stale, RefusalText(L, result)),
            Refusal.NotAllowedForRole or Refusal.NotInScope => ApiProblems.Forbidden(RefusalText(L, result)),
            _ => ApiProblems.Of(StatusCodes.Status409Conflict, ApiProblems.Codes.Refused, RefusalText(L, result)),
        };
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PhotoAsync(HttpContext http, CaseQueries queries, CasePhotoStore store,
        IStringLocalizer<SharedResource> L, string number, long id, [FromQuery] bool? thumb, CancellationToken ct)
    {
        var detail = await queries.DetailAsync(WorkflowActor.From(http.User), number, ct);
        var photo = detail?.Photos.FirstOrDefault(p => p.Id == id);
        var stream = photo is null ? null : store.Open(thumb == true ? photo.ThumbnailPath : photo.StoredPath);
        return stream is null ? ApiProblems.NotFound(L["Cases.Api.NotFound"]) : TypedResults.Stream(stream, thumb == true ? "image/jpeg" : photo!.ContentType);
    }

    public static async Task<Ok<IReadOnlyList<object[]>>> MapAsync(HttpContext http, CaseQueries queries, CancellationToken ct) =>
        TypedResults.Ok(await queries.MapPointsAsync(WorkflowActor.From(http.User), ct));

    /// <summary>The text for a refusal in the user's language; a guard's reason is itself a resource key.</summary>
    public static string RefusalText(IStringLocalizer L, CaseActResult result) => result.Refusal is Refusal.ConditionNotMet && result.Detail is { } detail
        ? $"{L["Refusal.ConditionNotMet"]}{L[detail]}"
        : L["Refusal." + (result.Refusal ?? Refusal.NotFound)];

    private static string ETag(Guid version) => new EntityTagHeaderValue($"\"{version:N}\"").ToString();

    /// <summary>
    /// The version If-Match names; false without the header (or with <c>*</c>, which names none). A tag that is not one
    /// of ours gives <see cref="Guid.Empty"/>, which matches no version, so it is answered like a stale one.
    /// </summary>
    private static bool TryIfMatch(HttpRequest request, out Guid version)
    {
        version = Guid.Empty;
        var tags = request.GetTypedHeaders().IfMatch;
        if (tags.Count == 0 || tags.Any(t => t.Equals(EntityTagHeaderValue.Any)))
        {
            return false;
        }
        if (Guid.TryParseExact(tags[0].Tag.ToString().Trim('"'), "N", out var named))
        {
            version = named;
        }
        return true;
    }

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
            PhotoSaveResult saved;
            try
            {
                await using var stream = file.OpenReadStream();
                saved = await store.SaveAsync(stream, file.FileName, stage, ct);
            }
            catch
            {
                store.Discard(photos);
                throw;
            }
            if (saved.Photo is null)
            {
                // One bad photo refuses the request: the good ones staged before it go too.
                store.Discard(photos);
                errors["photos"] = saved.Error!;
                return ([], errors);
            }
            photos.Add(saved.Photo);
        }
        return (photos, errors);
    }

    /// <summary>The posted form, or null when the body is not a readable form (empty, truncated, wrong type).</summary>
    internal static async Task<IFormCollection?> TryReadFormAsync(HttpContext http, CancellationToken ct)
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

    /// <summary>A 400 with one message per field; messages may name the photo limits ({0} MB, {1} photos, {2} million pixels).</summary>
    private static ValidationProblem Invalid(IStringLocalizer L, IReadOnlyDictionary<string, string> errors, CasePhotoStore photos) =>
        ApiProblems.Invalid(L["Cases.Api.Invalid"], errors.ToDictionary(e => e.Key, e => new[] { photos.Describe(L, e.Value) }));

    private static int? Int(string? value) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? Double(string? value) => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
}
