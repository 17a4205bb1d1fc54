namespace Panlong.Workflows.Engine.Definitions;

/// <summary>
/// The states and triggers of a process that a feature's code names (its listener, rules, pages). A new version of the
/// definition may change anything else, but may not drop or rename one of these: the validator refuses it
/// (docs/workflows.md, "Contracts").
/// </summary>
public sealed class ProcessContract(string definitionKey, IReadOnlyList<string> states, IReadOnlyList<string> triggers)
{
    public string DefinitionKey { get; } = definitionKey;
    public IReadOnlyList<string> States { get; } = states;
    public IReadOnlyList<string> Triggers { get; } = triggers;

    /// <summary>One issue per contracted state or trigger the definition lacks; none when the definition has another key.</summary>
    public IEnumerable<ValidationIssue> Check(ProcessModel model)
    {
        if (model.Key != DefinitionKey)
        {
            return [];
        }
        var states = (model.States ?? []).Select(s => s.Id).ToHashSet();
        var triggers = (model.Transitions ?? []).Select(t => t.Trigger).ToHashSet();
        return States.Where(s => !states.Contains(s)).Select(s => new ValidationIssue("MissingContractState", s))
            .Concat(Triggers.Where(t => !triggers.Contains(t)).Select(t => new ValidationIssue("MissingContractTrigger", t)));
    }
}
