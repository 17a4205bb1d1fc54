using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Stateless;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// Starts instances and fires triggers. Each fire checks the actor's role and org scope, the guard and the
/// instance's concurrency token; records the transition; closes and opens work tasks; sets deadlines and
/// timers; and runs the effects — all in one SaveChanges, so a refused or failed fire changes nothing.
/// </summary>
public sealed class WorkflowRunner(
    IDbContextFactory<PanlongDbContext> dbFactory,
    DefinitionStore definitions,
    CalendarProvider calendars,
    IEnumerable<IWorkflowGuard> guards,
    IEnumerable<IWorkflowEffect> effects,
    IEnumerable<IWorkflowListener> listeners,
    TimeProvider clock)
{
    private readonly IReadOnlyList<IWorkflowListener> _listeners = listeners.ToList();
    private readonly Dictionary<string, IWorkflowGuard> _guards = guards.ToDictionary(g => g.Name);
    private readonly Dictionary<string, IWorkflowEffect> _effects = effects.ToDictionary(e => e.Name);

    /// <param name="alongside">Rows of the feature to save in the same transaction (e.g. the case the instance is about).</param>
    public async Task<ProcessInstance> StartAsync(string definitionKey, WorkflowSubject subject, WorkflowActor actor,
        IReadOnlyDictionary<string, object?>? variables = null, Action<PanlongDbContext, ProcessInstance>? alongside = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await StartAsync(db, definitionKey, subject, actor, variables, alongside, ct);
    }

    /// <summary>
    /// Starts in the caller's context, so the caller's own rows (read or added before) are saved with the start in the
    /// one SaveChanges this makes (docs/decisions/0017-one-service-per-feature.md).
    /// </summary>
    public Task<ProcessInstance> StartAsync(PanlongDbContext db, string definitionKey, WorkflowSubject subject, WorkflowActor actor,
        IReadOnlyDictionary<string, object?>? variables = null, Action<PanlongDbContext, ProcessInstance>? alongside = null, CancellationToken ct = default) =>
        StartAsync(db, definitionKey, subject, actor, variables, alongside, leavesAt: null, ct);

    /// <param name="leavesAt">
    /// As <see cref="HeldInstance.LeavesAt"/> for the start state: a caller that will itself fire the transition out of it at a
    /// known moment gets only the start state's timers due by then (docs/decisions/0071-the-demo-year-in-four-minutes.md).
    /// </param>
    internal async Task<ProcessInstance> StartAsync(PanlongDbContext db, string definitionKey, WorkflowSubject subject, WorkflowActor actor,
        IReadOnlyDictionary<string, object?>? variables, Action<PanlongDbContext, ProcessInstance>? alongside,
        Func<string, DateTimeOffset?, DateTimeOffset?>? leavesAt, CancellationToken ct)
    {
        var definition = await definitions.LatestAsync(db, definitionKey, ct)
            ?? throw new InvalidOperationException($"No published definition '{definitionKey}'.");
        var unit = await EngineQueries.UnitAsync(db, subject.OrgUnitCode, ct)
            ?? throw new ArgumentException($"Unknown org unit '{subject.OrgUnitCode}'.", nameof(subject));
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        var vars = new JsonObject();
        foreach (var (key, value) in variables ?? new Dictionary<string, object?>())
        {
            vars[key] = JsonSerializer.SerializeToNode(value);
        }
        var model = definition.Model;
        var instance = new ProcessInstance
        {
            Id = Guid.NewGuid(),
            DefinitionId = definition.Id,
            DefinitionKey = definition.Key,
            DefinitionVersion = definition.Version,
            SubjectType = subject.Type,
            SubjectId = subject.Id,
            OrgUnitId = unit.Id,
            ScopePath = unit.ScopePath,
            State = model.StartState.Id,
            StartedAt = now,
            StateEnteredAt = now,
            DueAt = Deadline(model.Limit, vars, now, calendar),
        };
        db.ProcessInstances.Add(instance);
        db.ProcessSteps.Add(Step(instance.Id, StepKind.Started, null, "", model.StartState.Id, actor, now));
        await EnterAsync(db, model, instance, model.StartState, vars, actor, now, calendar, ct, leavesAt);
        alongside?.Invoke(db, instance);
        await NotifyAsync(new WorkflowChange(db, instance, model, null, "", actor, new FireInput(), vars, Opened(db), now));
        instance.Variables = vars.ToJsonString();
        await db.SaveChangesAsync(ct);
        return instance;
    }

    /// <param name="alongside">Rows of the feature saved with the fire, only when it is not refused (e.g. the after-photos).</param>
    public async Task<FireResult> FireAsync(Guid instanceId, Guid expectedVersion, string trigger, WorkflowActor actor,
        FireInput? input = null, Action<PanlongDbContext, ProcessInstance>? alongside = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FireAsync(db, instanceId, expectedVersion, trigger, actor, input, alongside, ct);
    }

    /// <summary>
    /// Fires in the caller's context: the caller's checks and reads share it, and <paramref name="alongside"/> (photos, the
    /// audit row) is saved in the fire's one SaveChanges. <paramref name="expectedVersion"/> is the version the user saw,
    /// so a fire on a page that is out of date is refused (docs/decisions/0017-one-service-per-feature.md).
    /// </summary>
    public Task<FireResult> FireAsync(PanlongDbContext db, Guid instanceId, Guid expectedVersion, string trigger, WorkflowActor actor,
        FireInput? input = null, Action<PanlongDbContext, ProcessInstance>? alongside = null, CancellationToken ct = default) =>
        FireAsync(db, instanceId, expectedVersion, null, trigger, actor, input, alongside, ct);

    /// <summary>
    /// Fires on an instance the caller holds as its last save left it (<see cref="HeldInstance"/>): the row is attached instead
    /// of read, and the listeners are told whether the state entered was entered before, so they need not look for what it
    /// supersedes when it was not. The held row's version is the one expected (docs/decisions/0058-what-a-step-reads.md).
    /// </summary>
    public Task<FireResult> FireAsync(PanlongDbContext db, HeldInstance held, string trigger, WorkflowActor actor, FireInput? input = null,
        CancellationToken ct = default)
    {
        if (db.Entry(held.Row).State == EntityState.Detached)
        {
            db.ProcessInstances.Attach(held.Row);
        }
        return FireAsync(db, held.Row.Id, held.Row.Version, held, trigger, actor, input, null, ct);
    }

    /// <summary>
    /// One connection for the whole fire: otherwise EF Core opens and closes it around each read and the save, and on SQLite
    /// every opening registers EF's SQL functions on the connection again (docs/decisions/0070-lighter-desk-and-fire.md; not yet
    /// measured). Opening is counted, so a caller's open connection stays open.
    /// </summary>
    private async Task<FireResult> FireAsync(PanlongDbContext db, Guid instanceId, Guid expectedVersion, HeldInstance? held, string trigger, WorkflowActor actor,
        FireInput? input, Action<PanlongDbContext, ProcessInstance>? alongside, CancellationToken ct)
    {
        using var activity = EngineTelemetry.StartFire(trigger);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var result = await FireOpenAsync(db, instanceId, expectedVersion, held, trigger, actor, input, alongside, ct);
            EngineTelemetry.Finished(activity, result);
            return result;
        }
        catch (Exception e)
        {
            EngineTelemetry.Failed(activity, e);
            throw;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task<FireResult> FireOpenAsync(PanlongDbContext db, Guid instanceId, Guid expectedVersion, HeldInstance? held, string trigger, WorkflowActor actor,
        FireInput? input, Action<PanlongDbContext, ProcessInstance>? alongside, CancellationToken ct)
    {
        input ??= new FireInput();
        var instance = held?.Row ?? await EngineQueries.InstanceAsync(db, instanceId, ct);
        if (instance is null)
        {
            return FireResult.Refused(Refusal.NotFound);
        }
        EngineTelemetry.Instance(instance);
        if (instance.Version != expectedVersion)
        {
            return FireResult.Refused(Refusal.ChangedBySomeoneElse);
        }
        var model = (await definitions.GetAsync(instance.DefinitionId, ct)).Model;
        var openTasks = held?.OpenTasks is { } heldTasks ? Attached(db, heldTasks) : await EngineQueries.OpenTasksAsync(db, instanceId, ct);
        var transition = FindTransition(model, instance, trigger);
        if (transition is null)
        {
            // A trigger none of the actor's roles may ever fire is a question of role, whatever the state ("not allowed", 403).
            var named = model.Transitions.Where(t => t.Trigger == trigger).ToList();
            if (!actor.IsSystem && named.Count > 0 && !named.Any(t => t.Roles.Any(actor.Roles.Contains)))
            {
                return FireResult.Refused(Refusal.NotAllowedForRole);
            }
            // Someone else just took the step this trigger belonged to: say so ("refresh"), not "not possible at this step".
            var last = await db.ProcessSteps.AsNoTracking().Where(s => s.InstanceId == instanceId && s.Kind == StepKind.Transition)
                .OrderByDescending(s => s.Id).Select(s => new { s.FromState, s.ActorId }).FirstOrDefaultAsync(ct);
            var lostRace = last is not null && last.ActorId != actor.UserId
                && model.StateAndAncestors(last.FromState).Any(state => model.Transitions.Any(t => t.From == state && t.Trigger == trigger));
            return FireResult.Refused(lostRace ? Refusal.ChangedBySomeoneElse : Refusal.NotPermittedInState, instance.State);
        }
        var (refusal, task) = Authorize(instance, transition, actor, openTasks);
        if (refusal is not null)
        {
            // In a countersign, a unit that has already voted has no open task left: say so rather than "not your area".
            if (refusal == Refusal.NotInScope && transition.Vote && await db.WorkTasks.AnyAsync(t => t.InstanceId == instanceId
                    && t.State == instance.State && t.Status == WorkTaskStatus.Completed && actor.Scope.RootPath != null && t.ScopePath == actor.Scope.RootPath, ct))
            {
                return FireResult.Refused(Refusal.AlreadyActed);
            }
            return FireResult.Refused(refusal.Value);
        }
        if (transition.RequiresComment && string.IsNullOrWhiteSpace(input.Comment))
        {
            return FireResult.Refused(Refusal.CommentRequired);
        }
        if (transition.RequiresAttachment && (input.Attachments is null || input.Attachments.Count == 0))
        {
            return FireResult.Refused(Refusal.AttachmentRequired);
        }

        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        var vars = JsonNode.Parse(instance.Variables) as JsonObject ?? [];
        var context = new WorkflowContext(db, instance, model, transition, actor, input, vars, calendar, now);
        if (transition.Guard is { } guardName)
        {
            var check = await _guards[guardName].CheckAsync(context);
            if (!check.Passed)
            {
                return FireResult.Refused(Refusal.ConditionNotMet, check.Reason);
            }
        }

        alongside?.Invoke(db, instance);
        var state = model.FindState(instance.State)!;
        if (transition.Remark)
        {
            // A remark (e.g. 督办) leaves the instance, its tasks and its version as they are: a history row and the effects.
            foreach (var name in transition.Effects ?? [])
            {
                await _effects[name].ExecuteAsync(context);
            }
            db.ProcessSteps.Add(Step(instance.Id, StepKind.Transition, transition.Trigger, state.Id, state.Id, actor, now, input));
            await db.SaveChangesAsync(ct);
            return FireResult.Done(instance.State, instance.Version, moved: false);
        }
        var spent = (long)calendar.WorkingTimeBetween(instance.StateEnteredAt, now).TotalMinutes;
        var moved = true;
        if (transition.Vote && state.Parallel is { } parallel)
        {
            Complete(task!, transition.Trigger, actor, now);
            moved = parallel.Mode == ParallelMode.Any || openTasks.All(t => t.Status != WorkTaskStatus.Open);
            if (!moved)
            {
                db.ProcessSteps.Add(Step(instance.Id, StepKind.Vote, transition.Trigger, state.Id, state.Id, actor, now, input, spent));
            }
        }
        if (moved)
        {
            Leave(db, instance, openTasks, task, transition, actor, now, calendar);
            foreach (var name in transition.Effects ?? [])
            {
                await _effects[name].ExecuteAsync(context);
            }
            var machine = Machine(model, instance);
            await machine.FireAsync(transition.Trigger);
            db.ProcessSteps.Add(Step(instance.Id, StepKind.Transition, transition.Trigger, state.Id, instance.State, actor, now, input, spent));
            await EnterAsync(db, model, instance, model.FindState(instance.State)!, vars, actor, now, calendar, ct, held?.LeavesAt);
            await NotifyAsync(new WorkflowChange(db, instance, model, transition.Trigger, state.Id, actor, input, vars, Opened(db), now)
            {
                EnteredBefore = held?.StatesEntered.Contains(instance.State),
            });
        }
        instance.Variables = vars.ToJsonString();
        // A new version even when nothing else changed (a vote, a remark), checked against the one the user saw; the UPDATE
        // writes only the columns the fire changed (docs/decisions/0047-one-pass-per-save.md).
        var version = db.Entry(instance).Property(i => i.Version);
        version.OriginalValue = expectedVersion;
        version.IsModified = true;
        try
        {
            await (moved && held?.NoStandingTimers != true ? SaveLeavingAsync(db, instance.Id, ct) : db.SaveChangesAsync(ct));
        }
        catch (DbUpdateConcurrencyException)
        {
            return FireResult.Refused(Refusal.ChangedBySomeoneElse);
        }
        return FireResult.Done(instance.State, instance.Version, moved);
    }

    /// <summary>
    /// Saves a fire that leaves its state: the state's standing timers go in one statement instead of being loaded and
    /// deleted one by one, in the save's transaction, so a refused save leaves them in place (the caller's transaction when
    /// it has one; otherwise one of its own, run again whole by the retrying strategy, docs/decisions/0019-database-outages.md).
    /// A timer claimed meanwhile by the timer runner is fired, not standing, and stays (docs/decisions/0042-what-the-engine-keeps.md).
    /// </summary>
    private static async Task SaveLeavingAsync(PanlongDbContext db, Guid instanceId, CancellationToken ct)
    {
        var standing = db.ProcessTimers.Where(t => t.InstanceId == instanceId && t.FiredAt == null);
        if (db.Database.CurrentTransaction is not null)
        {
            await standing.ExecuteDeleteAsync(ct);
            await db.SaveChangesAsync(ct);
            return;
        }
        // The transaction is the save's own and goes whole or not at all: no savepoint inside it (ADR 47).
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await standing.ExecuteDeleteAsync(ct);
                var saved = await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, ct);
                await transaction.CommitAsync(ct);
                return saved;
            }, ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
        db.ChangeTracker.AcceptAllChanges();
    }

    private async Task NotifyAsync(WorkflowChange change)
    {
        foreach (var listener in _listeners.Where(l => l.SubjectType == change.Instance.SubjectType))
        {
            await listener.OnChangedAsync(change);
        }
    }

    private static List<WorkTask> Opened(PanlongDbContext db) => db.Added<WorkTask>();

    private static List<WorkTask> Attached(PanlongDbContext db, IReadOnlyList<WorkTask> tasks)
    {
        foreach (var task in tasks.Where(t => db.Entry(t).State == EntityState.Detached))
        {
            db.WorkTasks.Attach(task);
        }
        return [.. tasks];
    }

    /// <summary>The triggers the actor may fire now (role and scope; guards are checked when fired).</summary>
    public async Task<IReadOnlyList<PermittedTrigger>> PermittedTriggersAsync(Guid instanceId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var instance = await db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct);
        if (instance is null || instance.Status != InstanceStatus.Running)
        {
            return [];
        }
        var model = (await definitions.GetAsync(instance.DefinitionId, ct)).Model;
        var openTasks = await db.WorkTasks.AsNoTracking().Where(t => t.InstanceId == instanceId && t.Status == WorkTaskStatus.Open).ToListAsync(ct);
        var here = model.StateAndAncestors(instance.State).ToHashSet();
        return model.Transitions
            .Where(t => here.Contains(t.From) && Authorize(instance, t, actor, openTasks).Refusal is null)
            .Select(t => new PermittedTrigger(t.Trigger, t.Name, t.RequiresComment, t.RequiresAttachment, t.NameEn))
            .ToList();
    }

    private static TransitionModel? FindTransition(ProcessModel model, ProcessInstance instance, string trigger)
    {
        if (instance.Status != InstanceStatus.Running)
        {
            return null;
        }
        // Innermost first: a sub-state's own transition wins over its parent's.
        foreach (var state in model.StateAndAncestors(instance.State))
        {
            if (model.Transitions.FirstOrDefault(t => t.From == state && t.Trigger == trigger) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    /// <summary>
    /// Role first. An oversight transition (上收, 督办) is for someone above the units that hold the work and never does
    /// a task. When the transition is the open task's own work, only its owner may do it: the assignee, or the role IN
    /// the task's unit (<see cref="WorkflowActor.CanTake"/>), not claimed by someone else — a covering scope is not
    /// enough (docs/decisions/0011-case-loop-levels.md). A transition no open task names has no owner to hand over to:
    /// the actor's scope must cover the instance.
    /// </summary>
    private static (Refusal? Refusal, WorkTask? Task) Authorize(ProcessInstance instance, TransitionModel transition, WorkflowActor actor, List<WorkTask> openTasks)
    {
        if (!transition.Roles.Any(actor.Roles.Contains))
        {
            return (Refusal.NotAllowedForRole, null);
        }
        if (actor.IsSystem)
        {
            return (null, openTasks.Count > 0 && !transition.Oversight ? openTasks[0] : null);
        }
        if (transition.Oversight)
        {
            return actor.Scope.Covers(instance.ScopePath) && actor.IsAbove(openTasks) ? (null, null) : (Refusal.NotInScope, null);
        }
        var taskWork = openTasks.Where(t => t.AssigneeUserId is not null || (t.Role is not null && transition.Roles.Contains(t.Role))).ToList();
        if (taskWork.Count == 0)
        {
            return actor.Scope.Covers(instance.ScopePath) ? (null, null) : (Refusal.NotInScope, null);
        }
        var mine = taskWork.Where(actor.CanTake).ToList();
        if (mine.Count == 0)
        {
            return (Refusal.NotInScope, null);
        }
        var free = mine.FirstOrDefault(t => t.ClaimedByUserId is null || t.ClaimedByUserId == actor.UserId);
        return free is null ? (Refusal.ClaimedBySomeoneElse, null) : (null, free);
    }

    private static StateMachine<string, string> Machine(ProcessModel model, ProcessInstance instance)
    {
        var machine = new StateMachine<string, string>(() => instance.State, s => instance.State = s);
        foreach (var state in model.States.Where(s => s.Parent is not null))
        {
            machine.Configure(state.Id).SubstateOf(state.Parent!);
        }
        foreach (var t in model.Transitions)
        {
            if (t.From == t.To)
            {
                machine.Configure(t.From).PermitReentry(t.Trigger);
            }
            else
            {
                machine.Configure(t.From).Permit(t.Trigger, t.To);
            }
        }
        return machine;
    }

    private static void Leave(PanlongDbContext db, ProcessInstance instance, IReadOnlyList<WorkTask> openTasks, WorkTask? done,
        TransitionModel transition, WorkflowActor actor, DateTimeOffset now, WorkingCalendar calendar)
    {
        foreach (var task in openTasks.Where(t => t.Status == WorkTaskStatus.Open))
        {
            if (task == done)
            {
                Complete(task, transition.Trigger, actor, now);
            }
            else
            {
                task.Status = WorkTaskStatus.Cancelled;
                task.CompletedAt = now;
            }
        }
        // The state's standing timers are deleted in the save (SaveLeavingAsync); any this context still holds are let go of.
        foreach (var gone in db.Tracked<ProcessTimer>().Where(t => t.InstanceId == instance.Id && t.FiredAt == null).ToList())
        {
            db.Entry(gone).State = EntityState.Detached;
        }
        if (instance.PausedAt is { } pausedAt)
        {
            // The clock stopped while the state waited (补齐补正, 挂起): the deadline moves by the working time it stood still.
            if (instance.DueAt is { } due)
            {
                instance.DueAt = calendar.AddWorkingTime(due, calendar.WorkingTimeBetween(pausedAt, now));
            }
            instance.PausedAt = null;
            db.ProcessSteps.Add(Step(instance.Id, StepKind.Resumed, null, instance.State, instance.State, actor, now));
        }
    }

    private static async Task EnterAsync(PanlongDbContext db, ProcessModel model, ProcessInstance instance, StateModel state, JsonObject vars,
        WorkflowActor actor, DateTimeOffset now, WorkingCalendar calendar, CancellationToken ct, Func<string, DateTimeOffset?, DateTimeOffset?>? leavesAt = null)
    {
        instance.State = state.Id;
        instance.StateEnteredAt = now;
        if (state.Kind == StateKind.End)
        {
            instance.Status = InstanceStatus.Completed;
            instance.CompletedAt = now;
            return;
        }
        if (state.PausesClock)
        {
            instance.PausedAt = now;
            db.ProcessSteps.Add(Step(instance.Id, StepKind.Paused, null, state.Id, state.Id, actor, now));
        }
        var due = Deadline(state.Limit, vars, now, calendar);
        // A holder that leaves the state itself at a known moment gets only the timers due by then (HeldInstance.LeavesAt).
        var until = leavesAt?.Invoke(state.Id, due) ?? DateTimeOffset.MaxValue;
        foreach (var (unit, userId) in await AssigneesAsync(db, model, instance, state, vars, ct))
        {
            db.WorkTasks.Add(new WorkTask
            {
                InstanceId = instance.Id,
                State = state.Id,
                Name = state.Name,
                Role = state.Parallel?.Role ?? state.Assign?.Role,
                OrgUnitId = unit?.Id,
                ScopePath = unit?.ScopePath ?? instance.ScopePath,
                AssigneeUserId = userId,
                IsParallel = state.Parallel is not null,
                CreatedAt = now,
                DueAt = due,
                Status = WorkTaskStatus.Open,
            });
        }
        if (due is { } deadline)
        {
            // A wall-clock limit places its warning and escalations in wall-clock time too.
            var wall = state.Limit?.IsWorkingTime == false;
            var limit = wall ? deadline - now : calendar.WorkingTimeBetween(now, deadline);
            DateTimeOffset At(double share) => wall ? now + (limit * share) : calendar.AddWorkingTime(now, limit * share);
            void Set(ProcessTimer timer)
            {
                if (timer.DueAt <= until)
                {
                    db.ProcessTimers.Add(timer);
                }
            }
            Set(new ProcessTimer { InstanceId = instance.Id, State = state.Id, Kind = TimerKind.Warning, DueAt = At(TrafficLights.YellowFrom) });
            Set(new ProcessTimer { InstanceId = instance.Id, State = state.Id, Kind = TimerKind.Overdue, DueAt = deadline });
            foreach (var escalation in state.Escalations ?? [])
            {
                Set(new ProcessTimer
                {
                    InstanceId = instance.Id,
                    State = state.Id,
                    Kind = TimerKind.Escalation,
                    Trigger = escalation.Trigger,
                    DueAt = escalation.At <= 1 || wall ? At(escalation.At) : calendar.AddWorkingTime(deadline, limit * (escalation.At - 1)),
                });
            }
        }
    }

    /// <summary>Who gets the state's work: (unit, null) for a role in a unit, (null, user) for a person.</summary>
    private static async Task<IReadOnlyList<(Holder? Unit, string? UserId)>> AssigneesAsync(PanlongDbContext db, ProcessModel model, ProcessInstance instance,
        StateModel state, JsonObject vars, CancellationToken ct)
    {
        if (state.Parallel is { } parallel)
        {
            var codes = vars[parallel.UnitsVariable] is JsonArray array ? array.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : [];
            if (codes.Count == 0)
            {
                throw new InvalidOperationException($"State {state.Id} of {model.Key} needs the unit list '{parallel.UnitsVariable}'.");
            }
            var units = await Units(db, codes).ToListAsync(ct);
            return units.Select(u => ((Holder?)u, (string?)null)).ToList();
        }
        if (state.Assign is not { } assign)
        {
            return [];
        }
        if (assign.UserVariable is { } userVariable)
        {
            return [(null, vars[userVariable]?.GetValue<string>() ?? throw new InvalidOperationException($"State {state.Id} needs the variable '{userVariable}'."))];
        }
        var code = assign.UnitVariable is { } unitVariable
            ? vars[unitVariable]?.GetValue<string>() ?? throw new InvalidOperationException($"State {state.Id} needs the variable '{unitVariable}'.")
            : CodeAtLevel(instance.ScopePath, assign.Level ?? "unit");
        var unit = await EngineQueries.UnitAsync(db, code, ct) ?? throw new InvalidOperationException($"Unknown org unit '{code}'.");
        return [(unit, null)];
    }

    private static IQueryable<Holder> Units(PanlongDbContext db, List<string> codes) =>
        db.OrgUnits.Where(u => codes.Contains(u.Code)).Select(u => new Holder(u.Id, u.ScopePath));

    /// <summary>The unit at a level (of the definition's <c>assign.level</c>) above the instance's own; "unit" is its own.</summary>
    internal static string CodeAtLevel(string scopePath, string level)
    {
        var path = OrgPath.Parse(scopePath);
        return level switch
        {
            "district" => path.CodeAtOrLeaf(OrgLevel.District),
            "street" => path.CodeAtOrLeaf(OrgLevel.Street),
            "community" => path.CodeAtOrLeaf(OrgLevel.Community),
            _ => path.Leaf,
        };
    }

    private static DateTimeOffset? Deadline(TimeLimit? limit, JsonObject vars, DateTimeOffset now, WorkingCalendar calendar)
    {
        if (limit is null || limit.IsEmpty)
        {
            return null;
        }
        double? Number(string? name) => name is not null && vars[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        if ((limit.Minutes ?? Number(limit.MinutesVariable)) is { } minutes)
        {
            return now.AddMinutes(minutes);
        }
        if ((limit.WorkingHours ?? Number(limit.HoursVariable)) is { } hours)
        {
            return calendar.AddWorkingTime(now, TimeSpan.FromHours(hours));
        }
        if ((limit.WorkingDays ?? Number(limit.DaysVariable)) is { } days)
        {
            return calendar.AddWorkingDays(now, (int)days);
        }
        return null;
    }

    private static void Complete(WorkTask task, string trigger, WorkflowActor actor, DateTimeOffset now)
    {
        task.Status = WorkTaskStatus.Completed;
        task.CompletedAt = now;
        task.CompletedByUserId = actor.UserId;
        task.CompletedByName = actor.Name;
        task.Outcome = trigger;
    }

    internal static ProcessStep Step(Guid instanceId, StepKind kind, string? trigger, string from, string to, WorkflowActor actor,
        DateTimeOffset now, FireInput? input = null, long minutes = 0) => new()
        {
            InstanceId = instanceId,
            At = now,
            Kind = kind,
            Trigger = trigger,
            FromState = from,
            ToState = to,
            ActorId = actor.UserId,
            ActorName = actor.Name,
            Comment = input?.Comment,
            Attachments = input?.Attachments is { Count: > 0 } files ? JsonSerializer.Serialize(files) : null,
            WorkingMinutes = minutes,
        };
}
