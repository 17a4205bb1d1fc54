using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Data.Organization;
using Panlong.Workflows.Demo;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Panlong.BrowserTests;

/// <summary>
/// Two portal processes on one PostgreSQL database behind HAProxy (<see cref="TwoNodeCluster"/>), started together once for
/// three checks in this order: they came up with one copy of the data, a case reported on one shows on the other's board,
/// and one killed under load loses nothing (KillOneNodeTests.cs), which leaves a single node and so comes last.
/// </summary>
[Collection(nameof(OwnPortalCollection))]
[TestCaseOrderer(StepOrderer.Name, StepOrderer.Assembly)]
public partial class TwoNodeTests(OwnPortalBrowserFixture browser, TwoNodeClusterFixture nodes, ITestOutputHelper output) : IClassFixture<TwoNodeClusterFixture>
{
    /// <summary>As an operator starts several nodes (docs/operations.md): both at once on an empty database, behind the start-up lock.</summary>
    [Fact]
    [Step(1)]
    public async Task TwoNodes_StartingTogetherOnAnEmptyPostgresDatabase_BothComeUpWithOneCopyOfTheData()
    {
        await using var db = await nodes.Cluster.Database.Factory.CreateDbContextAsync();
        Assert.Equal(DistrictPlan.Build().Count, await db.OrgUnits.CountAsync());
        Assert.Equal(1, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.District));
        // The demo district (Development) was seeded once too, under the same lock: the demo accounts, the demo volunteers' own
        // the law clinic's volunteer lawyer and the 楼栋长 (ADR 95).
        Assert.Equal(DemoAccounts.All.Count + DemoVolunteers.Count + 2, await db.Users.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync(u => u.UserName == VoiceDemo.LawyerUserName));
    }

    /// <summary>
    /// A case reported on node A shows on a leader's board served by node B, carried by LISTEN/NOTIFY
    /// (docs/decisions/0045-live-updates-across-nodes.md).
    /// </summary>
    [Fact]
    [Step(2)]
    public async Task Report_OnNodeA_AppearsOnTheBoardOfNodeB_WithinASecond()
    {
        var board = await browser.NewPageAsync(portal: nodes.Cluster.Nodes["b"]);
        await BrowserFixture.SignInAsync(board, "leader");
        await BrowserFixture.OpenAsync(board, "/cases/board");
        await board.WaitVisibleAsync("[data-testid=board]");

        var phone = await browser.NewPageAsync(390, 844, mobile: true, portal: nodes.Cluster.Nodes["a"]);
        await BrowserFixture.SignInAsync(phone, "inspector");
        await phone.GotoAsync("/cases/report");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = BrowserFixture.LiveTimeout });
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
        await board.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }
}

/// <summary>Where a test stands in its class's <see cref="StepOrderer"/> order.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class StepAttribute(int order) : Attribute
{
    public int Order { get; } = order;
}

/// <summary>
/// Runs a class's tests by their <see cref="StepAttribute"/>, for a class whose tests share something one of them ends (the
/// two-node cluster a test kills a node of): the order is stated, not the default's arbitrary one.
/// </summary>
public sealed class StepOrderer : ITestCaseOrderer
{
    public const string Name = "Panlong.BrowserTests.StepOrderer";
    public const string Assembly = "Panlong.BrowserTests";

    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases) where TTestCase : ITestCase =>
        testCases.OrderBy(t => t.TestMethod.Method.GetCustomAttributes(typeof(StepAttribute).AssemblyQualifiedName)
            .Select(a => a.GetConstructorArguments().Cast<int>().First()).DefaultIfEmpty(int.MaxValue).First());
}
