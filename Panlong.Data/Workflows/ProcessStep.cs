namespace Panlong.Data.Workflows;

public enum StepKind
{
    Started,
    Transition,
    Vote,
    Warning,
    Overdue,
    Paused,
    Resumed,
}

/// <summary>One line of an instance's history: who did what, when, from which state to which, and how long it took.</summary>
public class ProcessStep
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public DateTimeOffset At { get; set; }
    public StepKind Kind { get; set; }
    public string? Trigger { get; set; }
    public required string FromState { get; set; }
    public required string ToState { get; set; }
    public string? ActorId { get; set; }
    public string? ActorName { get; set; }
    public string? Comment { get; set; }
    /// <summary>JSON array of attachment references.</summary>
    public string? Attachments { get; set; }
    /// <summary>Working minutes spent in <see cref="FromState"/> (the clock's pauses excluded).</summary>
    public long WorkingMinutes { get; set; }
}
