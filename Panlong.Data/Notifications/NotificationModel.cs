namespace Panlong.Data.Notifications;

/// <summary>
/// A message waiting to be delivered, written in the same transaction as the change it reports. Senders
/// (the portal's bell today, SMS or app push later) take it from here; the loop never calls them directly.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    /// <summary>What happened, e.g. "case.task", "case.progress", "points.case-closed".</summary>
    public required string Topic { get; set; }
    /// <summary>"user:{id}" or "unit:{code}:{role}" (everyone holding the role in that unit).</summary>
    public required string Recipient { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Link { get; set; }
    /// <summary>JSON for machine consumers (e.g. the points ledger).</summary>
    public string? Payload { get; set; }
    /// <summary>Delivered before every message of a lower priority however old (a major incident's call-out before routine tasks).</summary>
    public OutboxPriority Priority { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

public enum OutboxPriority
{
    Normal = 0,
    /// <summary>A major incident's call-out (docs/decisions/0075-major-incident-command.md).</summary>
    High = 1,
}

/// <summary>One person's message in the portal's bell.</summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public long? OutboxMessageId { get; set; }
}
