using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>The article's story through the real loop: a volunteer's report closes and the ledger awards the category's beans once.</summary>
public class CaseAwardTests
{
    private static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id, roles.ToHashSet(), new DataScope(scope));

    private static readonly WorkflowActor Station = Person("station", $"/530103/530103001/{Dongzhuang}/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler);
    private static readonly WorkflowActor Supervisor = Person("supervisor", "/530103/530103001/", Roles.Supervisor);
    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");
    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");

    [Fact]
    public async Task VolunteersReport_ClosedThroughTheLoop_AwardsTheCategorysBeansOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var volunteer = await VolunteerAsync(engine);
        var reporter = new WorkflowActor(volunteer.UserId, "刘志愿", new HashSet<string> { Roles.Volunteer }, DataScope.None);
        var cases = engine.Database.Get<CaseService>();
        int category;
        TestPlaces.GridPlace grid;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            grid = await TestPlaces.GridAsync(db, Dongzhuang);
            category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        }
        var report = await cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, "东庄路口", null, false, [Before]), reporter);
        var number = report.Number!;
        foreach (var (trigger, actor, data, photo) in new (string, WorkflowActor, Dictionary<string, object?>?, bool)[]
        {
            (CaseLoopContract.SendToVerify, Station, null, false), (CaseLoopContract.Verify, Supervisor, null, false), (CaseLoopContract.File, Station, null, false),
            (CaseLoopContract.Dispatch, Station, new() { [CaseVariables.HandlingUnit] = Dongzhuang }, false), (CaseLoopContract.Complete, Station, null, true),
            (CaseLoopContract.Pass, Supervisor, null, false), (CaseLoopContract.Close, Station, null, false),
        })
        {
            var acted = await cases.ActAsync(number, trigger, actor, new FireInput("意见", null, data), photo ? [After] : null);
            Assert.True(acted.Outcome == CaseActOutcome.Done, $"{trigger}: {acted.Refusal} {acted.Detail}");
        }

        var inbox = engine.Database.Get<PointsInbox>();
        Assert.Equal(1, await inbox.DeliverPendingAsync());
        Assert.Equal(0, await inbox.DeliverPendingAsync());

        await using var check = await engine.Database.Factory.CreateDbContextAsync();
        var account = await PointLedger.VolunteerAccountAsync(check, volunteer.Code);
        Assert.Equal(10, await PointLedger.BalanceAsync(check, account!.Id));
        var movement = await check.PointTransactions.SingleAsync(t => t.SourceType == "case" && t.SourceId == number);
        Assert.Equal(PointLedger.Award, movement.Action);
    }
}
