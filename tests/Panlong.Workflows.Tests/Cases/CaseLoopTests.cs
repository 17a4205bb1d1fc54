using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Workflows.Tests.Cases;

/// <summary>The six-step loop of CaseLoop.json at the three levels, its exception sub-flows and its rules, on a real database.</summary>
public class CaseLoopTests : IAsyncLifetime
{
    private const string Dongzhuang = "530103001001";
    private const string Enforcement = "530103-BM01";

    private static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id, roles.ToHashSet(), new DataScope(scope));

    // District command center, Tuodong street sub-center, Dongzhuang community station, and the people around them.
    private static readonly WorkflowActor Inspector = Person("inspector", "/530103/", Roles.Inspector);
    private static readonly WorkflowActor Acceptor = Person("acceptor", "/530103/", Roles.Acceptor);
    private static readonly WorkflowActor ShiftLead = Person("shiftlead", "/530103/", Roles.ShiftLead);
    private static readonly WorkflowActor Dispatcher = Person("dispatcher", "/530103/", Roles.Dispatcher);
    private static readonly WorkflowActor Handler = Person("handler", $"/530103/{Enforcement}/", Roles.DepartmentHandler);
    private static readonly WorkflowActor Housing = Person("housing", "/530103/530103-BM04/", Roles.DepartmentHandler);
    private static readonly WorkflowActor Sanitation = Person("sanitation", "/530103/530103-BM10/", Roles.DepartmentHandler);
    private static readonly WorkflowActor Supervisor = Person("supervisor", "/530103/530103001/", Roles.Supervisor);
    private static readonly WorkflowActor StreetCenter = Person("tuodong-center", "/530103/530103001/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher);
    private static readonly WorkflowActor StreetTeam = Person("tuodong-team", "/530103/530103001/", Roles.DepartmentHandler);
    private static readonly WorkflowActor GulouDispatcher = Person("gulou", "/530103/530103002/", Roles.Dispatcher);
    private static readonly WorkflowActor Station = Person("station", $"/530103/530103001/{Dongzhuang}/", Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler);
    private static readonly WorkflowActor GridWorker = Person("gridworker", $"/530103/530103001/{Dongzhuang}/", Roles.GridWorker);
    private static readonly WorkflowActor Volunteer = new("volunteer", "volunteer", new HashSet<string> { Roles.Volunteer }, DataScope.None);

    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");
    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");

    private TestEngine _engine = null!;
    private (double Lat, double Lng) _dongzhuang;
    private int _garbage;

    private CaseService Cases => _engine.Database.Get<CaseService>();

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        _dongzhuang = (grid.Lat, grid.Lng);
        _garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
    }

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<string> ReportAsync(WorkflowActor reporter, bool selfHandled = false, string? clientKey = null)
    {
        var photos = selfHandled ? new[] { Before, After } : new[] { Before };
        var result = await Cases.ReportAsync(new CaseReport(_garbage, "东庄社区路口有暴露垃圾", _dongzhuang.Lat, _dongzhuang.Lng, "东庄路口", clientKey, selfHandled, photos), reporter);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

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
        return await db.Cases.Include(c => c.Photos).SingleAsync(c => c.Number == number);
    }

    private static Dictionary<string, object?> To(string unit) => new() { [CaseVariables.HandlingUnit] = unit };

    [Fact]
    public async Task DistrictLoop_FromInspectorReportToClosing_TellsTheUnit()
    {
        var number = await ReportAsync(Inspector);
        var reported = await LoadAsync(number);
        Assert.Equal((CaseLevel.District, "530103", CaseSource.Inspector, "Accepting"), (reported.Level, reported.HubCode, reported.Source, reported.State));
        Assert.Matches(@"^AJ20260316\d{5}$", number);

        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        var refused = await TryAsync(number, CaseLoopContract.Complete, Handler);
        Assert.Equal(Refusal.AttachmentRequired, refused.Refusal);
        await ActAsync(number, CaseLoopContract.Complete, Handler, "已清运", photo: true);
        await ActAsync(number, CaseLoopContract.Pass, Inspector);
        await ActAsync(number, CaseLoopContract.Close, ShiftLead);

        var closed = await LoadAsync(number);
        Assert.Equal((CaseStatus.Closed, CaseLoopContract.Closed, Enforcement), (closed.Status, closed.State, closed.HandlingUnitCode));
        Assert.NotNull(closed.FiledAt);
        Assert.NotNull(closed.DispatchedAt);
        Assert.NotNull(closed.ClosedAt);
        Assert.Equal([PhotoStage.Before, PhotoStage.After], closed.Photos.OrderBy(p => p.Id).Select(p => p.Stage));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == $"unit:{Enforcement}:DepartmentHandler" && m.Link == $"/cases/{number}"));
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == "user:inspector" && m.Topic == "case.task"));
        // Archived: nothing can be fired any more.
        Assert.Equal(Refusal.NotPermittedInState, (await TryAsync(number, CaseLoopContract.Close, ShiftLead)).Refusal);
    }

    [Fact]
    public async Task StreetLoop_RunByTheSubCenter_CanPushDownToACommunity()
    {
        var number = await ReportAsync(Supervisor);
        Assert.Equal((CaseLevel.Street, "530103001"), ((await LoadAsync(number)).Level, (await LoadAsync(number)).HubCode));
        // The work lands in the street's inbox, not in the district center's own (the district may still look below and step in).
        Assert.Contains((await _engine.Tasks.InboxAsync(StreetCenter)).Items, i => i.SubjectId == number);
        Assert.DoesNotContain((await _engine.Tasks.InboxAsync(Acceptor)).Items, i => i.SubjectId == number);
        await ActAsync(number, CaseLoopContract.Accept, StreetCenter);
        await ActAsync(number, CaseLoopContract.File, StreetCenter);
        await ActAsync(number, CaseLoopContract.Dispatch, StreetCenter, data: To("530103001"));
        await ActAsync(number, CaseLoopContract.Complete, StreetTeam, photo: true);
        await ActAsync(number, CaseLoopContract.Pass, Supervisor);
        await ActAsync(number, CaseLoopContract.Close, StreetCenter);
        Assert.Equal(CaseStatus.Closed, (await LoadAsync(number)).Status);

        var second = await ReportAsync(Supervisor);
        await ActAsync(second, CaseLoopContract.Accept, StreetCenter);
        await ActAsync(second, CaseLoopContract.File, StreetCenter);
        var bad = await TryAsync(second, CaseLoopContract.PushDown, StreetCenter, data: new() { [CaseVariables.Hub] = "530103002001" });
        Assert.Equal((Refusal.ConditionNotMet, "Cases.Guard.BadPushDown"), (bad.Refusal, bad.Detail));
        await ActAsync(second, CaseLoopContract.PushDown, StreetCenter, data: new() { [CaseVariables.Hub] = Dongzhuang });
        var pushed = await LoadAsync(second);
        Assert.Equal((CaseLevel.Community, Dongzhuang, CaseLoopContract.Dispatching), (pushed.Level, pushed.HubCode, pushed.State));
        await ActAsync(second, CaseLoopContract.Dispatch, Station, data: To(Dongzhuang));
        await ActAsync(second, CaseLoopContract.Complete, Station, photo: true);
        await ActAsync(second, CaseLoopContract.Pass, Supervisor);
        await ActAsync(second, CaseLoopContract.Close, Station);
        Assert.Equal(CaseStatus.Closed, (await LoadAsync(second)).Status);
    }

    [Fact]
    public async Task PushDown_WithoutANamedRegion_GoesOneLevelDownTheCasesOwnPath()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);

        // The server decides where 下派 goes: the district center to the case's street, that street to the case's community.
        await ActAsync(number, CaseLoopContract.PushDown, Dispatcher);
        var street = await LoadAsync(number);
        Assert.Equal((CaseLevel.Street, "530103001", CaseLoopContract.Dispatching), (street.Level, street.HubCode, street.State));
        await ActAsync(number, CaseLoopContract.PushDown, StreetCenter);
        var community = await LoadAsync(number);
        Assert.Equal((CaseLevel.Community, Dongzhuang, CaseLoopContract.Dispatching), (community.Level, community.HubCode, community.State));
        Assert.Equal("Cases.Guard.BadPushDown", (await TryAsync(number, CaseLoopContract.PushDown, Station)).Detail);
    }

    [Fact]
    public async Task CommunityLoop_ClosesAtTheStation_AndEscalationClimbsToTheDistrict()
    {
        var number = await ReportAsync(GridWorker);
        Assert.Equal(CaseLevel.Community, (await LoadAsync(number)).Level);
        await ActAsync(number, CaseLoopContract.Accept, Station);
        await ActAsync(number, CaseLoopContract.File, Station);
        // A station cannot send work to a district department: it fixes it or escalates.
        Assert.Equal("Cases.Guard.BadTarget", (await TryAsync(number, CaseLoopContract.Dispatch, Station, data: To(Enforcement))).Detail);
        await ActAsync(number, CaseLoopContract.Dispatch, Station, data: To(Dongzhuang));
        await ActAsync(number, CaseLoopContract.Complete, Station, photo: true);
        await ActAsync(number, CaseLoopContract.Pass, GridWorker);
        await ActAsync(number, CaseLoopContract.Close, Station);
        Assert.Equal(CaseStatus.Closed, (await LoadAsync(number)).Status);

        var hard = await ReportAsync(GridWorker);
        await ActAsync(hard, CaseLoopContract.Accept, Station);
        await ActAsync(hard, CaseLoopContract.File, Station);
        Assert.Equal(Refusal.CommentRequired, (await TryAsync(hard, CaseLoopContract.Escalate, Station, comment: null)).Refusal);
        await ActAsync(hard, CaseLoopContract.Escalate, Station, "社区无执法权");
        Assert.Equal((CaseLevel.Street, "530103001"), ((await LoadAsync(hard)).Level, (await LoadAsync(hard)).HubCode));
        await ActAsync(hard, CaseLoopContract.Escalate, StreetCenter, "需区级协调");
        Assert.Equal(CaseLevel.District, (await LoadAsync(hard)).Level);
        Assert.Equal("Cases.Guard.TopLevel", (await TryAsync(hard, CaseLoopContract.Escalate, Dispatcher)).Detail);
        await ActAsync(hard, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        Assert.Equal(CaseLoopContract.Handling, (await LoadAsync(hard)).State);
    }

    [Fact]
    public async Task VolunteerReport_VerifiedAndCheckedByTheStreetSupervisor_ClosingRaisesThePointsEvent()
    {
        var number = await ReportAsync(Volunteer);
        var item = await LoadAsync(number);
        Assert.Equal((CaseSource.Volunteer, CaseLevel.Community), (item.Source, item.Level));
        Assert.Equal("Cases.Guard.NeedsVerification", (await TryAsync(number, CaseLoopContract.Accept, Station)).Detail);
        await ActAsync(number, CaseLoopContract.SendToVerify, Station);
        await ActAsync(number, CaseLoopContract.Verify, Supervisor);
        await ActAsync(number, CaseLoopContract.File, Station);
        await ActAsync(number, CaseLoopContract.Dispatch, Station, data: To(Dongzhuang));
        await ActAsync(number, CaseLoopContract.Complete, Station, photo: true);
        Assert.Equal(Refusal.NotInScope, (await TryAsync(number, CaseLoopContract.Pass, GridWorker)).Refusal);
        await ActAsync(number, CaseLoopContract.Pass, Supervisor);
        await ActAsync(number, CaseLoopContract.Close, Station);

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var points = await db.OutboxMessages.SingleAsync(m => m.Topic == CaseListener.PointsTopic);
        Assert.Equal("points:volunteer", points.Recipient);
        Assert.Contains(number, points.Payload, StringComparison.Ordinal);
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == "user:volunteer" && m.Topic == "case.progress" && m.Title.Contains("已结案归档")));
    }

    [Fact]
    public async Task HotlineCall_RecordedByTheAcceptor_MasksTheCallersPhoneAndIsVerifiedBeforeFiling()
    {
        var call = await Cases.ReportAsync(new CaseReport(_garbage, "市民来电：小区门口垃圾堆积", _dongzhuang.Lat, _dongzhuang.Lng, null, null,
            CallerName: "刘先生", CallerPhone: "13812345678"), Acceptor);
        Assert.True(call.Ok);
        var item = await LoadAsync(call.Number!);
        Assert.Equal((CaseSource.Hotline, CaseLevel.District, "刘先生", "138****5678"), (item.Source, item.Level, item.CallerName, item.CallerPhoneMasked));
        Assert.Equal("Cases.Guard.NeedsVerification", (await TryAsync(call.Number!, CaseLoopContract.Accept, Acceptor)).Detail);
        var badPhone = await Cases.ReportAsync(new CaseReport(_garbage, "市民来电：路灯不亮", _dongzhuang.Lat, _dongzhuang.Lng, null, null, CallerPhone: "12345"), Acceptor);
        Assert.Equal("Registry.Phone.Invalid", badPhone.Errors["callerPhone"]);
    }

    [Fact]
    public async Task Exceptions_ExtensionReturnShelveRework_EachNeedTheirApproval()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        var handling = await LoadAsync(number);
        Assert.Equal(4, _engine.Database.Get<CalendarProvider>() is { } c ? (await c.GetAsync()).WorkingTimeBetween(handling.StepStartedAt, handling.StepDueAt!.Value).TotalHours : 0, 3);

        // 延期: needs hours and the shift lead's approval; the unit gets what it had left plus the hours granted.
        Assert.Equal("Cases.Guard.ExtensionHours", (await TryAsync(number, CaseLoopContract.RequestExtension, Handler, data: new() { [CaseVariables.ExtraHours] = 0 })).Detail);
        await ActAsync(number, CaseLoopContract.RequestExtension, Handler, "需调机械", new() { [CaseVariables.ExtraHours] = 8 });
        Assert.Equal(Refusal.NotAllowedForRole, (await TryAsync(number, CaseLoopContract.ApproveExtension, Handler)).Refusal);
        await ActAsync(number, CaseLoopContract.ApproveExtension, ShiftLead);
        var extended = await LoadAsync(number);
        var calendar = await _engine.Database.Get<CalendarProvider>().GetAsync();
        Assert.Equal(12, calendar.WorkingTimeBetween(extended.StepStartedAt, extended.StepDueAt!.Value).TotalHours, 3);
        Assert.Equal(1, extended.ExtensionCount);

        // 回退: refused keeps the unit on it; approved returns the case to dispatch.
        await ActAsync(number, "Return", Handler, "不属本单位职责");
        await ActAsync(number, "RejectReturn", Dispatcher, "属于职责范围");
        Assert.Equal(CaseLoopContract.Handling, (await LoadAsync(number)).State);
        await ActAsync(number, "Return", Handler, "不属本单位职责");
        await ActAsync(number, CaseLoopContract.ApproveReturn, Dispatcher);
        var returned = await LoadAsync(number);
        Assert.Equal((CaseLoopContract.Dispatching, null), (returned.State, returned.HandlingUnitCode));

        // 挂账 and its restore: the clock stops while shelved.
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        await ActAsync(number, "RequestShelve", Handler, "需纳入年度计划");
        await ActAsync(number, CaseLoopContract.ApproveShelve, ShiftLead);
        var shelved = await LoadAsync(number);
        Assert.Equal(("Shelved", (DateTimeOffset?)null), (shelved.State, shelved.StepDueAt));
        _engine.Clock.Advance(TimeSpan.FromDays(30));
        await ActAsync(number, "Restore", ShiftLead);
        var restored = await LoadAsync(number);
        Assert.Equal(4, calendar.WorkingTimeBetween(restored.StepStartedAt, restored.StepDueAt!.Value).TotalHours, 1);

        // 返工 when the check fails.
        await ActAsync(number, CaseLoopContract.Complete, Handler, photo: true);
        Assert.Equal(Refusal.CommentRequired, (await TryAsync(number, CaseLoopContract.Rework, Inspector, comment: null)).Refusal);
        await ActAsync(number, CaseLoopContract.Rework, Inspector, "仍有垃圾");
        var reworked = await LoadAsync(number);
        Assert.Equal((CaseLoopContract.Handling, 1), (reworked.State, reworked.ReworkCount));
    }

    [Fact]
    public async Task VoidNotFiledAndSelfHandled_EndTheCase_InTheirOwnStates()
    {
        var voided = await ReportAsync(Inspector);
        await ActAsync(voided, CaseLoopContract.Accept, Acceptor);
        await ActAsync(voided, CaseLoopContract.File, ShiftLead);
        await ActAsync(voided, "RequestVoid", Dispatcher, "重复上报");
        await ActAsync(voided, "RejectVoid", ShiftLead, "并非重复");
        await ActAsync(voided, "RequestVoid", Dispatcher, "重复上报");
        await ActAsync(voided, CaseLoopContract.ApproveVoid, ShiftLead, "同意");
        Assert.Equal(CaseStatus.Voided, (await LoadAsync(voided)).Status);

        var declined = await ReportAsync(Inspector);
        await ActAsync(declined, CaseLoopContract.Accept, Acceptor);
        await ActAsync(declined, CaseLoopContract.Decline, ShiftLead, "不符合立案标准");
        Assert.Equal(CaseStatus.NotFiled, (await LoadAsync(declined)).Status);

        var notSelf = await ReportAsync(GridWorker);
        Assert.Equal("Cases.Guard.NotSelfHandled", (await TryAsync(notSelf, CaseLoopContract.ConfirmSelfHandled, Station)).Detail);
        var self = await ReportAsync(GridWorker, selfHandled: true);
        await ActAsync(self, CaseLoopContract.ConfirmSelfHandled, Station);
        var closed = await LoadAsync(self);
        Assert.Equal((CaseStatus.Closed, true), (closed.Status, closed.SelfHandled));
    }

    [Fact]
    public async Task MajorCase_ClosesOnlyAfterTheAssistingDepartments_AndThenTheLeadReport()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        Assert.Equal("Cases.Guard.MajorNeedsAssisting", (await TryAsync(number, CaseLoopContract.DispatchMajor, Dispatcher, data: To(Enforcement))).Detail);
        await ActAsync(number, CaseLoopContract.DispatchMajor, Dispatcher, data: new() { [CaseVariables.HandlingUnit] = Enforcement, [CaseVariables.AssistingUnits] = new[] { "530103-BM04", "530103-BM10" } });
        var major = await LoadAsync(number);
        Assert.Equal((true, "Assisting", "530103-BM04,530103-BM10"), (major.IsMajor, major.State, major.AssistingUnitCodes));
        // The lead department has no work on the case until the assisting ones have reported: it cannot see it yet.
        Assert.Equal(CaseActOutcome.NotFound, (await TryAsync(number, CaseLoopContract.Complete, Handler)).Outcome);
        await ActAsync(number, "ReportAssist", Housing, "已加固");
        Assert.Equal("Assisting", (await LoadAsync(number)).State);
        await ActAsync(number, "ReportAssist", Sanitation, "已清运");
        Assert.Equal(CaseLoopContract.Handling, (await LoadAsync(number)).State);
        await ActAsync(number, CaseLoopContract.Complete, Handler, "牵头单位汇总反馈", photo: true);
        Assert.Equal(CaseLoopContract.Checking, (await LoadAsync(number)).State);
    }

    [Fact]
    public async Task AnotherStreetsDispatcher_CanNeitherActOnNorTakeTheCase()
    {
        var number = await ReportAsync(Supervisor);
        await ActAsync(number, CaseLoopContract.Accept, StreetCenter);
        await ActAsync(number, CaseLoopContract.File, StreetCenter);
        // Not theirs to see, so not there at all (CaseVisibility).
        Assert.Equal(CaseActOutcome.NotFound, (await TryAsync(number, CaseLoopContract.Dispatch, GulouDispatcher, data: To(Enforcement))).Outcome);
        var inbox = await _engine.Tasks.InboxAsync(GulouDispatcher, includeSubordinate: true);
        Assert.DoesNotContain(inbox.Items, i => i.SubjectId == number);
    }

    [Fact]
    public async Task BadReports_AreRefusedFieldByField_AndAResubmissionMakesOneCase()
    {
        var empty = await Cases.ReportAsync(new CaseReport(null, "", null, null, null, null), Inspector);
        Assert.Equal(["category", "description", "position"], empty.Errors.Keys.Order());
        var outside = await Cases.ReportAsync(new CaseReport(_garbage, "昆明站前暴露垃圾", 24.99, 102.72, null, null), Inspector);
        Assert.Equal("Cases.Position.Outside", outside.Errors["position"]);
        var selfWithoutPhoto = await Cases.ReportAsync(new CaseReport(_garbage, "已自行清理的垃圾", _dongzhuang.Lat, _dongzhuang.Lng, null, null, SelfHandled: true), GridWorker);
        Assert.Equal("Cases.SelfHandled.NeedsAfterPhoto", selfWithoutPhoto.Errors["photos"]);

        var first = await ReportAsync(Inspector, clientKey: "phone-1:42");
        var again = await Cases.ReportAsync(new CaseReport(_garbage, "东庄社区路口有暴露垃圾", _dongzhuang.Lat, _dongzhuang.Lng, null, "phone-1:42"), Inspector);
        Assert.Equal((first, true), (again.Number, again.Duplicate));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Cases.CountAsync(c => c.ClientKey == "phone-1:42"));
    }

    [Fact]
    public async Task ConcurrentReports_GetDistinctReadableNumbers_AndNearbyOpenCasesAreFound()
    {
        var reports = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Cases.ReportAsync(
            new CaseReport(_garbage, $"并发上报的暴露垃圾 {i}", _dongzhuang.Lat, _dongzhuang.Lng, null, $"k{i}"), Inspector)));
        var numbers = reports.Select(r => r.Number!).ToList();
        Assert.All(reports, r => Assert.True(r.Ok));
        Assert.Equal(12, numbers.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"AJ20260316{i:D5}"), numbers.Order());

        var near = await Cases.NearbyOpenAsync(Inspector, _garbage, _dongzhuang.Lat + 0.0002, _dongzhuang.Lng);
        Assert.Equal(12, near.Count);
        Assert.All(near, n => Assert.InRange(n.DistanceMeters, 20, 25));
        Assert.Empty(await Cases.NearbyOpenAsync(Inspector, _garbage, _dongzhuang.Lat + 0.01, _dongzhuang.Lng));
    }

    [Fact]
    public async Task NearbyCases_AreOnlyThoseTheCallerMayOpen()
    {
        var resident = new WorkflowActor("resident-near", "居民", new HashSet<string> { Roles.Resident }, DataScope.None);
        var staffs = await Cases.ReportAsync(new CaseReport(_garbage, "巡查发现的暴露垃圾", _dongzhuang.Lat, _dongzhuang.Lng, null, "near-staff"), Inspector);
        var own = await Cases.ReportAsync(new CaseReport(_garbage, "居民上报的暴露垃圾", _dongzhuang.Lat, _dongzhuang.Lng, null, "near-own"), resident);

        var residentSees = (await Cases.NearbyOpenAsync(resident, _garbage, _dongzhuang.Lat, _dongzhuang.Lng)).Select(n => n.Number).ToList();
        var gulouSees = (await Cases.NearbyOpenAsync(GulouDispatcher, _garbage, _dongzhuang.Lat, _dongzhuang.Lng)).Select(n => n.Number).ToList();
        var gridWorkerSees = (await Cases.NearbyOpenAsync(GridWorker, _garbage, _dongzhuang.Lat, _dongzhuang.Lng)).Select(n => n.Number).ToList();

        Assert.Equal([own.Number!], residentSees);
        Assert.Empty(gulouSees);
        Assert.Contains(staffs.Number, gridWorkerSees);
        Assert.Contains(own.Number, gridWorkerSees);
    }

    [Fact]
    public async Task HandlingDeadline_CountsWorkingHours_AndTheLightTurnsWithTheClock()
    {
        // Monday 09:00: 4 working hours of 暴露垃圾 end at 15:00 (lunch 12:00–14:00 does not count).
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, data: To(Enforcement));
        var item = await LoadAsync(number);
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 15, 0, 0, ChinaTime.Offset), item.StepDueAt);
        var calendar = await _engine.Database.Get<CalendarProvider>().GetAsync();
        TrafficLight At(int hour, int minute) => TrafficLights.For(calendar, item.StepStartedAt, item.StepDueAt!.Value, new DateTimeOffset(2026, 3, 16, hour, minute, 0, ChinaTime.Offset));
        Assert.Equal(TrafficLight.Green, At(14, 0));   // 3 of 4 hours
        Assert.Equal(TrafficLight.Yellow, At(14, 30)); // 3.5 of 4
        Assert.Equal(TrafficLight.Red, At(15, 1));
    }

    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CaseLoop_OnPostgreSQL_Runs(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var cases = engine.Database.Get<CaseService>();
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var report = await cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, null, "pg-1", Photos: [Before]), Inspector);
        Assert.True(report.Ok);
        foreach (var (trigger, actor, data, photo) in new (string, WorkflowActor, Dictionary<string, object?>?, bool)[]
        {
            (CaseLoopContract.Accept, Acceptor, null, false), (CaseLoopContract.File, ShiftLead, null, false), (CaseLoopContract.Dispatch, Dispatcher, To(Enforcement), false),
            (CaseLoopContract.Complete, Handler, null, true), (CaseLoopContract.Pass, Inspector, null, false), (CaseLoopContract.Close, ShiftLead, null, false),
        })
        {
            var result = await cases.ActAsync(report.Number!, trigger, actor, new FireInput(null, null, data), photo ? [After] : null);
            Assert.Equal(CaseActOutcome.Done, result.Outcome);
        }
        Assert.Equal(CaseStatus.Closed, await db.Cases.Where(c => c.Number == report.Number).Select(c => c.Status).SingleAsync());
    }

    // Issue 23: a case pushed down or taken over is really handed over — only the owning level acts on its steps; a higher
    // level uses 上收 or 督办, audited; racers are told someone else acted; extensions have a category limit.

    private async Task<Guid> VersionAsync(string number)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        return await db.ProcessInstances.Where(i => i.Id == instance).Select(i => i.Version).SingleAsync();
    }

    private static async Task<string> ReportOnAsync(TestEngine engine, WorkflowActor reporter)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        return (await engine.Database.Get<CaseService>().ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, null, null, Photos: [Before]), reporter)).Number!;
    }

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
        await ActAsync(number, CaseLoopContract.PushDown, Dispatcher, data: new() { [CaseVariables.Hub] = "530103001" });

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
        await using var engine = provider == DatabaseProvider.Sqlite ? null : await TestEngine.StartAsync(provider);
        var on = engine ?? _engine;
        var cases = on.Database.Get<CaseService>();
        var number = await ReportOnAsync(on, Inspector);
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
