using System.Text.Json;

namespace Panlong.Workflows.Engine.Definitions;

/// <summary>One problem in a definition. <see cref="Code"/> is stable (tests, localization); <see cref="Args"/> name the state or transition.</summary>
public sealed record ValidationIssue(string Code, params string[] Args)
{
    public bool Equals(ValidationIssue? other) => other is not null && Code == other.Code && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => HashCode.Combine(Code, Args.Length);

    public override string ToString() => $"{Code}({string.Join(", ", Args)})";
}

/// <summary>
/// Checks a definition before it may be published: its shape, reachability, exits, that every role, guard
/// and effect it names exists, and that it keeps the states and triggers its features' contracts name. Nothing with an
/// issue is ever published.
/// </summary>
public sealed class ProcessValidator(IEnumerable<string> knownRoles, IEnumerable<string> knownGuards, IEnumerable<string> knownEffects,
    IEnumerable<ProcessContract>? contracts = null)
{
    private static readonly string[] Levels = ["unit", "community", "street", "district"];
    private readonly HashSet<string> _roles = [.. knownRoles, ProcessModel.SystemRole];
    private readonly HashSet<string> _guards = [.. knownGuards];
    private readonly HashSet<string> _effects = [.. knownEffects];
    private readonly IReadOnlyList<ProcessContract> _contracts = (contracts ?? []).Distinct().ToList();

    public IReadOnlyList<ProcessContract> Contracts => _contracts;

    public (ProcessModel? Model, IReadOnlyList<ValidationIssue> Issues) Validate(string json)
    {
        ProcessModel model;
        try
        {
            model = ProcessModel.Parse(json);
        }
        catch (JsonException ex)
        {
            return (null, [new ValidationIssue("InvalidJson", (ex.LineNumber + 1)?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?", ex.Message)]);
        }
        var issues = Validate(model);
        return (issues.Count == 0 ? model : null, issues);
    }

    public IReadOnlyList<ValidationIssue> Validate(ProcessModel model)
    {
        var issues = new List<ValidationIssue>();
        void Add(string code, params string[] args) => issues.Add(new ValidationIssue(code, args));

        if (string.IsNullOrWhiteSpace(model.Key) || !model.Key.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            Add("InvalidKey", model.Key ?? "");
        }
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            Add("MissingName");
        }
        var states = model.States ?? [];
        var transitions = model.Transitions ?? [];
        if (states.Count == 0)
        {
            Add("NoStates");
            return issues;
        }

        foreach (var duplicate in states.GroupBy(s => s.Id).Where(g => g.Count() > 1))
        {
            Add("DuplicateState", duplicate.Key);
        }
        var byId = states.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var starts = states.Where(s => s.Kind == StateKind.Start).ToList();
        if (starts.Count != 1)
        {
            Add("StartStateCount", starts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (!states.Any(s => s.Kind == StateKind.End))
        {
            Add("NoEndState");
        }
        foreach (var state in states)
        {
            CheckState(state, byId, Add);
        }
        CheckParentCycles(states, byId, Add);

        foreach (var t in transitions)
        {
            var label = $"{t.From} --{t.Trigger}--> {t.To}";
            if (string.IsNullOrWhiteSpace(t.Trigger))
            {
                Add("MissingTrigger", label);
            }
            if (!byId.ContainsKey(t.From ?? ""))
            {
                Add("UnknownFromState", label, t.From ?? "");
            }
            if (!byId.ContainsKey(t.To ?? ""))
            {
                Add("UnknownToState", label, t.To ?? "");
            }
            if (t.From is not null && byId.TryGetValue(t.From, out var from) && from.Kind == StateKind.End)
            {
                Add("EndStateHasExit", t.From, t.Trigger ?? "");
            }
            if (t.Roles is null || t.Roles.Count == 0)
            {
                Add("TransitionWithoutRoles", label);
            }
            foreach (var role in (t.Roles ?? []).Where(r => !_roles.Contains(r)))
            {
                Add("UnknownRole", label, role);
            }
            if (t.Guard is not null && !_guards.Contains(t.Guard))
            {
                Add("UnknownGuard", label, t.Guard);
            }
            foreach (var effect in (t.Effects ?? []).Where(e => !_effects.Contains(e)))
            {
                Add("UnknownEffect", label, effect);
            }
            if (t.Vote && (t.From is null || !byId.TryGetValue(t.From, out var voteState) || voteState.Parallel is null))
            {
                Add("VoteOutsideParallelState", label);
            }
            if (t.Remark && t.From != t.To)
            {
                Add("RemarkMustStay", label);
            }
        }
        foreach (var duplicate in transitions.GroupBy(t => (t.From, t.Trigger)).Where(g => g.Count() > 1))
        {
            Add("DuplicateTrigger", duplicate.Key.From ?? "", duplicate.Key.Trigger ?? "");
        }
        foreach (var escalation in states.Where(s => s.Escalations is not null).SelectMany(s => s.Escalations!.Select(e => (State: s, Escalation: e))))
        {
            var fires = transitions.FirstOrDefault(t => t.Trigger == escalation.Escalation.Trigger && Ancestors(escalation.State.Id, byId).Contains(t.From));
            if (fires is null)
            {
                Add("EscalationWithoutTransition", escalation.State.Id, escalation.Escalation.Trigger ?? "");
            }
            else if (fires.Roles?.Contains(ProcessModel.SystemRole) != true)
            {
                Add("EscalationNotForSystem", escalation.State.Id, escalation.Escalation.Trigger ?? "");
            }
        }
        foreach (var contract in _contracts)
        {
            issues.AddRange(contract.Check(model));
        }

        if (issues.Count == 0)
        {
            CheckGraph(model, byId, transitions, Add);
        }
        return issues;
    }

    private void CheckState(StateModel state, Dictionary<string, StateModel> byId, Action<string, string[]> add)
    {
        if (string.IsNullOrWhiteSpace(state.Id))
        {
            add("MissingStateId", []);
        }
        if (string.IsNullOrWhiteSpace(state.Name))
        {
            add("MissingStateName", [state.Id ?? ""]);
        }
        if (state.Parent is not null && !byId.ContainsKey(state.Parent))
        {
            add("UnknownParent", [state.Id ?? "", state.Parent]);
        }
        if (state.Assign is { } assign)
        {
            if (assign.UserVariable is null && (assign.Role is null || !_roles.Contains(assign.Role)))
            {
                add("UnknownRole", [state.Id ?? "", assign.Role ?? ""]);
            }
            if (assign.Level is not null && !Levels.Contains(assign.Level))
            {
                add("UnknownLevel", [state.Id ?? "", assign.Level]);
            }
        }
        if (state.Parallel is { } parallel)
        {
            if (!_roles.Contains(parallel.Role ?? ""))
            {
                add("UnknownRole", [state.Id ?? "", parallel.Role ?? ""]);
            }
            if (string.IsNullOrWhiteSpace(parallel.UnitsVariable))
            {
                add("ParallelWithoutUnits", [state.Id ?? ""]);
            }
            if (state.Assign is not null)
            {
                add("ParallelAndAssign", [state.Id ?? ""]);
            }
        }
        if (state.HasWork && state.Kind is StateKind.Wait or StateKind.End)
        {
            add("WorkInNonTaskState", [state.Id ?? ""]);
        }
        if (state.Kind == StateKind.Task && !state.HasWork)
        {
            add("TaskWithoutAssignee", [state.Id ?? ""]);
        }
        if (state.Limit is { } limit && (limit.WorkingHours <= 0 || limit.WorkingDays <= 0 || limit.Minutes <= 0))
        {
            add("NonPositiveLimit", [state.Id ?? ""]);
        }
        if (state.Escalations is { Count: > 0 } && state.Limit is null or { IsEmpty: true })
        {
            add("EscalationWithoutLimit", [state.Id ?? ""]);
        }
    }

    private static void CheckParentCycles(IReadOnlyList<StateModel> states, Dictionary<string, StateModel> byId, Action<string, string[]> add)
    {
        foreach (var state in states)
        {
            var seen = new HashSet<string>();
            for (var current = state; current.Parent is not null && byId.TryGetValue(current.Parent, out var parent); current = parent)
            {
                if (!seen.Add(parent.Id))
                {
                    add("ParentCycle", [state.Id]);
                    break;
                }
            }
        }
    }

    private static HashSet<string> Ancestors(string id, Dictionary<string, StateModel> byId)
    {
        var result = new HashSet<string>();
        for (var state = byId.GetValueOrDefault(id); state is not null && result.Add(state.Id); state = state.Parent is null ? null : byId.GetValueOrDefault(state.Parent))
        {
        }
        return result;
    }

    /// <summary>Every state reachable from the start; every non-end state with a way out (its own or a parent's).</summary>
    private static void CheckGraph(ProcessModel model, Dictionary<string, StateModel> byId, IReadOnlyList<TransitionModel> transitions, Action<string, string[]> add)
    {
        var parents = byId.Values.Where(s => s.Parent is not null).Select(s => s.Parent!).ToHashSet();
        var leaves = byId.Values.Where(s => !parents.Contains(s.Id)).ToList();
        var reached = new HashSet<string> { model.StartState.Id };
        var queue = new Queue<string>(reached);
        while (queue.TryDequeue(out var current))
        {
            var here = Ancestors(current, byId);
            foreach (var t in transitions.Where(t => here.Contains(t.From) && reached.Add(t.To)))
            {
                queue.Enqueue(t.To);
            }
        }
        // A parent is reached when one of its sub-states is.
        foreach (var state in byId.Values.Where(s => parents.Contains(s.Id) && byId.Values.Any(c => reached.Contains(c.Id) && Ancestors(c.Id, byId).Contains(s.Id))))
        {
            reached.Add(state.Id);
        }
        foreach (var state in model.States.Where(s => !reached.Contains(s.Id)))
        {
            add("UnreachableState", [state.Id]);
        }
        foreach (var state in leaves.Where(s => s.Kind != StateKind.End))
        {
            var here = Ancestors(state.Id, byId);
            if (!transitions.Any(t => here.Contains(t.From)))
            {
                add("NoWayOut", [state.Id]);
            }
        }
    }
}
