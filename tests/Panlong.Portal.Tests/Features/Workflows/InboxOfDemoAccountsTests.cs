using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Tests.Features.Cases;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Portal.Tests.Features.Workflows;

/// <summary>
/// Issue 16 defect 10: at every step of the case loop, each demo account that can act on the case finds it in 我的待办 and
/// on the case desk's 我的待办 tab — and no step waits where nobody's inbox shows it (docs/decisions/0037-who-can-act-on-a-task.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class InboxOfDemoAccountsTests(PortalFactory portal)
{
    private CaseService Cases => portal.Services.GetRequiredService<CaseService>();

    private async Task<WorkflowActor> ActorAsync(string userName) => WorkflowActor.From(await portal.PrincipalAsync(userName));

    private Task<string> ReportAsync(string communityCode) => ResidentReports.ReportAsync(portal, communityCode, "人行道上堆放建筑垃圾");

    /// <summary>Each demo account that may do the step (not only oversee it) has the case in its inbox and on its desk's first tab.</summary>
    private async Task<List<string>> CheckStepAsync(string number)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var instanceId = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        var tasks = portal.Services.GetRequiredService<WorkTaskService>();
        var queries = portal.Services.GetRequiredService<CaseQueries>();
        var shownTo = new List<string>();
        foreach (var account in DemoAccounts.All)
        {
            var actor = await ActorAsync(account.UserName);
            var actions = (await Cases.ActionsAsync(instanceId, actor)).Select(a => a.Trigger).ToList();
            var inbox = (await tasks.InboxAsync(actor, pageSize: 500)).Items.Any(i => i.InstanceId == instanceId);
            var below = (await tasks.InboxAsync(actor, includeSubordinate: true, pageSize: 500)).Items.Any(i => i.InstanceId == instanceId);
            var desk = (await queries.ListAsync(actor, new CaseFilter(CaseListKind.MyWork), 0, 500)).Rows.Any(r => r.Number == number);
            var work = actions.Except([CaseLoopContract.TakeOver, CaseLoopContract.Urge]).ToList();
            if (work.Count > 0)
            {
                Assert.True(inbox && desk, $"{account.UserName} may {string.Join("/", work)} but its inbox ({inbox}) or desk ({desk}) misses {number}");
            }
            if (actions.Count > 0)
            {
                Assert.True(below, $"{account.UserName} may {string.Join("/", actions)} but its inbox with the units below misses {number}");
            }
            Assert.Equal(inbox, desk);
            if (inbox)
            {
                Assert.NotEmpty(actions);
                shownTo.Add(account.UserName);
            }
        }
        Assert.True(shownTo.Count > 0, $"{number} waits where no demo account's inbox shows it");
        return shownTo;
    }

    private async Task ActAsync(string number, string trigger, string userName, Dictionary<string, object?>? data = null)
    {
        var input = new FireInput("已办", trigger == CaseLoopContract.Complete ? ["demo/after.jpg"] : null, data);
        var result = await Cases.ActAsync(number, trigger, await ActorAsync(userName), input);
        Assert.True(result.Outcome == CaseActOutcome.Done, $"{userName} {trigger}: {result.Refusal} {result.Detail}");
    }

    /// <summary>Checks the step, then has the account that should act do so — and that account must be among those whose inbox shows it.</summary>
    private async Task WalkAsync(string number, params (string Trigger, string UserName, string? HandlingUnit)[] steps)
    {
        foreach (var (trigger, userName, unit) in steps)
        {
            Assert.Contains(userName, await CheckStepAsync(number));
            await ActAsync(number, trigger, userName, unit is null ? null : new() { [CaseVariables.HandlingUnit] = unit });
        }
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.Equal(CaseStatus.Closed, await db.Cases.Where(c => c.Number == number).Select(c => c.Status).SingleAsync());
    }

    [Fact]
    public async Task CaseLoop_InTheStaffedCommunity_EveryStepIsInTheInboxOfWhoeverDoesIt() => await WalkAsync(await ReportAsync("530103001001"),
        (CaseLoopContract.SendToVerify, "station.dongzhuang", null), (CaseLoopContract.Verify, "supervisor", null),
        (CaseLoopContract.File, "station.dongzhuang", null), (CaseLoopContract.Dispatch, "station.dongzhuang", "530103001001"),
        (CaseLoopContract.Complete, "station.dongzhuang", null), (CaseLoopContract.Pass, "supervisor", null), (CaseLoopContract.Close, "station.dongzhuang", null));

    /// <summary>The station of this community has no accounts: the case is in the street sub-center's inbox, which takes it over (上收).</summary>
    [Fact]
    public async Task NewCase_InACommunityWithoutStaff_IsInTheStreetSubCentersInbox_WhichTakesItOver() => await WalkAsync(await ReportAsync("530103001002"),
        (CaseLoopContract.TakeOver, "center.tuodong", null), (CaseLoopContract.SendToVerify, "center.tuodong", null), (CaseLoopContract.Verify, "supervisor", null),
        (CaseLoopContract.File, "center.tuodong", null), (CaseLoopContract.Dispatch, "dispatcher.tuodong", "530103001"),
        (CaseLoopContract.Complete, "team.tuodong", null), (CaseLoopContract.Pass, "supervisor", null), (CaseLoopContract.Close, "center.tuodong", null));
}
