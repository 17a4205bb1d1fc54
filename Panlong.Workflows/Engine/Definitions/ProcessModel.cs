using System.Text.Json;
using System.Text.Json.Serialization;
using Panlong.Data;

namespace Panlong.Workflows.Engine.Definitions;

public enum StateKind
{
    Start,
    Task,
    Wait,
    End,
}

public enum ParallelMode
{
    /// <summary>会签: every assignee must act.</summary>
    All,
    /// <summary>或签: the first assignee to act decides.</summary>
    Any,
}

/// <summary>
/// Where a state's limit comes from: a fixed number, or a variable of the instance (e.g. the category's limit). Limits count
/// working time, except <see cref="Minutes"/>/<see cref="MinutesVariable"/>: wall-clock minutes, for work that does not
/// wait for Monday (a major incident's orders, docs/decisions/0075-major-incident-command.md).
/// </summary>
public sealed record TimeLimit(double? WorkingHours = null, int? WorkingDays = null, string? HoursVariable = null, string? DaysVariable = null,
    int? Minutes = null, string? MinutesVariable = null)
{
    [JsonIgnore]
    public bool IsEmpty => WorkingHours is null && WorkingDays is null && HoursVariable is null && DaysVariable is null && IsWorkingTime;

    /// <summary>Whether the limit counts working time (every kind but minutes).</summary>
    [JsonIgnore]
    public bool IsWorkingTime => Minutes is null && MinutesVariable is null;
}

/// <summary>
/// Who works in a state: a role at an org level relative to the instance's unit (unit, community, street, district),
/// a role in the unit named by a variable (a department), or one person named by a variable.
/// </summary>
public sealed record Assignment(string? Role = null, string? Level = null, string? UnitVariable = null, string? UserVariable = null);

/// <summary>Parallel work: one task per unit listed in <see cref="UnitsVariable"/>, done when all or any have acted.</summary>
public sealed record ParallelWork([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] ParallelMode Mode, string Role, string UnitsVariable);

/// <summary>When <see cref="At"/> of the limit is used (1.0 = the deadline), the system fires <see cref="Trigger"/>.</summary>
public sealed record Escalation(double At, string Trigger);

public sealed record StateModel(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] StateKind Kind,
    string? Parent = null,
    Assignment? Assign = null,
    ParallelWork? Parallel = null,
    TimeLimit? Limit = null,
    IReadOnlyList<Escalation>? Escalations = null,
    bool PausesClock = false,
    string? NameEn = null)
{
    [JsonIgnore]
    public bool HasWork => Assign is not null || Parallel is not null;

    /// <summary>The name in the reader's language, the Chinese one where no English is given (docs/decisions/0038-localized-names.md).</summary>
    [JsonIgnore]
    public LocalizedName DisplayName => new(Name, NameEn);
}

public sealed record TransitionModel(
    string Trigger,
    string Name,
    string From,
    string To,
    IReadOnlyList<string> Roles,
    string? Guard = null,
    IReadOnlyList<string>? Effects = null,
    bool RequiresComment = false,
    bool RequiresAttachment = false,
    bool Vote = false,
    bool Oversight = false,
    bool Remark = false,
    string? NameEn = null)
{
    [JsonIgnore]
    public LocalizedName DisplayName => new(Name, NameEn);
}

/// <summary>A process definition as data (the JSON format of docs/workflows.md and process-definition.schema.json).</summary>
public sealed record ProcessModel(
    string Key,
    string Name,
    IReadOnlyList<StateModel> States,
    IReadOnlyList<TransitionModel> Transitions,
    string? Description = null,
    TimeLimit? Limit = null,
    string? NameEn = null)
{
    [JsonIgnore]
    public LocalizedName DisplayName => new(Name, NameEn);

    /// <summary>The display name of a state id (the id itself for a state this version does not have).</summary>
    public LocalizedName StateName(string id) => FindState(id)?.DisplayName ?? new LocalizedName(id, id);

    /// <summary>The display name of a trigger (the trigger itself for one this version does not have).</summary>
    public LocalizedName TriggerName(string trigger) => Transitions.FirstOrDefault(t => t.Trigger == trigger)?.DisplayName ?? new LocalizedName(trigger, trigger);

    /// <summary>The pseudo-role of the timer runner: transitions that escalations fire must allow it.</summary>
    public const string SystemRole = "System";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Leave out nulls and false flags, keep Chinese readable: this JSON is what administrators edit.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ProcessModel Parse(string json) =>
        JsonSerializer.Deserialize<ProcessModel>(json, Json) ?? throw new JsonException("The definition is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public StateModel? FindState(string id) => States.FirstOrDefault(s => s.Id == id);

    public StateModel StartState => States.First(s => s.Kind == StateKind.Start);

    /// <summary>The state and its parents, innermost first: a trigger allowed on a parent is allowed in its sub-states.</summary>
    public IEnumerable<string> StateAndAncestors(string id)
    {
        for (var state = FindState(id); state is not null; state = state.Parent is null ? null : FindState(state.Parent))
        {
            yield return state.Id;
        }
    }
}
