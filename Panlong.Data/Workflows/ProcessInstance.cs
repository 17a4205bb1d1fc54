namespace Panlong.Data.Workflows;

public enum InstanceStatus
{
    Running,
    Completed,
}

/// <summary>
/// A long-running process about one subject (a case, an application). It stays on the definition version it
/// started with; <see cref="Variables"/> is a JSON object the definition's guards, effects and assignments read.
/// </summary>
public class ProcessInstance : IOrgScoped, IVersioned
{
    public Guid Id { get; set; }
    public int DefinitionId { get; set; }
    public ProcessDefinition? Definition { get; set; }
    public required string DefinitionKey { get; set; }
    public int DefinitionVersion { get; set; }
    public required string SubjectType { get; set; }
    public required string SubjectId { get; set; }
    public int? OrgUnitId { get; set; }
    /// <summary>Path of the unit the subject belongs to: who sees that unit sees the instance.</summary>
    public required string ScopePath { get; set; }
    public required string State { get; set; }
    public InstanceStatus Status { get; set; }
    public string Variables { get; set; } = "{}";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset StateEnteredAt { get; set; }
    /// <summary>The whole process's promised deadline (e.g. an application's working days), if it has one.</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>Set while the clock is stopped (suspension, waiting for supplements).</summary>
    public DateTimeOffset? PausedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public Guid Version { get; set; }
}
