using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>Everything a guard or effect may look at while a trigger is fired; effects write through <see cref="Db"/> in the fire's transaction.</summary>
public sealed class WorkflowContext(PanlongDbContext db, ProcessInstance instance, ProcessModel model, TransitionModel transition,
    WorkflowActor actor, FireInput input, JsonObject variables, WorkingCalendar calendar, DateTimeOffset now)
{
    public PanlongDbContext Db { get; } = db;
    public ProcessInstance Instance { get; } = instance;
    public ProcessModel Model { get; } = model;
    public TransitionModel Transition { get; } = transition;
    public WorkflowActor Actor { get; } = actor;
    public FireInput Input { get; } = input;
    public JsonObject Variables { get; } = variables;
    public WorkingCalendar Calendar { get; } = calendar;
    public DateTimeOffset Now { get; } = now;
}

/// <summary>A named condition a transition may require; <see cref="GuardResult.Reason"/> is shown to the user.</summary>
public interface IWorkflowGuard
{
    string Name { get; }

    ValueTask<GuardResult> CheckAsync(WorkflowContext context);
}

public sealed record GuardResult(bool Passed, string? Reason = null)
{
    public static readonly GuardResult Pass = new(true);

    public static GuardResult Fail(string reason) => new(false, reason);
}

/// <summary>A named piece of work a transition does, inside the same transaction as the state change.</summary>
public interface IWorkflowEffect
{
    string Name { get; }

    Task ExecuteAsync(WorkflowContext context);
}

/// <summary>Copies the trigger's form data into the instance's variables (e.g. the department a dispatcher chose).</summary>
public sealed class SetVariablesEffect : IWorkflowEffect
{
    public string Name => "set-variables";

    public Task ExecuteAsync(WorkflowContext context)
    {
        foreach (var (key, value) in context.Input.Data ?? new Dictionary<string, object?>())
        {
            context.Variables[key] = JsonSerializer.SerializeToNode(value);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// What a listener sees after a start or a fire has moved an instance: it runs inside the same SaveChanges, so a
/// feature's own tables (a case's projection, its outbox messages) never disagree with the instance.
/// </summary>
public sealed record WorkflowChange(PanlongDbContext Db, ProcessInstance Instance, ProcessModel Model, string? Trigger, string FromState,
    WorkflowActor Actor, FireInput Input, JsonObject Variables, IReadOnlyList<WorkTask> OpenedTasks, DateTimeOffset Now)
{
    public bool Started => Trigger is null;

    /// <summary>
    /// Whether the instance had been in the state it now entered before this fire: known when the caller holds the instance's
    /// history (<see cref="HeldInstance"/>), null when not — then a listener that needs it reads it.
    /// </summary>
    public bool? EnteredBefore { get; init; }
}

/// <summary>
/// Told of every state change of instances whose subject type it names. <see cref="Contracts"/> are the processes whose
/// states and triggers it (and its feature) names; the validator refuses a version that drops one of them.
/// </summary>
public interface IWorkflowListener
{
    string SubjectType { get; }

    IReadOnlyList<ProcessContract> Contracts { get; }

    Task OnChangedAsync(WorkflowChange change);
}
