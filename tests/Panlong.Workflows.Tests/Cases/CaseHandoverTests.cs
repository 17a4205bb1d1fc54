using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Workflows.Tests.Cases;

/// <summary>
/// Issue 23: a case pushed down or taken over is really handed over — only the owning level acts on its steps; a higher
/// level uses 上收 or 督办, audited; racers and the wrong role get clear answers; extensions have a category limit.
/// </summary>
public class CaseHandoverTests : IAsyncLifetime
{
    private const string Dongzhuang = "530103001001";
    private const string Tuodong = "530103001";
    private const string Enforcement = "530103-BM01";

    private static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id, roles.ToHashSet(), new DataScope(scope));

    private static readonly WorkflowActor Inspector = Person("inspector", "/530103/", Roles.Inspector);
    private static readonly WorkflowActor Acceptor = Person("acceptor", "/530103/", Roles.Acceptor);
    private static readonly WorkflowActor ShiftLead = Person("shiftlead", "/530103/", Roles.ShiftLead);
    private static readonly WorkflowActor Dispatcher = Person("dispatcher", "/530103/", Roles.Dispatcher);
    private static readonly WorkflowActor Handler = Person("handler", $"/530103/{Enforcement}/", Roles.DepartmentHandler);
    private static readonly WorkflowActor StreetCenter = Person("tuodong-center", $"/530103/{Tuodong}/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);
    private static readonly WorkflowActor Station = Person("station", $"/530103/{Tuodong}/{Dongzhuang}/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler);
    private static readonly WorkflowActor GridWorker = Person("gridworker", $"/530103/{Tuodong}/{Dongzhuang}/", Roles.GridWorker);

    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");
    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");

    private Engine _engine = null!;

    private CaseService Cases => _engine.Database.Get<CaseService>();

    public async Task InitializeAsync() => _engine = await Engine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private static async Task<string> ReportAsync(Engine engine, WorkflowActor reporter, bool selfHandled = false)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var photos = selfHandled ? new[] { Before, After } : new[] { Before };
        var result = await engine.Database.Get<CaseService>().ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, null, null, selfHandled, photos), reporter);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    private Task<string> ReportAsync(WorkflowActor reporter, bool selfHandled = false) => ReportAsync(_engine, reporter, selfHandled);

    private async Task ActAsync(string number, string trigger, WorkflowActor actor, string? comment = null, Dictionary<string, object?>? data = null, bool photo = false)
    {
        var result = await Cases.ActAsync(number, trigger, actor, new FireInput(comment, null, data), photo ? [After] : null);
        Assert.True(result.Outcome == CaseActOutcome.Done, $"{trigger} by {actor.Name}: {result.Refusal} {result.Detail}");
    }

    private async Task<CaseActResult> TryAsync(string number, string trigger, WorkflowActor actor, string? comment = "意见", Dictionary<string, object?>? data = null) =>
        await Cases.ActAsync(number, trigger, actor, new FireInput(comment, null, data));

    private async Task<Case> LoadAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.Cases.SingleAsync(c => c.Number == number);
    }

    private async Task<Guid> VersionAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        return await db.ProcessInstances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync();
    }

    private static Dictionary<string, object?> To(string unit) => new() { [CaseVariables.HandlingUnit] = unit };

    [Fact]
    public async Task StationCase_DistrictStaff_CanNeitherAcceptFileDispatchNorCloseIt()
    {
        var number = await ReportAsync(GridWorker);
        Assert.Equal((CaseLevel.Community, Dongzhuang), ((await LoadAsync(number)).Level, (await LoadAsync(number)).HubCode));
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.Accept, Acceptor)).Refusal);
        await ActAsync(number, CaseLoopContract.Accept, Station);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.File, ShiftLead)).Refusal);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.File, StreetCenter)).Refusal);
        await ActAsync(number, CaseLoopContract.File, Station);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Dongzhuang))).Refusal);
        // The district's own buttons on it are the oversight ones only.
        var district = await Cases.ActionsAsync((await LoadAsync(number)).InstanceId, Dispatcher);
        Assert.Equal([CaseLoopContract.TakeOver, CaseLoopContract.Urge], district.Select(a => a.Trigger).Order());

        var selfHandled = await ReportAsync(GridWorker, selfHandled: true);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(selfHandled, CaseLoopContract.ConfirmSelfHandled, Acceptor)).Refusal);
        await ActAsync(selfHandled, CaseLoopContract.ConfirmSelfHandled, Station);
        Assert.Equal(CaseStatus.Closed, (await LoadAsync(selfHandled)).Status);
    }

    [Fact]
    public async Task PushDownToAStreet_TheStreetDispatches_AndTheDistrictNoLonger()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.PushDown, Dispatcher, data: new() { [CaseVariables.Hub] = Tuodong });

        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement))).Refusal);
        await ActAsync(number, CaseLoopContract.Dispatch, StreetCenter, data: To(Enforcement));
        Assert.Equal((CaseLoopContract.Handling, Enforcement), ((await LoadAsync(number)).State, (await LoadAsync(number)).HandlingUnitCode));
    }

    [Fact]
    public async Task TakeOver_ByTheDistrict_MovesTheCaseUpAudited_AndCreditsTheDistrict()
    {
        var number = await ReportAsync(GridWorker);
        await ActAsync(number, CaseLoopContract.Accept, Station);
        Assert.Equal(Refusal.CommentRequired, (await TryAsync(number, CaseLoopContract.TakeOver, ShiftLead, comment: null)).Refusal);
        // The owning level cannot take over from itself, and a department (not above the station, so not seeing it) cannot either.
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.TakeOver, Station)).Refusal);
        Assert.Equal(CaseActOutcome.NotFound, (await TryAsync(number, CaseLoopContract.TakeOver, Handler)).Outcome);

        await ActAsync(number, CaseLoopContract.TakeOver, ShiftLead, "群众反映强烈，区指挥中心直接办理");
        var taken = await LoadAsync(number);
        Assert.Equal((CaseLevel.District, "530103", CaseLoopContract.Filing), (taken.Level, taken.HubCode, taken.State));
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.File, Station)).Refusal);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Case.TakeOver" && a.Target == number));
        var step = await db.ProcessSteps.SingleAsync(s => s.InstanceId == taken.InstanceId && s.Trigger == CaseLoopContract.TakeOver);
        Assert.Equal(("shiftlead", "群众反映强烈，区指挥中心直接办理", "Filing", "Filing"), (step.ActorId, step.Comment, step.FromState, step.ToState));
        var filed = await db.CaseFacts.SingleAsync(f => f.CaseId == taken.Id && f.Kind == CaseFactKind.Filed);
        Assert.Equal(("530103", "shiftlead"), (filed.UnitCode, filed.PersonKey));
    }

    [Fact]
    public async Task Urge_ByAHigherLevel_RemindsTheOwningUnit_AndChangesNothing()
    {
        var number = await ReportAsync(GridWorker);
        await ActAsync(number, CaseLoopContract.Accept, Station);
        var before = await LoadAsync(number);
        var version = await VersionAsync(number);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.Urge, Station, "自己督办自己")).Refusal);

        await ActAsync(number, CaseLoopContract.Urge, StreetCenter, "请今日内立案");
        var after = await LoadAsync(number);
        Assert.Equal((before.State, before.HubCode, before.StepStartedAt, before.StepDueAt), (after.State, after.HubCode, after.StepStartedAt, after.StepDueAt));
        Assert.Equal(version, await VersionAsync(number));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Topic == "case.urge" && m.Recipient == $"unit:{Dongzhuang}:{Roles.ShiftLead}" && m.Body == "请今日内立案"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "Case.Urge" && a.Target == number));
        Assert.Equal(1, await db.ProcessSteps.CountAsync(s => s.InstanceId == after.InstanceId && s.Trigger == CaseLoopContract.Urge && s.Comment == "请今日内立案"));
        // The station's page, opened before the reminder, still works.
        var filed = await Cases.ActAsync(number, CaseLoopContract.File, Station, new FireInput(), seenVersion: version);
        Assert.Equal(CaseActOutcome.Done, filed.Outcome);
    }

    [Fact]
    public async Task Inbox_ADistrictShiftLead_CannotClaimTheStationsTask()
    {
        var number = await ReportAsync(GridWorker);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        var task = await db.WorkTasks.SingleAsync(t => t.InstanceId == instance && t.Status == WorkTaskStatus.Open);
        Assert.Equal(ClaimOutcome.NotYours, await _engine.Tasks.ClaimAsync(task.Id, task.Version, Acceptor));
        Assert.Equal(ClaimOutcome.Claimed, await _engine.Tasks.ClaimAsync(task.Id, task.Version, Station));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, true)]
    [InlineData(DatabaseProvider.Sqlite, false)]
    [InlineData(DatabaseProvider.Postgres, true)]
    [InlineData(DatabaseProvider.Postgres, false)]
    public async Task TenUsers_FiringTheSameStepAtOnce_OneWinsAndNineAreToldSomeoneElseDidIt(DatabaseProvider provider, bool withSeenVersion)
    {
        await using var engine = provider == DatabaseProvider.Sqlite ? null : await Engine.StartAsync(provider);
        var on = engine ?? _engine;
        var cases = on.Database.Get<CaseService>();
        var number = await ReportAsync(on, Inspector);
        Assert.Equal(CaseActOutcome.Done, (await cases.ActAsync(number, CaseLoopContract.Accept, Acceptor, new FireInput())).Outcome);
        await using var db = await on.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        var seen = await db.ProcessInstances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync();

        var leads = Enumerable.Range(1, 10).Select(i => Person($"shiftlead-{i}", "/530103/", Roles.ShiftLead)).ToList();
        using var start = new ManualResetEventSlim();
        var racers = leads.Select(lead => Task.Run(async () =>
        {
            start.Wait();
            return await cases.ActAsync(number, CaseLoopContract.File, lead, new FireInput(), seenVersion: withSeenVersion ? seen : null);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(racers);

        Assert.Single(results, r => r.Outcome == CaseActOutcome.Done);
        Assert.All(results.Where(r => r.Outcome != CaseActOutcome.Done), r => Assert.Equal(Refusal.ChangedBySomeoneElse, r.Refusal));
        Assert.Equal(1, await db.ProcessSteps.CountAsync(s => s.InstanceId == instance && s.Trigger == CaseLoopContract.File));
    }

    [Fact]
    public async Task Extension_AfterOneIsGranted_IsRefusedUntilTheCategoryAllowsMore()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        var hours = new Dictionary<string, object?> { [CaseVariables.ExtraHours] = 8 };
        await ActAsync(number, CaseLoopContract.RequestExtension, Handler, "需调机械", hours);
        await ActAsync(number, CaseLoopContract.ApproveExtension, ShiftLead);

        var again = await TryAsync(number, CaseLoopContract.RequestExtension, Handler, "还要再延", hours);
        Assert.Equal((Refusal.ConditionNotMet, "Cases.Guard.ExtensionLimit"), (again.Refusal, again.Detail));

        await using (var db = await _engine.Database.Factory.CreateDbContextAsync())
        {
            var category = await db.CaseCategories.SingleAsync(c => c.Code == "10-01");
            Assert.Equal(CaseCategory.DefaultMaxExtensions, category.MaxExtensions);
            var editor = _engine.Database.Get<CategoryEditor>();
            Assert.Equal(("maxExtensions", "Categories.MaxExtensions.Range"), await editor.SaveAsync(Form(category, 11), Person("admin", "/530103/", Roles.SystemAdmin)));
            Assert.Null(await editor.SaveAsync(Form(category, 2), Person("admin", "/530103/", Roles.SystemAdmin)));
        }
        await ActAsync(number, CaseLoopContract.RequestExtension, Handler, "还要再延", hours);
        Assert.Equal("ExtensionReview", (await LoadAsync(number)).State);
    }

    private static CategoryForm Form(CaseCategory c, int maxExtensions) => new(c.Id, c.Version, c.Name, c.FilingStandard, c.ClosingStandard, c.VerifyHours,
        c.DispatchHours, c.HandleHours, c.CheckHours, c.DefaultDepartmentCode, c.IsActive, maxExtensions);
}
