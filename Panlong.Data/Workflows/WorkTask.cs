namespace Panlong.Data.Workflows;

public enum WorkTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>
/// A piece of human work in the inbox: for a role within an org unit, or for one person.
/// Opened when an instance enters a task state, closed when it leaves.
/// </summary>
public class WorkTask : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public ProcessInstance? Instance { get; set; }
    public required string State { get; set; }
    public required string Name { get; set; }
    public string? Role { get; set; }
    public int? OrgUnitId { get; set; }
    public required string ScopePath { get; set; }
    public string? AssigneeUserId { get; set; }
    public string? ClaimedByUserId { get; set; }
    public string? ClaimedByName { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public WorkTaskStatus Status { get; set; }
    /// <summary>One of several tasks of a countersign (会签) or any-sign (或签) state.</summary>
    public bool IsParallel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? WarnedAt { get; set; }
    public DateTimeOffset? OverdueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? CompletedByUserId { get; set; }
    public string? CompletedByName { get; set; }
    public string? Outcome { get; set; }
    public Guid Version { get; set; }
}
