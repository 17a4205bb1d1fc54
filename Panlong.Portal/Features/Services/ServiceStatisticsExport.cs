using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Portal.Features.Documents.PlainSheet;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// The service statistics page's lists as Excel (issue 16 defect 9): by item, by department, by level and every overdue
/// application, for the same dates and under the caller's own scope (<see cref="ServiceStatistics.ReportAsync"/>);
/// applicants' names masked (docs/domain.md §5).
/// </summary>
public static class ServiceStatisticsExport
{
    public const string Path = "/api/services/statistics/export";

    public static IEndpointRouteBuilder MapServiceStatisticsExport(this IEndpointRouteBuilder app)
    {
        ListExport.Of(app.MapGet(Path, ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.ServiceStaff.Split(','))).WithTags("Services").WithName("ServiceStatisticsExport")
            .WithSummary("The service statistics of the caller's scope for a date range as an Excel workbook, applicants masked"));
        return app;
    }

    public static async Task<PlainSheetFile> ExportAsync(HttpContext http, ServiceStatistics statistics, AuditLog audit, IStringLocalizer<SharedResource> L,
        TimeProvider clock, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, [FromQuery] string? progress, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        var end = to ?? ChinaTime.Today(clock);
        var report = await statistics.ReportAsync(actor, from ?? new DateOnly(end.Year, 1, 1), end, ct);
        await audit.WriteAsync(AuditActions.CasesExported, actor.UserId, actor.Name, "service-statistics", $"{report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}", ct: ct);
        var total = report.ByItem.Count + report.ByDepartment.Count + report.ByLevel.Count + report.OverdueCount;
        return new PlainSheetFile("service-statistics.xlsx", Sheets(report, statistics.AllOverdueAsync(actor, ct), L), total, progress);
    }

    /// <summary>
    /// The page's four lists, each a sheet of the one streamed workbook (docs/decisions/0043-streamed-exports.md): the three
    /// tables of figures as the page shows them, and every application overdue now (the page lists the first 50).
    /// </summary>
    public static IReadOnlyList<Sheet> Sheets(ServiceReport report, IAsyncEnumerable<ApplicationRow> overdue, IStringLocalizer<SharedResource> L)
    {
        Column[] figures = [new("", 24), new(L["Services.Stats.Received"], 12, "#,##0"), new(L["Services.Stats.Finished"], 12, "#,##0"),
            new(L["Services.Stats.Approved"], 12, "#,##0"), new(L["Services.Stats.OnTimeRate"], 12), new(L["Services.Stats.AverageDays"], 12, "0.00")];
        object?[] Row(ServiceFigure f) => [f.Name, f.Received, f.Finished, f.Approved, Ratio.Format(f.OnTimeRate), f.AverageDays];
        return
        [
            new(L["Services.Stats.ByItem"], figures, Listed(report.ByItem.Select(Row))),
            new(L["Services.Stats.ByDepartment"], figures, Listed(report.ByDepartment.Select(Row))),
            new(L["Services.Stats.ByLevel"], figures, Listed(report.ByLevel.Select(f => Row(f with { Name = L["ServiceLevel." + f.Key] })))),
            new(L["Services.Stats.OverdueList"],
                [new(L["Services.Table.Number"], 18), new(L["Services.Table.Item"], 24), new(L["Services.Application.Applicant"]), new(L["Services.Table.State"]),
                    new(L["Services.Application.DueAt"], 18)],
                OverdueRows(overdue)),
        ];
    }

    private static async IAsyncEnumerable<object?[]> OverdueRows(IAsyncEnumerable<ApplicationRow> overdue)
    {
        await foreach (var a in overdue)
        {
            yield return [a.Number, a.ServiceName, PersonalDataMask.Name(a.ApplicantName), a.StateName, a.DueAt is { } due ? ChinaTime.Format(due) : null];
        }
    }
}
