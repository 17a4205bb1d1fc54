using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>When a planned step is done: a few minutes after its task opens, some minutes past the task's deadline, or never.</summary>
public enum StepTiming
{
    OnTime,
    Late,
    Undone,
}

/// <summary>
/// One step of a planned case: <paramref name="Trigger"/> fired by <paramref name="Actor"/>. <paramref name="At"/> pins the moment
/// (checked against the task's deadline, so a plan cannot call a late step on time); <paramref name="Claim"/> has the actor claim the
/// pooled task as soon as it opens, so that an undone step is held by someone (docs/domain.md §3: who is appraised for it).
/// </summary>
public sealed record PlannedStep(string Trigger, WorkflowActor Actor, StepTiming Timing, string? HandlingUnit = null, double? ExtraHours = null,
    DateTimeOffset? At = null, bool Claim = false);

/// <summary>
/// A case to walk through the real loop: who reports it, in which grid, when, and its steps in order. Steps not planned are never
/// done, so a plan that stops early leaves the case open in its next step. Built fluently:
/// <c>LoopScenario.Case("A", inspector, grid, at).Accept(acceptor).File(lead).Dispatch(dispatcher, unit).Handle(handler, StepTiming.Late)…</c>
/// </summary>
public sealed record CasePlan(string Label, WorkflowActor Reporter, string GridCode, DateTimeOffset ReportAt, IReadOnlyList<PlannedStep> Steps,
    string CategoryCode = LoopScenario.ExposedGarbage)
{
    public CasePlan Then(PlannedStep step) => this with { Steps = [.. Steps, step] };

    public CasePlan Accept(WorkflowActor acceptor, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.Accept, acceptor, timing, At: at));

    public CasePlan SendToVerify(WorkflowActor acceptor, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.SendToVerify, acceptor, timing, At: at));

    /// <summary>核实属实: the verifier becomes the case's checker (CaseLoop.json, effect case-checker-is-actor).</summary>
    public CasePlan Verify(WorkflowActor supervisor, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null, bool claim = false) =>
        Then(new(CaseLoopContract.Verify, supervisor, timing, At: at, Claim: claim));

    public CasePlan File(WorkflowActor shiftLead, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.File, shiftLead, timing, At: at));

    public CasePlan Dispatch(WorkflowActor dispatcher, string unitCode, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.Dispatch, dispatcher, timing, HandlingUnit: unitCode, At: at));

    /// <summary>处置反馈 with an after-photo.</summary>
    public CasePlan Handle(WorkflowActor handler, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.Complete, handler, timing, At: at));

    /// <summary>申请延期 and 同意延期, both at once: the unit gets the working time it had left plus <paramref name="hours"/>.</summary>
    public CasePlan Extend(WorkflowActor handler, WorkflowActor shiftLead, double hours) =>
        Then(new(CaseLoopContract.RequestExtension, handler, StepTiming.OnTime, ExtraHours: hours))
            .Then(new(CaseLoopContract.ApproveExtension, shiftLead, StepTiming.OnTime));

    /// <summary>核查通过.</summary>
    public CasePlan Check(WorkflowActor checker, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.Pass, checker, timing, At: at));

    /// <summary>核查不通过: back to the unit, which gets the category's full handling time again.</summary>
    public CasePlan Rework(WorkflowActor checker, StepTiming timing = StepTiming.OnTime) => Then(new(CaseLoopContract.Rework, checker, timing));

    public CasePlan Close(WorkflowActor shiftLead, StepTiming timing = StepTiming.OnTime, DateTimeOffset? at = null) =>
        Then(new(CaseLoopContract.Close, shiftLead, timing, At: at));

    /// <summary>Every step's actor claims its pooled task when it opens (a person took it up, so an undone one is theirs).</summary>
    public CasePlan Claimed() => this with { Steps = Steps.Select(s => s with { Claim = true }).ToList() };

    /// <summary>The twin: step <paramref name="index"/> left undone (its task stays open past its deadline) and nothing after it.</summary>
    public CasePlan UndoneFrom(int index) => this with { Steps = [.. Steps.Take(index), Steps[index] with { Timing = StepTiming.Undone, At = null }] };
}

/// <summary>
/// Walks planned cases through the real loop — <see cref="CaseService"/> with the engine's fake clock — all on one clock, in time
/// order: an on-time step is done <see cref="OnTimeAfter"/> after its task opens, a late one <see cref="LateBy"/> after the task's
/// deadline (read from the task the engine opened, so working time, holidays and extensions are the engine's own), an undone one
/// never. Two runs of plans that differ in one step therefore do everything else at the same moments. A test that walks a case step
/// by step instead reports and acts at the clock's now (<see cref="ReportAsync(WorkflowActor, string, bool)"/>, <see cref="ActAsync(string, string, WorkflowActor, string?)"/>)
/// and moves the clock itself.
/// </summary>
public sealed class LoopScenario(TestEngine engine)
{
    public const string ExposedGarbage = "10-01";

    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");
    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");

    /// <summary>March 2026, the month the engine's clock starts in.</summary>
    public static readonly AppraisalPeriod March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));

    /// <summary>The district center's staff and a district inspector, who run the district loop.</summary>
    public static readonly WorkflowActor Inspector = District("inspector", Roles.Inspector);
    public static readonly WorkflowActor Acceptor = District("acceptor", Roles.Acceptor);
    public static readonly WorkflowActor ShiftLead = District("shiftlead", Roles.ShiftLead);
    public static readonly WorkflowActor Dispatcher = District("dispatcher", Roles.Dispatcher);

    private readonly Dictionary<string, int> _categories = [];
    private readonly Dictionary<string, (double Lat, double Lng)> _places = [];

    public TimeSpan OnTimeAfter { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan LateBy { get; init; } = TimeSpan.FromMinutes(10);

    public AppraisalCalculator Calculator => engine.Database.Get<AppraisalCalculator>();

    public static CasePlan Case(string label, WorkflowActor reporter, string gridCode, DateTimeOffset reportAt) => new(label, reporter, gridCode, reportAt, []);

    /// <summary>A person of the district center (acceptor, shift lead, dispatcher) or a district inspector.</summary>
    public static WorkflowActor District(string id, string role) => Person(id, "/530103/", role);

    /// <summary>A person of a street sub-center, or a street's supervisor.</summary>
    public static WorkflowActor Street(string id, string streetCode, string role) => Person(id, $"/530103/{streetCode}/", role);

    /// <summary>A department's handler.</summary>
    public static WorkflowActor Department(string id, string unitCode) => Person(id, $"/530103/{unitCode}/", Roles.DepartmentHandler);

    public static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id + "名", roles.ToHashSet(), new DataScope(scope));

    /// <summary>A China-time moment of 2026.</summary>
    public static DateTimeOffset China(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, ChinaTime.Offset);

    /// <summary>The first <paramref name="count"/> grids (by code) inside a street or community.</summary>
    public async Task<IReadOnlyList<string>> GridsAsync(string regionCode, int count)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(regionCode)).OrderBy(u => u.Code)
            .Select(u => u.Code).Take(count).ToListAsync();
    }

    /// <summary>A region's scope path ("/530103/530103001/…/"), for appraisal scopes and region rows.</summary>
    public async Task<string> PathOfAsync(string code)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.OrgUnits.AsNoTracking().Where(u => u.Code == code).Select(u => u.ScopePath).SingleAsync();
    }

    /// <summary>Runs the plans on the engine's clock; returns each plan's case number by label.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(IEnumerable<CasePlan> plans)
    {
        var all = plans.ToList();
        var numbers = new Dictionary<string, string>();
        // Equal moments go in plan order, so twins whose plans sit at the same places run in the same order.
        var queue = new PriorityQueue<(int Plan, int Step), (DateTimeOffset At, int Plan, int Step)>();
        for (var i = 0; i < all.Count; i++)
        {
            queue.Enqueue((i, -1), (all[i].ReportAt, i, -1));
        }
        while (queue.TryDequeue(out var item, out var when))
        {
            var plan = all[item.Plan];
            MoveClockTo(when.At, plan.Label);
            if (item.Step < 0)
            {
                numbers[plan.Label] = await ReportAsync(plan);
            }
            else
            {
                await ActAsync(plan.Label, numbers[plan.Label], plan.Steps[item.Step]);
            }
            var next = item.Step + 1;
            if (next < plan.Steps.Count && await WhenAsync(plan, numbers[plan.Label], plan.Steps[next]) is { } at)
            {
                queue.Enqueue((item.Plan, next), (at, item.Plan, next));
            }
        }
        return numbers;
    }

    /// <summary>
    /// The appraisal of a period as it stands at the period's end: the clock moves on to the end (never back), so work still
    /// open then is overdue by the period's own measure.
    /// </summary>
    public async Task<AppraisalResult> AppraiseAsync(AppraisalPeriod period, string scopePath, AppraisalConfig? config = null)
    {
        if (engine.Clock.GetUtcNow() < period.End)
        {
            engine.Clock.SetUtcNow(period.End.ToUniversalTime());
        }
        return await Calculator.ComputeAsync(config ?? AppraisalConfig.Default, period, scopePath);
    }

    private void MoveClockTo(DateTimeOffset at, string label)
    {
        var now = engine.Clock.GetUtcNow();
        if (at < now)
        {
            throw new InvalidOperationException($"{label}: planned for {at:O}, but the clock already stands at {now:O}.");
        }
        engine.Clock.SetUtcNow(at.ToUniversalTime());
    }

    /// <summary>A report in the grid at the clock's now, outside any plan; <paramref name="selfHandled"/>: the reporter fixed it on the spot (自处理), with a photo after.</summary>
    public Task<string> ReportAsync(WorkflowActor reporter, string gridCode, bool selfHandled = false) =>
        ReportAsync(Case("逐步", reporter, gridCode, engine.Clock.GetUtcNow()), selfHandled);

    /// <summary>One step at the clock's now, outside any plan; <paramref name="handlingUnit"/> for a dispatch.</summary>
    public Task ActAsync(string number, string trigger, WorkflowActor actor, string? handlingUnit = null) =>
        ActAsync(number, number, new PlannedStep(trigger, actor, StepTiming.OnTime, handlingUnit));

    private async Task<string> ReportAsync(CasePlan plan, bool selfHandled = false)
    {
        var (category, place) = await WhereAsync(plan);
        var result = await engine.Database.Get<CaseService>().ReportAsync(new CaseReport(category, $"{plan.Label}：路口有暴露垃圾", place.Lat, place.Lng,
            null, null, selfHandled, selfHandled ? [Before, After] : [Before]), plan.Reporter);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{plan.Label}: report refused ({string.Join(", ", result.Errors.Values)}).");
        }
        return result.Number!;
    }

    private async Task<(int Category, (double Lat, double Lng) Place)> WhereAsync(CasePlan plan)
    {
        if (!_categories.TryGetValue(plan.CategoryCode, out var category) || !_places.TryGetValue(plan.GridCode, out var place))
        {
            await using var db = await engine.Database.Factory.CreateDbContextAsync();
            category = _categories[plan.CategoryCode] = await db.CaseCategories.Where(c => c.Code == plan.CategoryCode).Select(c => c.Id).SingleAsync();
            var grid = await TestPlaces.GridAsync(db, plan.GridCode);
            place = _places[plan.GridCode] = (grid.Lat, grid.Lng);
        }
        return (category, place);
    }

    private async Task ActAsync(string label, string number, PlannedStep step)
    {
        var data = new Dictionary<string, object?>();
        if (step.HandlingUnit is { } unit)
        {
            data[CaseVariables.HandlingUnit] = unit;
        }
        if (step.ExtraHours is { } hours)
        {
            data[CaseVariables.ExtraHours] = hours;
        }
        var photos = step.Trigger == CaseLoopContract.Complete ? new[] { After } : null;
        var result = await engine.Database.Get<CaseService>().ActAsync(number, step.Trigger, step.Actor, new FireInput("意见", null, data), photos);
        if (result.Outcome != CaseActOutcome.Done)
        {
            throw new InvalidOperationException($"{label} ({number}): {step.Trigger} by {step.Actor.UserId} refused: {result.Outcome} {result.Refusal} {result.Detail}");
        }
    }

    /// <summary>When the next step is done (null: never), after its actor has claimed its task if the plan says so.</summary>
    private async Task<DateTimeOffset?> WhenAsync(CasePlan plan, string number, PlannedStep step)
    {
        if (step is { Timing: StepTiming.OnTime, At: null, Claim: false })
        {
            // Every limit of the loop is longer than OnTimeAfter, so no need to read the deadline (the property test's many steps).
            return engine.Clock.GetUtcNow() + OnTimeAfter;
        }
        var task = await OpenTaskAsync(number, step);
        if (step.Claim && task.AssigneeUserId is null && task.ClaimedByUserId is null)
        {
            var claimed = await engine.Database.Get<WorkTaskService>().ClaimAsync(task.Id, task.Version, step.Actor);
            if (claimed != ClaimOutcome.Claimed)
            {
                throw new InvalidOperationException($"{plan.Label} ({number}): {step.Actor.UserId} could not claim {task.State}: {claimed}");
            }
        }
        if (step.Timing == StepTiming.Undone)
        {
            return null;
        }
        var now = engine.Clock.GetUtcNow();
        var at = step.At ?? (step.Timing == StepTiming.OnTime || task.DueAt is null ? now + OnTimeAfter : task.DueAt.Value + LateBy);
        var late = task.DueAt is { } due && at > due;
        if (late != (step.Timing == StepTiming.Late))
        {
            throw new InvalidOperationException($"{plan.Label} ({number}): {step.Trigger} planned {step.Timing} at {at:O}, but its deadline is {task.DueAt:O}.");
        }
        return at;
    }

    private async Task<WorkTask> OpenTaskAsync(string number, PlannedStep step)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var instance = await db.Cases.AsNoTracking().Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
        var open = await db.WorkTasks.AsNoTracking().Where(t => t.InstanceId == instance && t.Status == WorkTaskStatus.Open).ToListAsync();
        return open.Count == 1 ? open[0] : throw new InvalidOperationException(
            $"{number}: {step.Trigger} expects one open task, found {string.Join(", ", open.Select(t => t.State))}.");
    }
}
