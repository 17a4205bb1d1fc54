using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.Demo;

public sealed record CaseCounts(int Cases, int Closed, int Open, long ElapsedMs);

/// <summary>
/// Demo and benchmark data: a year of cases (the article's 47,199 received, 45,016 closed by default) that went through
/// the real loop. A discrete-event simulation moves a clock of its own through the past year: at each moment the case
/// that is due acts — reported through <see cref="CaseService"/>, then each step fired on the engine by the demo staff
/// member who holds it, after a working-time delay drawn from the step's own deadline — and the timer sweep fires the
/// warnings and overdue marks the clock passes. The engine and the case listener write the timeline, tasks and
/// appraisal facts exactly as for real work; nothing happens after "now"; the open cases are the recent ones still in
/// progress (docs/decisions/0022-demo-cases-through-the-loop.md). Earlier generated cases are replaced; reported ones stay.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
public sealed class CaseGenerator(IServiceProvider services, IDbContextFactory<PanlongDbContext> dbFactory, CalendarProvider calendars, GridLocator locator,
    TimeProvider clock)
{
    public const int ArticleReceived = 47_199;
    public const int ArticleClosed = 45_016;

    /// <summary>Steps per context and transaction: one commit per batch, and a change tracker that stays small.</summary>
    private const int Batch = 400;

    private enum Fate
    {
        Closed,
        NotFiled,
        Voided,
        Open,
    }

    private sealed class DemoCase
    {
        public required Fate Fate { get; init; }
        public required WorkflowActor Reporter { get; init; }
        public required int GridId { get; init; }
        public required int GridIndex { get; init; }
        public required string GridPath { get; init; }
        public required CaseCategory Category { get; init; }
        public required string Hub { get; init; }
        public required string Target { get; set; }
        public string? StallAt { get; init; }
        public int Reworks { get; set; }
        public bool Extend { get; set; }
        public bool Return { get; set; }
        public bool VoidAsked { get; set; }
        public string? Number { get; set; }
        public string State { get; set; } = "";
        public WorkflowActor? Checker { get; set; }

        /// <summary>The case's row as last saved: each step attaches it again instead of reading it back.</summary>
        public Case? Row { get; set; }

        /// <summary>The instance's row as last saved and the states it has entered: each step fires on them (ADR 58).</summary>
        public ProcessInstance? Instance { get; set; }

        public HashSet<string> Entered { get; } = [];

        /// <summary>Its open tasks as last saved, when no timer of the case falls due before its next step (the sweep writes them).</summary>
        public List<WorkTask>? OpenTasks { get; set; }

        /// <summary>When its next step happens, drawn as the last step entered the state (null: it stays there); and whether it was.</summary>
        public (bool Drawn, DateTimeOffset? At) Next { get; set; }

        /// <summary>Every timer its last step wrote falls due before its next step, so the sweep fires them all first (ADR 67).</summary>
        public bool NoStandingTimers { get; set; }
    }

    public async Task<CaseCounts> GenerateAsync(int total = ArticleReceived, int closed = ArticleClosed, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (closed > total || total < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(closed), "Closed cases cannot outnumber received cases.");
        }
        var watch = Stopwatch.StartNew();
        // One retriable unit: the simulation commits batch by batch in transactions of its own, which the providers'
        // retrying strategies allow only inside it; a retry starts the year again, after removing what it had made.
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        var (reported, ended, finished) = await probe.Database.CreateExecutionStrategy().ExecuteAsync(() => SimulateAsync(total, closed, watch, progress, ct));
        progress?.Report($"生成演示案件完成：{reported:N0} 件上报，{ended:N0} 件办结，{reported - ended:N0} 件在办（{watch.Elapsed.TotalSeconds:N0} 秒）");
        return new CaseCounts(reported, finished, reported - ended, watch.ElapsedMilliseconds);
    }

    /// <returns>Cases reported, ended (closed, not filed or voided) and closed.</returns>
    private async Task<(int Reported, int Ended, int Closed)> SimulateAsync(int total, int closed, Stopwatch watch, IProgress<string>? progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var calendar = await calendars.GetAsync(ct);
        await RemoveGeneratedAsync(progress, ct);

        await using var read = await dbFactory.CreateDbContextAsync(ct);
        var grids = await read.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Boundary != null && u.IsActive)
            .Select(u => new { u.Id, u.ScopePath, u.Boundary }).ToListAsync(ct);
        var categories = await read.CaseCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        var units = await read.OrgUnits.AsNoTracking().Where(u => u.IsActive)
            .Select(u => new DemoStaff.Unit(u.Code, u.ScopePath, u.Kind)).ToDictionaryAsync(u => u.Code, ct);
        var departments = units.Values.Where(u => u.Kind == OrgUnitKind.Department).Select(u => u.Code).Order(StringComparer.Ordinal).ToList();
        var posts = await read.GridAssignments.AsNoTracking()
            .Where(a => a.Duty == GridDuty.Supervisor || a.Duty == GridDuty.Inspector || a.Duty == GridDuty.GridWorker)
            .OrderBy(a => a.Id)
            .Select(a => new DemoStaff.Post(a.GridId, a.Duty, a.StaffMemberId, a.StaffMember!.UserId, a.StaffMember.Name, a.From, a.Until)).ToListAsync(ct);
        var random = new Random(2026);
        var staff = new DemoStaff(posts, units, categories, random);
        var shapes = grids.Select(g => GeoJsonPolygon.Read(g.Boundary!)).ToList();

        // The engine, the case service and the timer sweep, each on the simulation's clock; nobody is signalled meanwhile.
        var simulated = new DemoClock(now.AddDays(-365));
        var runner = ActivatorUtilities.CreateInstance<WorkflowRunner>(services, simulated);
        var reporting = ActivatorUtilities.CreateInstance<CaseService>(services, runner, ActivatorUtilities.CreateInstance<AuditLog>(services, simulated),
            new NoChangeSignal(), simulated);
        var timers = ActivatorUtilities.CreateInstance<TimerRunner>(services, runner, simulated);

        // Arrivals over the year; the latest ones are the cases still open now, some of the others are refused or voided.
        var unfinished = total - closed;
        var refused = unfinished / 5;
        var open = unfinished - refused;
        var arrivals = Enumerable.Range(0, total).Select(_ => Arrival(now, random)).Order().ToList();
        var refusedAt = Enumerable.Range(0, total - open).OrderBy(_ => random.Next()).Take(refused).ToHashSet();
        var queue = new PriorityQueue<DemoCase, (DateTimeOffset At, long Order)>();
        long order = 0;
        for (var i = 0; i < total; i++)
        {
            var fate = i >= total - open ? Fate.Open : refusedAt.Contains(i) ? (i % 2 == 0 ? Fate.NotFiled : Fate.Voided) : Fate.Closed;
            var index = random.Next(grids.Count);
            var item = Plan(fate, index, grids[index].Id, grids[index].ScopePath, arrivals[i], categories, departments, staff, random);
            queue.Enqueue(item, (arrivals[i], order++));
        }

        var sweeps = new PriorityQueue<DateTimeOffset, DateTimeOffset>();
        var (reported, ended, finished, steps, tenth) = (0, 0, 0, 0, Math.Max(1, total / 10));
        progress?.Report($"生成演示案件：模拟过去一年的 {total:N0} 件案件，每完成一成报告一次进度");
        var db = await BeginAsync(ct);
        try
        {
            while (queue.TryPeek(out var item, out var key) && key.At <= now)
            {
                // The sweep runs as the clock passes each timer still standing, before anything later happens.
                while (sweeps.TryPeek(out var due, out _) && due <= key.At)
                {
                    simulated.Now = due;
                    await timers.FireDueAsync(db, ct);
                    while (sweeps.TryPeek(out var passed, out _) && passed <= due)
                    {
                        sweeps.Dequeue();
                    }
                }
                queue.Dequeue();
                simulated.Now = key.At;
                // Progress at every tenth of the reports (issue 16: a first start is silent for a minute otherwise).
                if (item.Number is null && reported > 0 && reported % tenth == 0)
                {
                    progress?.Report(Progress(key.At, reported, total, ended, watch.Elapsed));
                }
                if (item.Number is null)
                {
                    await ReportAsync(db, reporting, item, shapes[item.GridIndex], LeavesAt(item, key.At, now, staff, calendar, random), random, ct);
                    reported++;
                }
                else
                {
                    var (trigger, actor, input) = Decide(item, key.At, staff, departments, random);
                    // The row is as this run last saved it: only this run writes demo cases, and the timer sweep's warnings
                    // and overdue marks write tasks and history, not cases (ADR 47).
                    db.Cases.Attach(item.Row!);
                    item.Next = (false, null);
                    var held = new HeldInstance(item.Instance!, item.Entered, item.OpenTasks)
                    {
                        NoStandingTimers = item.NoStandingTimers,
                        LeavesAt = LeavesAt(item, key.At, now, staff, calendar, random),
                    };
                    var result = await runner.FireAsync(db, held, trigger, actor, input, ct);
                    if (!result.Ok)
                    {
                        throw new InvalidOperationException($"Demo case {item.Number}: {trigger} by {actor.Name} in {item.State} was refused ({result.Refusal} {result.Detail}).");
                    }
                    item.State = result.State!;
                    item.Entered.Add(item.State);
                }
                if (item.State is CaseLoopContract.Closed or CaseLoopContract.NotFiled or CaseLoopContract.Voided)
                {
                    ended++;
                    finished += item.State == CaseLoopContract.Closed ? 1 : 0;
                }
                else
                {
                    // Every state a step enters that is not an end asks LeavesAt, the report's start state as well.
                    var next = item.Next.Drawn ? item.Next.At : throw new InvalidOperationException($"Demo case {item.Number}: no next step was drawn in {item.State}.");
                    Schedule(db, item, next, now, queue, sweeps, order++);
                }
                // Each step is saved; a tracker holding only the step at hand keeps the listeners' change detection cheap.
                db.ChangeTracker.Clear();
                if (++steps % Batch == 0)
                {
                    await CommitAsync(db, ct);
                    db = await BeginAsync(ct);
                }
            }
            // Timers of the open cases that fall due before now.
            while (sweeps.TryDequeue(out var due, out _) && due <= now)
            {
                simulated.Now = due;
                await timers.FireDueAsync(db, ct);
            }
            await CommitAsync(db, ct);
        }
        finally
        {
            await db.DisposeAsync();
        }
        await FinishAsync(ct);
        return (reported, ended, finished);
    }

    /// <summary>A moment in the past year, by day, between 07:00 and 22:00 China time (reports come in waking hours).</summary>
    private static DateTimeOffset Arrival(DateTimeOffset now, Random random)
    {
        var day = ChinaTime.StartOf(ChinaTime.DateOf(now).AddDays(-random.Next(0, 364)));
        var at = day.AddHours(7 + (random.NextDouble() * 15));
        return at > now ? now.AddMinutes(-random.Next(1, 240)) : at;
    }

    /// <summary>
    /// Who reports (the level the case enters follows from it: district 60 %, street 25 %, community 15 %; about half the
    /// reports come from the public), where, what class, and what will happen to it.
    /// </summary>
    private static DemoCase Plan(Fate fate, int gridIndex, int gridId, string gridPath, DateTimeOffset at, List<CaseCategory> categories, List<string> departments,
        DemoStaff staff, Random random)
    {
        var path = OrgPath.Parse(gridPath);
        var district = path.CodeAtOrLeaf(OrgLevel.District);
        var street = path.CodeAtOrLeaf(OrgLevel.Street);
        var roll = random.NextDouble();
        var reporter = roll switch
        {
            < 0.33 => staff.Center(district, Roles.Acceptor),
            < 0.60 => staff.Field(gridId, gridPath, GridDuty.Inspector, at),
            < 0.75 => staff.Field(gridId, gridPath, GridDuty.Supervisor, at),
            < 0.85 => staff.Center(street, Roles.Acceptor),
            < 0.90 => staff.Field(gridId, gridPath, GridDuty.GridWorker, at),
            < 0.95 => staff.Public(Roles.Volunteer, gridPath),
            _ => staff.Public(Roles.Resident, gridPath),
        } ?? staff.Center(district, Roles.Acceptor);
        var hub = CaseService.HubFor(reporter, gridPath);
        var category = categories[(int)(Math.Pow(random.NextDouble(), 1.6) * categories.Count)];
        var department = category.DefaultDepartmentCode ?? departments[0];
        var target = CaseVariables.LevelOf(hub) switch
        {
            CaseLevel.District => department,
            CaseLevel.Street => random.NextDouble() < 0.6 ? department : hub,
            _ => hub,
        };
        return new DemoCase
        {
            Fate = fate,
            Reporter = reporter,
            GridId = gridId,
            GridIndex = gridIndex,
            GridPath = gridPath,
            Category = category,
            Hub = hub,
            Target = target,
            StallAt = fate == Fate.Open ? (random.NextDouble() < 0.85 ? CaseLoopContract.Handling : CaseLoopContract.Checking) : null,
            Reworks = random.NextDouble() < (target == staff.Weak ? 0.5 : 0.04) ? 1 : 0,
            Extend = random.NextDouble() < 0.03,
            Return = target != hub && random.NextDouble() < 0.02,
        };
    }

    private async Task ReportAsync(PanlongDbContext db, CaseService reporting, DemoCase item, NetTopologySuite.Geometries.Geometry shape,
        Func<string, DateTimeOffset?, DateTimeOffset?> leavesAt, Random random, CancellationToken ct)
    {
        // A point (as reported, to six decimals) that lies in the planned grid, so the case's grid, hub and staff are the
        // ones planned; a narrow grid that random points keep missing gets its interior point.
        var box = shape.EnvelopeInternal;
        var inside = shape.InteriorPoint;
        var (lat, lng) = (Math.Round(inside.Y, 6), Math.Round(inside.X, 6));
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var (y, x) = (Math.Round(box.MinY + (random.NextDouble() * box.Height), 6), Math.Round(box.MinX + (random.NextDouble() * box.Width), 6));
            if ((await locator.LocateAsync(y, x, ct))?.Id == item.GridId)
            {
                (lat, lng) = (y, x);
                break;
            }
        }
        var hotline = item.Reporter.Roles.Contains(Roles.Acceptor);
        var report = new CaseReport(item.Category.Id, $"{item.Category.Name}：现场发现问题，请及时处置（演示案件）", lat, lng, null, null,
            CallerName: hotline ? "热线来电市民" : null);
        var result = await reporting.ReportAsync(report, item.Reporter, db, leavesAt, ct);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"A demo report was refused: {string.Join(", ", result.Errors.Values)}.");
        }
        item.Number = result.Number;
        // The tracker holds only this step's rows (it is cleared after each), so the new instance is the one there.
        var instance = db.Tracked<ProcessInstance>().Single(i => i.SubjectId == result.Number);
        if (instance.OrgUnitId != item.GridId)
        {
            throw new InvalidOperationException($"Demo case {item.Number} was located in grid {instance.OrgUnitId}, not in the planned grid {item.GridId}.");
        }
        (item.Instance, item.State) = (instance, instance.State);
        item.Entered.Add(instance.State);
        item.Row = db.Tracked<Case>().Single(c => c.Number == result.Number);
        // Field staff check their own report's fix (CaseService gives them the 核查 task); the public's reports get theirs at 核实.
        item.Checker = Appraisal.CaseFacts.ReporterRole(CaseService.SourceOf(item.Reporter)) is not null ? item.Reporter : null;
    }

    /// <summary>The step the holder of the case's current task takes next, and its input, by the case's plan.</summary>
    private static (string Trigger, WorkflowActor Actor, FireInput Input) Decide(DemoCase item, DateTimeOffset at, DemoStaff staff, List<string> departments, Random random)
    {
        var hub = item.Hub;
        switch (item.State)
        {
            case CaseLoopContract.Accepting:
                return item.Checker is null
                    ? (CaseLoopContract.SendToVerify, staff.Center(hub, Roles.Acceptor), new FireInput())
                    : (CaseLoopContract.Accept, staff.Center(hub, Roles.Acceptor), new FireInput());
            case CaseLoopContract.Verifying:
                var street = OrgPath.Parse(item.GridPath).CodeAtOrLeaf(OrgLevel.Street);
                var supervisor = staff.Field(item.GridId, item.GridPath, GridDuty.Supervisor, at) ?? staff.Scoped($"demo:{street}:supervisor", "街道监督员", Roles.Supervisor, street);
                item.Checker = supervisor;
                return item.Fate == Fate.NotFiled
                    ? (CaseLoopContract.VerifyFalse, supervisor, new FireInput("经现场核实，问题不属实"))
                    : (CaseLoopContract.Verify, supervisor, new FireInput());
            case CaseLoopContract.Filing:
                return item.Fate == Fate.NotFiled
                    ? (CaseLoopContract.Decline, staff.Center(hub, Roles.ShiftLead), new FireInput("不属于城市管理问题，不予立案"))
                    : (CaseLoopContract.File, staff.Center(hub, Roles.ShiftLead), new FireInput());
            case CaseLoopContract.Dispatching:
                if (item.Fate == Fate.Voided && !item.VoidAsked)
                {
                    item.VoidAsked = true;
                    return (CaseLoopContract.RequestVoid, staff.Center(hub, Roles.Dispatcher), new FireInput("与已立案件重复"));
                }
                return (CaseLoopContract.Dispatch, staff.Center(hub, Roles.Dispatcher),
                    new FireInput(Data: new Dictionary<string, object?> { [CaseVariables.HandlingUnit] = item.Target }));
            case CaseLoopContract.VoidReview:
                return (CaseLoopContract.ApproveVoid, staff.Center(hub, Roles.ShiftLead), new FireInput("重复上报，同意作废"));
            case CaseLoopContract.Handling:
                var handler = staff.Handler(item.Target);
                if (item.Extend)
                {
                    item.Extend = false;
                    return (CaseLoopContract.RequestExtension, handler,
                        new FireInput("需协调施工队伍，申请延期", Data: new Dictionary<string, object?> { [CaseVariables.ExtraHours] = 16 }));
                }
                if (item.Return)
                {
                    item.Return = false;
                    return (CaseLoopContract.Return, handler, new FireInput("不属于本单位职责，申请回退"));
                }
                return (CaseLoopContract.Complete, handler, new FireInput("已按标准处置完毕", ["demo/after.jpg"]));
            case CaseLoopContract.ExtensionReview:
                return (CaseLoopContract.ApproveExtension, staff.Center(hub, Roles.ShiftLead), new FireInput("同意延期"));
            case CaseLoopContract.ReturnReview:
                // Sent back: the next dispatch goes to another unit (a department, or the street's own team).
                item.Target = CaseVariables.LevelOf(hub) == CaseLevel.Street && item.Target != hub ? hub : departments[random.Next(departments.Count)];
                return (CaseLoopContract.ApproveReturn, staff.Center(hub, Roles.Dispatcher), new FireInput());
            case CaseLoopContract.Checking:
                if (item.Reworks > 0)
                {
                    item.Reworks--;
                    return (CaseLoopContract.Rework, item.Checker!, new FireInput("整改不到位，请返工"));
                }
                return (CaseLoopContract.Pass, item.Checker!, new FireInput());
            case CaseLoopContract.Closing:
                return (CaseLoopContract.Close, staff.Center(hub, Roles.ShiftLead), new FireInput());
            default:
                throw new InvalidOperationException($"The demo plan has no step for state {item.State}.");
        }
    }

    /// <summary>
    /// When the case's next step happens, in the state it has just entered: drawn from the working time left before the
    /// state's deadline and the acting unit's quality. Cases that end before now always do; an open case stops where it stands now.
    /// </summary>
    private static DateTimeOffset? Draw(DemoCase item, DateTimeOffset at, DateTimeOffset now, DateTimeOffset? deadline, DemoStaff staff, WorkingCalendar calendar,
        Random random)
    {
        if (item.Fate == Fate.Open && item.State == item.StallAt)
        {
            return null;
        }
        var left = deadline is { } due ? calendar.WorkingTimeBetween(at, due) : TimeSpan.FromHours(8);
        var when = staff.When(at, left, Quality(item, staff), calendar);
        // A case that ends before now does so even when its last steps were drawn later.
        return item.Fate != Fate.Open && when > now ? at + ((now - at) * random.NextDouble()) : when;
    }

    /// <summary>
    /// The next step is drawn as a state is entered — by a fire or by the report's start — so the engine writes only the timers
    /// that fall due before it: the others that step would delete unfired (docs/decisions/0067-fewer-writes-per-step.md,
    /// docs/decisions/0071-the-demo-year-in-four-minutes.md).
    /// </summary>
    private static Func<string, DateTimeOffset?, DateTimeOffset?> LeavesAt(DemoCase item, DateTimeOffset at, DateTimeOffset now, DemoStaff staff,
        WorkingCalendar calendar, Random random) => (state, deadline) =>
        {
            item.State = state;
            item.Next = (true, Draw(item, at, now, deadline, staff, calendar, random));
            return item.Next.At <= now ? item.Next.At : null;
        };

    /// <summary>Queues the case's next step and the timers that will have fired by then for the sweep.</summary>
    private static void Schedule(PanlongDbContext db, DemoCase item, DateTimeOffset? next, DateTimeOffset now,
        PriorityQueue<DemoCase, (DateTimeOffset, long)> queue, PriorityQueue<DateTimeOffset, DateTimeOffset> sweeps, long order)
    {
        // The step just taken left the old state's timers deleted and set the new state's: the ones in the tracker.
        var standing = db.Tracked<ProcessTimer>().Where(t => t.InstanceId == item.Instance!.Id && t.FiredAt == null).ToList();
        foreach (var timer in standing.Where(t => t.DueAt <= now && (next is null || t.DueAt < next)))
        {
            sweeps.Enqueue(timer.DueAt, timer.DueAt);
        }
        if (next is { } time)
        {
            queue.Enqueue(item, (time, order));
        }
        // The sweep writes the open tasks of a case whose timer falls due before its next step (warned, overdue): those are read
        // again then; the others the next step takes as this one saved them (ADR 58).
        item.OpenTasks = next is { } nextStep && standing.All(t => t.DueAt > nextStep)
            ? db.Tracked<WorkTask>().Where(t => t.InstanceId == item.Instance!.Id && t.Status == WorkTaskStatus.Open).ToList()
            : null;
        // The sweep fires every timer due before the next step (queued above), so that step finds none standing to delete.
        item.NoStandingTimers = next is { } leaves && leaves <= now && standing.All(t => t.DueAt < leaves);
    }

    /// <summary>
    /// How far the year is, the reports per second so far and the time left at that rate; reports arrive evenly over the
    /// simulated year and each brings its steps, so the share reported is the share of the work done.
    /// </summary>
    internal static string Progress(DateTimeOffset at, int reported, int total, int ended, TimeSpan elapsed)
    {
        var rate = reported / Math.Max(elapsed.TotalSeconds, 0.001);
        var left = (total - reported) / rate;
        return $"生成演示案件：{ChinaTime.FormatDate(at)}，已上报 {reported:N0} / {total:N0} 件（{100.0 * reported / total:N0}%），" +
            $"已办结 {ended:N0} 件，每秒 {rate:N1} 件，已用 {elapsed.TotalSeconds:N0} 秒，预计还需 {left:N0} 秒";
    }

    /// <summary>The chance that the holder of the case's current step does it in time.</summary>
    private static double Quality(DemoCase item, DemoStaff staff) => item.State switch
    {
        CaseLoopContract.Accepting => staff.Quality(item.Hub) + 0.05,
        CaseLoopContract.Verifying => 0.93,
        CaseLoopContract.Dispatching => staff.Quality(item.Hub) + 0.03,
        CaseLoopContract.Handling => staff.Quality(item.Target),
        CaseLoopContract.Checking => 0.95,
        _ => staff.Quality(item.Hub),
    };

    private async Task RemoveGeneratedAsync(IProgress<string>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var generated = db.Cases.Where(c => c.IsDemo).Select(c => c.InstanceId);
        var removed = await db.WorkTasks.Where(t => generated.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
        await db.CaseFacts.Where(f => f.IsDemo || f.Case!.IsDemo).ExecuteDeleteAsync(ct);
        await db.ProcessSteps.Where(s => generated.Contains(s.InstanceId)).ExecuteDeleteAsync(ct);
        await db.ProcessTimers.Where(s => generated.Contains(s.InstanceId)).ExecuteDeleteAsync(ct);
        // The messages the listener wrote for them (already marked delivered, see FinishAsync) link to the case.
        await db.OutboxMessages.Where(ForGeneratedCases(db)).ExecuteDeleteAsync(ct);
        var instanceIds = await generated.ToListAsync(ct);
        var cases = await db.Cases.Where(c => c.IsDemo).ExecuteDeleteAsync(ct);
        for (var i = 0; i < instanceIds.Count; i += 2000)
        {
            var chunk = instanceIds.Skip(i).Take(2000).ToList();
            await db.ProcessInstances.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        }
        if (cases > 0)
        {
            progress?.Report($"已删除此前生成的 {cases:N0} 件案件（{removed:N0} 条待办）");
        }
    }

    /// <summary>
    /// Marks what the loop wrote for generated cases: their facts as demo, and their outbox messages as delivered when they
    /// were written — a year of notifications belongs to the simulated past, not to today's bells.
    /// </summary>
    private async Task FinishAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.CaseFacts.Where(f => !f.IsDemo && f.Case!.IsDemo).ExecuteUpdateAsync(f => f.SetProperty(x => x.IsDemo, true), ct);
        await db.OutboxMessages.Where(m => m.DeliveredAt == null).Where(ForGeneratedCases(db))
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DeliveredAt, x => x.CreatedAt), ct);
        if (!db.Database.IsSqlServer())
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
        }
    }

    /// <summary>Messages about a generated case (their link is the case's page), found through the unique case number.</summary>
    private static System.Linq.Expressions.Expression<Func<Data.Notifications.OutboxMessage, bool>> ForGeneratedCases(PanlongDbContext db) =>
        m => m.Link != null && m.Link.StartsWith(CaseLink) && db.Cases.Any(c => c.IsDemo && c.Number == m.Link.Substring(CaseLink.Length));

    private const string CaseLink = "/cases/";

    private async Task<PanlongDbContext> BeginAsync(CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Database.BeginTransactionAsync(ct);
        // A failed step fails the whole run (which starts the year again), so no save needs a savepoint to fall back to.
        db.Database.AutoSavepointsEnabled = false;
        if (db.Database.IsSqlite())
        {
            // SQLite's default page cache (2 MB) is far smaller than the indexes a year of steps writes into: each insert would
            // read its index pages again. 256 MB for this connection while the year is made.
            await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144", ct);
        }
        return db;
    }

    private static async Task CommitAsync(PanlongDbContext db, CancellationToken ct)
    {
        await db.Database.CommitTransactionAsync(ct);
        await db.DisposeAsync();
    }
}
