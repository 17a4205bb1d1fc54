using ClosedXML.Excel;
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
using static Panlong.Portal.Features.Documents.ListWorkbook;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// The service statistics page's lists as Excel (issue 16 defect 9): by item, by department, by level and the overdue
/// applications, for the same dates and under the caller's own scope (<see cref="ServiceStatistics.ReportAsync"/>);
/// applicants' names masked (docs/domain.md §5).
/// </summary>
public static class ServiceStatisticsExport
{
    public const string Path = "/api/services/statistics/export";

    public static IEndpointRouteBuilder MapServiceStatisticsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ExportAsync).RequireAuthorization(p => p.RequireRole(Roles.ServiceStaff.Split(','))).WithTags("Services").WithName("ServiceStatisticsExport")
            .WithSummary("The service statistics of the caller's scope for a date range as an Excel workbook, applicants masked");
        return app;
    }

    public static async Task<FileContentHttpResult> ExportAsync(HttpContext http, ServiceStatistics statistics, AuditLog audit, IStringLocalizer<SharedResource> L,
        TimeProvider clock, [FromQuery] DateOnly? from, [FromQuery] DateOnly? to, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        var end = to ?? ChinaTime.Today(clock);
        var report = await statistics.ReportAsync(actor, from ?? new DateOnly(end.Year, 1, 1), end, ct);
        await audit.WriteAsync(AuditActions.CasesExported, actor.UserId, actor.Name, "service-statistics", $"{report.From:yyyy-MM-dd}..{report.To:yyyy-MM-dd}", ct: ct);
        return TypedResults.File(Workbook(report, L), ListWorkbook.ContentType, "service-statistics.xlsx");
    }

    public static byte[] Workbook(ServiceReport report, IStringLocalizer<SharedResource> L)
    {
        using var workbook = new XLWorkbook();
        Column[] figures = [new(""), new(L["Services.Stats.Received"], "#,##0"), new(L["Services.Stats.Finished"], "#,##0"), new(L["Services.Stats.Approved"], "#,##0"),
            new(L["Services.Stats.OnTimeRate"]), new(L["Services.Stats.AverageDays"], "0.00")];
        object?[] Row(ServiceFigure f) => [f.Name, f.Received, f.Finished, f.Approved, Ratio.Format(f.OnTimeRate), f.AverageDays];
        Write(workbook.AddWorksheet(Sheet(L["Services.Stats.ByItem"])), figures, report.ByItem.Select(Row));
        Write(workbook.AddWorksheet(Sheet(L["Services.Stats.ByDepartment"])), figures, report.ByDepartment.Select(Row));
        Write(workbook.AddWorksheet(Sheet(L["Services.Stats.ByLevel"])), figures,
            report.ByLevel.Select(f => Row(f with { Name = L["ServiceLevel." + f.Key] })));
        Write(workbook.AddWorksheet(Sheet(L["Services.Stats.OverdueList"])),
            [new(L["Services.Table.Number"]), new(L["Services.Table.Item"]), new(L["Services.Application.Applicant"]), new(L["Services.Table.State"]), new(L["Services.Application.DueAt"])],
            report.Overdue.Select(a => new object?[]
            {
                a.Number, a.ServiceName, PersonalDataMask.Name(a.ApplicantName), a.StateName, a.DueAt is { } due ? ChinaTime.Format(due) : null,
            }));
        return Save(workbook);
    }

    // A sheet's name is at most 31 characters and has none of : \ / ? * [ ].
    private static string Sheet(string name) => new(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).Take(31).ToArray());
}
