using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.PartyStudy;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Services;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.PartyStudy;

namespace Panlong.Portal.Features.PartyStudy;

/// <summary>The two downloads of party study: a material's PDF, and the organisation's view as Excel (docs/decisions/0053-party-study.md).</summary>
public static class PartyStudyApi
{
    public const string ExportPath = "/api/party/progress/export";

    public static string PdfLink(long materialId) => $"/api/party/materials/{materialId}/pdf";

    public static string ExportLink(long? materialId, string progressToken) =>
        $"{ExportPath}?progress={progressToken}" + (materialId is { } id ? $"&material={id}" : "");

    public static IEndpointRouteBuilder MapPartyStudy(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/party/materials/{id:long}/pdf", PdfAsync).RequireAuthorization(p => p.RequireRole(Roles.Resident, Roles.PartyOrganizer))
            .WithTags("PartyStudy").WithName("StudyMaterialPdf").WithSummary("A study material's PDF, for a confirmed member it applies to or an organiser of its scope")
            .File("application/pdf");
        app.MapGet(ExportPath, ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.PartyOrganizer)).WithTags("PartyStudy").WithName("StudyProgressExport")
            .WithSummary("Who studied what in the organiser's scope as an Excel workbook, names masked, streamed; audited");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, Microsoft.AspNetCore.Http.HttpResults.NotFound>> PdfAsync(HttpContext http, PartyStudyQueries queries, MaterialStore store, long id, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        var member = await queries.MembershipAsync(actor.UserId, ct);
        var found = await queries.MaterialAsync(id, member, actor.Roles.Contains(Roles.PartyOrganizer) ? actor.Scope : null, ct);
        var stream = found is { Material: { Kind: MaterialKind.Pdf, PdfPath: { } path } } ? store.Open(path) : null;
        return stream is null ? TypedResults.NotFound() : TypedResults.File(stream, "application/pdf", found!.Value.Material.PdfName ?? "material.pdf");
    }

    public static async Task<Results<PlainSheetFile, ProblemHttpResult>> ExportAsync(HttpContext http, PartyStudyQueries queries, AuditLog audit,
        IStringLocalizer<SharedResource> L, [FromQuery] long? material, [FromQuery] string? progress, CancellationToken ct)
    {
        if (progress is not null && !ExportProgress.IsToken(progress))
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, L["Export.BadProgress"]);
        }
        var actor = WorkflowActor.From(http.User);
        var rows = await queries.ProgressAsync(actor.Scope, material, ct);
        await audit.WriteAsync(PartyStudyAudit.Exported, http.User.FindFirstValue(ClaimTypes.NameIdentifier), actor.Name, "party-study",
            $"{rows.Count} {material}".Trim(), ct: ct);
        PlainSheet.Column[] columns =
        [
            new(L["PartyStudy.Member"]), new(L["PartyStudy.Community"], 18), new(L["PartyStudy.Material"], 30), new(L["PartyStudy.State"]),
            new(L["PartyStudy.Minutes"], 10, "0"), new(L["PartyStudy.Score"], 10), new(L["PartyStudy.Attempts"], 10, "0"),
        ];
        var sheet = new PlainSheet.Sheet(L["PartyStudy.Progress"], columns, PlainSheet.Listed(rows.Select(r => new object?[]
        {
            PartyStudyQueries.MaskedName(r.MemberName), r.Community, r.MaterialTitle, L["PartyStudy.State." + r.State].Value, r.Minutes, r.BestScore, r.QuizAttempts,
        })));
        return new PlainSheetFile("party-study.xlsx", [sheet], rows.Count, progress);
    }
}
