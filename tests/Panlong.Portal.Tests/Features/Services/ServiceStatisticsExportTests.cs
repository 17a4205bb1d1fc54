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
        // An empty list is its header and a note saying so (ADR 51).
        IEnumerable<string> Listed(int sheet) => book.Worksheet(sheet).RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()).Where(c => c != "（此清单在所选条件下没有记录）");
        Assert.Equal(report.ByItem.Select(f => f.Name), Listed(1));
        Assert.Equal(report.ByDepartment.Select(f => f.Name), Listed(2));
        // Every overdue application, not the page's first 50 (ADR 51).
        Assert.Equal(report.OverdueCount, Listed(4).Count());
    }

    [Fact]
    public async Task Export_OfACaseWorker_IsForbidden()
    {
        var response = await (await portal.SignedInAsync("dispatcher")).GetAsync(ServiceStatisticsExport.Path);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("您没有导出此清单的权限", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
