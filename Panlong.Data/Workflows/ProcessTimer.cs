namespace Panlong.Data.Workflows;

public enum TimerKind
{
    Warning,
    Overdue,
    Escalation,
}

/// <summary>A persisted due moment. Deleted when its state is left; fired once, by whichever node holds the lease.</summary>
public class ProcessTimer : IVersioned
{
    public long Id { get; set; }
    public Guid InstanceId { get; set; }
    public required string State { get; set; }
    public TimerKind Kind { get; set; }
    /// <summary>For escalations: the trigger fired on the instance as the system.</summary>
    public string? Trigger { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? FiredAt { get; set; }
    public string? FiredBy { get; set; }
    public Guid Version { get; set; }
}

/// <summary>A named lease: the node that holds it until <see cref="ExpiresAt"/> runs the timers.</summary>
public class TimerLease : IVersioned
{
    public required string Name { get; set; }
    public required string Holder { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>
/// An exception to the weekly pattern: a public holiday (IsWorkday false) or a make-up working day (调休, IsWorkday true).
/// Provisional rows are the statutory days of a year whose State Council arrangement is not yet entered.
/// </summary>
public class CalendarDay
{
    public DateOnly Date { get; set; }
    public bool IsWorkday { get; set; }
    public required string Name { get; set; }
    public bool IsProvisional { get; set; }
}
