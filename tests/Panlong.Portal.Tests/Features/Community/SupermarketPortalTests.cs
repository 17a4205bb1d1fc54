using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Portal.Features.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>The demo 爱心超市 of 东庄社区 (made through the service by the demo seed) and its keeper's statement (docs/decisions/0054-supermarket.md).</summary>
[Collection(nameof(PortalCollection))]
public class SupermarketPortalTests(PortalFactory portal)
{
    private SupermarketQueries Queries => portal.Services.GetRequiredService<SupermarketQueries>();

    private async Task<DateOnly> DemoMonthAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var first = await db.SupermarketOrders.OrderBy(o => o.Id).Select(o => o.CreatedAt).FirstAsync();
        return ChinaTime.DateOf(first);
    }

    [Fact]
    public async Task Statement_OfTheDemoKeeper_HasTheDemoRedemptions_AndItsBeansMatchTheLedger()
    {
        var keeper = WorkflowActor.From(await portal.PrincipalAsync("keeper.dongzhuang"));
        var month = await DemoMonthAsync();

        var s = await Queries.StatementAsync(keeper, month.Year, month.Month);

        Assert.NotNull(s);
        Assert.True(s.Redemptions >= 2 && s.HandOvers >= 1, $"{s.Redemptions} {s.HandOvers}");
        Assert.Equal(s.RedeemedBeans - s.RefundedBeans, s.BeansReceived);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var account = await db.PointAccounts.SingleAsync(a => a.Kind == PointAccountKind.Supermarket && a.Owner == "530103001001");
        Assert.Equal(await db.PointEntries.Where(e => e.AccountId == account.Id).SumAsync(e => (long)e.Amount), s.BeansReceived);
        Assert.Contains(s.Movements, m => m.Kind == StockMovementKind.Listed);
    }

    [Fact]
    public async Task Statement_OfAnotherRole_IsNone_AndTheKeepersFilesCarryTheSameFigures()
    {
        var month = await DemoMonthAsync();
        var gridWorker = WorkflowActor.From(await portal.PrincipalAsync("gridworker"));
        Assert.Null(await Queries.StatementAsync(gridWorker, month.Year, month.Month));

        var keeper = await portal.SignedInAsync("keeper.dongzhuang");
        var pdf = await keeper.GetAsync(SupermarketApi.PdfLink(month.Year, month.Month));
        var xlsx = await keeper.GetAsync($"/api/supermarket/statement.xlsx?year={month.Year}&month={month.Month}");
        var bad = await keeper.GetAsync(SupermarketApi.PdfLink(month.Year, 13));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NotFound), (pdf.StatusCode, xlsx.StatusCode, bad.StatusCode));
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..4]), StringComparison.Ordinal);
        using var book = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync()));
        var statement = await Queries.StatementAsync(WorkflowActor.From(await portal.PrincipalAsync("keeper.dongzhuang")), month.Year, month.Month);
        var figures = book.Worksheet(1).RowsUsed().Skip(1).Select(r => r.Cell(2).GetValue<long>()).ToList();
        Assert.Equal([statement!.Redemptions, statement.RedeemedBeans, statement.HandOvers, statement.Cancellations, statement.RefundedBeans, statement.BeansReceived,
            statement.Movements.Count], figures);
    }
}
