using System.Net;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>Issue 16 defect 9: the statistics page's lists as Excel, for the same dates and the caller's own scope.</summary>
[Collection(nameof(PortalCollection))]
public class ServiceStatisticsExportTests(PortalFactory portal)
{
    [Theory]
    [InlineData("clerk")]
    [InlineData("leader")]
    public async Task Export_HoldsThePagesListsForTheCallersScope(string userName)
    {
        var from = new DateOnly(2026, 1, 1);
        var to = new DateOnly(2026, 12, 31);
        var actor = WorkflowActor.From(await portal.PrincipalAsync(userName));
        var report = await portal.Services.GetRequiredService<ServiceStatistics>().ReportAsync(actor, from, to);

        var response = await (await portal.SignedInAsync(userName)).GetAsync($"{ServiceStatisticsExport.Path}?from=2026-01-01&to=2026-12-31");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(["按事项", "按审批部门", "按办理层级", "超期办件"], book.Worksheets.Select(w => w.Name).Take(4));
        Assert.Equal(report.ByItem.Select(f => f.Name), book.Worksheet(1).RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()));
        Assert.Equal(report.ByDepartment.Select(f => f.Name), book.Worksheet(2).RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()));
        Assert.Equal(report.Overdue.Count, book.Worksheet(4).RowsUsed().Count() - 1);
    }

    [Fact]
    public async Task Export_OfACaseWorker_IsForbidden()
    {
        var response = await (await portal.SignedInAsync("dispatcher")).GetAsync(ServiceStatisticsExport.Path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
