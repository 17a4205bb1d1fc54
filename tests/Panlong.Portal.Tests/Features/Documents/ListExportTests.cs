using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Registry;
using Panlong.Portal.Tests.Features.Cases;

namespace Panlong.Portal.Tests.Features.Documents;

/// <summary>
/// Every list's export goes the one streamed way (docs/decisions/0051-every-list-export-streams.md): progress under the
/// page's token for each of them, a refusal that says why, an empty list that says so, the drill-down's rows and scope.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ListExportTests(PortalFactory portal)
{
    private const string EmptyNote = "（此清单在所选条件下没有记录）";

    private static readonly string Year = ChinaTime.Today(TimeProvider.System).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("leader", "/api/cases/export?kind=Area")]
    [InlineData("leader", "/appraisal/cases/export?period={year}&scope=530103&kind=Reported")]
    [InlineData("clerk", "/api/services/statistics/export?from={year}-01-01&to={year}-12-31")]
    [InlineData("auditadmin", "/admin/audit/export.xlsx?action=SignIn")]
    [InlineData("auditadmin", "/admin/audit/export.csv?action=SignIn")]
    public async Task Export_WithAProgressToken_TellsThePageEveryRowItWrote(string userName, string path)
    {
        await portal.SignedInAsync("dispatcher"); // a sign-in, so the audit range is not empty
        var user = (await portal.PrincipalAsync(userName)).FindFirstValue(ClaimTypes.NameIdentifier)!;
        var token = ExportProgress.NewToken();

        var response = await (await portal.SignedInAsync(userName)).GetAsync(ExportProgress.Link(path.Replace("{year}", Year, StringComparison.Ordinal), token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var rows = path.Contains(".csv", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(bytes).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1
            : new XLWorkbook(new MemoryStream(bytes)).Worksheets.Sum(w => w.RowsUsed().Skip(1).Count(r => r.Cell(1).GetString() != EmptyNote));
        var state = portal.Services.GetRequiredService<ExportProgress>().Get(user, token);
        Assert.Equal(new ExportState(rows, rows, Done: true, Stopped: false), state);
    }

    [Theory]
    [InlineData("dispatcher", PeopleExport.Path)]
    [InlineData("sysadmin", "/api/cases/export")]
    [InlineData("clerk", "/appraisal/cases/export?period=2026&scope=530103")]
    [InlineData("dispatcher", "/api/services/statistics/export")]
    [InlineData("secadmin", "/admin/audit/export.xlsx")]
    [InlineData("secadmin", "/admin/audit/export.csv")]
    public async Task Export_ByARoleThatMayNotMakeIt_IsRefusedWithASentenceSayingWhy(string userName, string path)
    {
        var response = await (await portal.SignedInAsync(userName)).GetAsync(path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.StartsWith("您没有导出此清单的权限", problem!.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_OfAListWithoutRows_IsItsHeaderAndANote()
    {
        var nothing = "无此案件" + Guid.NewGuid().ToString("N")[..8];

        var bytes = await (await portal.SignedInAsync("leader")).GetByteArrayAsync($"/api/cases/export?kind=Area&q={Uri.EscapeDataString(nothing)}");

        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = Assert.Single(book.Worksheets);
        Assert.Equal("案件编号", sheet.Cell(1, 1).GetString());
        Assert.Equal(EmptyNote, sheet.Cell(2, 1).GetString());
        Assert.Equal(2, sheet.RowsUsed().Count());
    }

    [Fact]
    public async Task DrillExport_HoldsTheDrillDownsCasesMasked_AndNothingOfAnotherStreet()
    {
        var number = await ResidentReports.ReportAsync(portal, "530103001", "钻取导出核对，联系电话13912345678");
        var principal = await portal.PrincipalAsync("leader.tuodong");
        var queries = portal.Services.GetRequiredService<AppraisalQueries>();
        var drill = AppraisalDrill.Parse(Year, "530103001", "Reported", null, null, null, null, null, null, null, null)!;
        var scoped = (await queries.ScopeAsync(DataScope.For(principal), drill))!;
        var expected = await queries.CasesAsync(scoped.Period, scoped.Scope.ScopePath, scoped.Filter, 0, 100_000);
        var client = await portal.SignedInAsync("leader.tuodong");

        var bytes = await client.GetByteArrayAsync($"{AppraisalDrillExport.Path}?period={Year}&scope=530103001&kind=Reported");
        var elsewhere = await client.GetAsync($"{AppraisalDrillExport.Path}?period={Year}&scope=530103002&kind=Reported");

        using var book = new XLWorkbook(new MemoryStream(bytes));
        var rows = book.Worksheet(1).RowsUsed().Skip(1).ToList();
        Assert.Equal(expected.Rows.Select(r => r.Number), rows.Select(r => r.Cell(1).GetString()));
        var reported = Assert.Single(rows, r => r.Cell(1).GetString() == number);
        Assert.Contains("139****5678", reported.Cell(3).GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(rows, r => r.Cell(3).GetString().Contains("13912345678", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task DrillCasesStreamed_AreEveryPageOfTheDrillDownInItsOrder()
    {
        for (var i = 0; i < 3; i++)
        {
            await ResidentReports.ReportAsync(portal, "530103001", $"钻取流式导出核对 {i}");
        }
        var queries = portal.Services.GetRequiredService<AppraisalQueries>();
        var drill = AppraisalDrill.Parse(Year, "530103001", "Reported", null, null, null, null, null, null, null, null)!;
        var scoped = (await queries.ScopeAsync(DataScope.For(await portal.PrincipalAsync("leader.tuodong")), drill))!;
        var paged = new List<string>();
        for (var page = 0; ; page++)
        {
            var rows = (await queries.CasesAsync(scoped.Period, scoped.Scope.ScopePath, scoped.Filter, page, 2)).Rows;
            paged.AddRange(rows.Select(r => r.Number));
            if (rows.Count < 2)
            {
                break;
            }
        }

        var streamed = new List<string>();
        await foreach (var row in queries.AllCasesAsync(scoped.Period, scoped.Scope.ScopePath, scoped.Filter))
        {
            streamed.Add(row.Number);
        }

        Assert.True(paged.Count >= 3);
        Assert.Equal(paged, streamed);
        Assert.Equal(streamed.Count, streamed.Distinct().Count());
    }
}
