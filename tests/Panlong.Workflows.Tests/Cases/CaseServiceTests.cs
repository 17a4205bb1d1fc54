using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Cases;

/// <summary>
/// The case service as pages and APIs call it: an action is taken on the version the user saw, and a decision's audit
/// row is written in the decision's own transaction (docs/decisions/0017-one-service-per-feature.md).
/// </summary>
public class CaseServiceTests : IAsyncLifetime
{
    private static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id, roles.ToHashSet(), new DataScope(scope));

    private static readonly WorkflowActor Supervisor = Person("supervisor", "/530103/530103001/", Roles.Supervisor);
    // Two people of the Tuodong sub-center with the same page open.
    private static readonly WorkflowActor LeadA = Person("tuodong-a", "/530103/530103001/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);
    private static readonly WorkflowActor LeadB = Person("tuodong-b", "/530103/530103001/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);

    private TestEngine _engine = null!;
    private CaseService Cases => _engine.Database.Get<CaseService>();

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    /// <summary>A street case reported and accepted, waiting at 立案 for a shift lead.</summary>
    private async Task<string> FilingCaseAsync()
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var report = await Cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, null, null), Supervisor);
        Assert.True(report.Ok);
        Assert.Equal(CaseActOutcome.Done, (await Cases.ActAsync(report.Number!, "Accept", LeadA, new FireInput())).Outcome);
        return report.Number!;
    }

    /// <summary>What the page rendered: the case's instance version.</summary>
    private async Task<Guid> VersionAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        return await db.ProcessInstances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync();
    }

    private async Task<int> AuditRowsAsync(string action, string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == action && a.Target == number);
    }

    [Fact]
    public async Task Act_WithTheVersionAnotherUserHasActedOn_IsRefusedAsChangedBySomeoneElse()
    {
        var number = await FilingCaseAsync();
        var seen = await VersionAsync(number);

        var a = await Cases.ActAsync(number, "File", LeadA, new FireInput(), seenVersion: seen);
        // B's page still shows 立案 as open; 立案 again would be refused anyway, so B takes the step after it.
        var b = await Cases.ActAsync(number, "RequestVoid", LeadB, new FireInput("重复上报"), seenVersion: seen);

        Assert.Equal(CaseActOutcome.Done, a.Outcome);
        Assert.Equal((CaseActOutcome.Refused, Refusal.ChangedBySomeoneElse), (b.Outcome, b.Refusal));
        Assert.Equal(CaseActOutcome.Done, (await Cases.ActAsync(number, "RequestVoid", LeadB, new FireInput("重复上报"), seenVersion: a.Version)).Outcome);
    }

    [Fact]
    public async Task Act_OnACaseTheActorCannotSee_IsNotFound()
    {
        var number = await FilingCaseAsync();
        var gulou = Person("gulou", "/530103/530103002/", Roles.ShiftLead);

        Assert.Equal(CaseActOutcome.NotFound, (await Cases.ActAsync(number, "File", gulou, new FireInput(), seenVersion: await VersionAsync(number))).Outcome);
    }

    [Fact]
    public async Task Decision_WhenDone_WritesExactlyOneAuditRow_AndWhenStale_WritesNone()
    {
        var number = await FilingCaseAsync();
        var seen = await VersionAsync(number);

        var declined = await Cases.ActAsync(number, "Decline", LeadA, new FireInput("不属于城市管理范围"), seenVersion: seen);
        var stale = await Cases.ActAsync(number, "Decline", LeadB, new FireInput("重复上报"), seenVersion: seen);

        Assert.Equal(CaseActOutcome.Done, declined.Outcome);
        Assert.Equal(Refusal.ChangedBySomeoneElse, stale.Refusal);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var row = await db.AuditEntries.SingleAsync(a => a.Action == "Case.Decline" && a.Target == number);
        Assert.Equal(("tuodong-a", "不属于城市管理范围"), (row.UserId, row.Detail));
    }

    [Fact]
    public async Task Decision_RefusedByTheRules_WritesNoAuditRow()
    {
        var number = await FilingCaseAsync();

        // 不予立案 needs a comment: refused, and the audit log says nothing happened.
        var refused = await Cases.ActAsync(number, "Decline", LeadA, new FireInput(), seenVersion: await VersionAsync(number));

        Assert.Equal(Refusal.CommentRequired, refused.Refusal);
        Assert.Equal(0, await AuditRowsAsync("Case.Decline", number));
    }
}
