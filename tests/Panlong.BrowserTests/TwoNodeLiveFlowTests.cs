using Microsoft.Playwright;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// Two portal processes on one PostgreSQL database: a case reported on node A shows on a leader's board served by node B,
/// carried by LISTEN/NOTIFY (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class TwoNodeLiveFlowTests(BrowserFixture browser)
{
    private static readonly TimeSpan Readiness = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Report_OnNodeA_AppearsOnTheBoardOfNodeB_WithinASecond()
    {
        // Disposed last: the database is dropped after both nodes have stopped.
        await using var database = TestDatabase.Postgres();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings__Postgres"] = database.Settings.ConnectionString,
        };
        await using var nodeA = PortalProcess.Start(settings);
        await using var nodeB = PortalProcess.Start(settings);
        await Task.WhenAll(nodeA.WaitUntilReadyAsync(Readiness), nodeB.WaitUntilReadyAsync(Readiness));

        var board = await browser.NewPageAsync(portal: nodeB);
        await BrowserFixture.SignInAsync(board, "leader");
        await board.GotoAsync("/cases/board");
        await board.WaitForSelectorAsync("[data-testid=board]");

        var phone = await browser.NewPageAsync(390, 844, mobile: true, portal: nodeA);
        await BrowserFixture.SignInAsync(phone, "inspector");
        await phone.GotoAsync("/cases/report");
        await phone.WaitForSelectorAsync("[data-testid=district-map][data-ready=true]");
        await phone.ClickAsync("[data-testid=report-category]");
        await phone.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        // The choice's own render (the list closing, the form redrawn) lands before the typing, as it does for a person; on a
        // loaded machine a fill sent earlier was overwritten by it.
        await Assertions.Expect(phone.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await phone.FillAsync("[data-testid=report-description]", "两个节点：路口堆放生活垃圾");
        await Assertions.Expect(phone.Locator("[data-testid=report-description]")).ToHaveValueAsync("两个节点：路口堆放生活垃圾");
        await phone.Locator("[data-testid=district-map]").ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=report-position]")).ToContainTextAsync(".");
        await phone.ClickAsync("[data-testid=report-submit]");
        await phone.WaitForURLAsync("**/cases/AJ*");
        var number = (await phone.Locator("[data-testid=case-number]").InnerTextAsync()).Trim();

        // The report's save has returned on A; B's board follows within the live update's deadline, without a reload.
        await Assertions.Expect(board.Locator("[data-testid=board-newest]")).ToContainTextAsync(number, new() { Timeout = 1_000 });
        await board.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("17-livebus-board-node-b.png"), FullPage = true });
    }
}
