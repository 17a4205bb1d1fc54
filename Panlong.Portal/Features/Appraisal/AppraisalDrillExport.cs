using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>
/// The drill-down's list of cases as Excel (issue 16 defect 9): the page's own query, checked against the leader's scope
/// as the page checks it (<see cref="AppraisalQueries.ScopeAsync"/>); a link outside it answers 404 as the page shows nothing.
/// </summary>
public static class AppraisalDrillExport
{
    public const string Path = "/appraisal/cases/export";

    public static IEndpointRouteBuilder MapAppraisalDrillExport(this IEndpointRouteBuilder app)
    {
        ListExport.Of(app.MapGet(Path, ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.Leader)).WithTags("Appraisal").WithName("AppraisalDrillExport")
            .WithSummary("The cases behind an appraisal figure as an Excel workbook, personal data masked, every row streamed; not found outside the leader's scope"));
        return app;
    }

    public static async Task<Results<PlainSheetFile, NotFound>> ExportAsync(HttpContext http, AppraisalQueries queries, AuditLog audit,
        IStringLocalizer<SharedResource> L, [FromQuery] string? period, [FromQuery] string? scope, [FromQuery] string? kind, [FromQuery] string? person,
        [FromQuery] string? unit, [FromQuery] string? region, [FromQuery] string? onTime, [FromQuery(Name = "public")] string? isPublic, [FromQuery] string? due,
        [FromQuery] string? closed, [FromQuery] string? earlier, [FromQuery] string? progress, CancellationToken ct)
    {
        if (AppraisalDrill.Parse(period, scope, kind, person, unit, region, onTime, isPublic, due, closed, earlier) is not { } drill
            || await queries.ScopeAsync(DataScope.For(http.User), drill, ct) is not { } scoped)
        {
            return TypedResults.NotFound();
        }
        // The count for the audit row and the progress bar; the rows themselves are one streamed query (ADR 51), not pages.
        var total = (await queries.CasesAsync(scoped.Period, scoped.Scope.ScopePath, scoped.Filter, 0, 1, ct)).Total;
        var actor = WorkflowActor.From(http.User);
        await audit.WriteAsync(AuditActions.CasesExported, actor.UserId, actor.Name, "appraisal-cases", $"{total} {drill.Url}", ct: ct);
        var rows = queries.AllCasesAsync(scoped.Period, scoped.Scope.ScopePath, scoped.Filter, ct);
        return new PlainSheetFile("cases.xlsx", [CaseExport.Sheet(rows, L)], total, progress);
    }
}
