namespace Panlong.Data.Incidents;

public enum IncidentStatus
{
    Open = 0,
    Closed = 1,
}

/// <summary>What a line of an incident's live log records (docs/decisions/0075-major-incident-command.md).</summary>
public enum IncidentEntryKind
{
    Raised = 0,
    Notified = 1,
    Order = 2,
    Acknowledged = 3,
    Reported = 4,
    CheckIn = 5,
    Closed = 6,
}

/// <summary>
/// A major sudden incident (重大突发事件) commanded from a command center: raised from a case by the shift lead, or opened
/// from a call by the acceptor (a case is reported through the loop either way). <see cref="ScopePath"/> is the case's, so a
/// street's center commands its street's incidents and the district center all of them.
/// </summary>
public class Incident : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    public required string Number { get; set; }
    public long CaseId { get; set; }
    public required string CaseNumber { get; set; }
    public required string Description { get; set; }
    public string? Address { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public required string ScopePath { get; set; }
    /// <summary>The command center whose shift lead commands it (the case's hub when raised).</summary>
    public required string HubCode { get; set; }
    public required string LeadUnitCode { get; set; }
    public IncidentStatus Status { get; set; }
    public DateTimeOffset RaisedAt { get; set; }
    public required string RaisedById { get; set; }
    public required string RaisedByName { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedByName { get; set; }
    public string? Summary { get; set; }
    /// <summary>The incident report made at closing (the project's PDF toolkit), kept as issued.</summary>
    public byte[]? ReportPdf { get; set; }
    public Guid Version { get; set; }
}

/// <summary>A unit called to the incident: the lead department or an involved unit, and its check-in on the scene.</summary>
public class IncidentUnit
{
    public long IncidentId { get; set; }
    public Incident? Incident { get; set; }
    public required string UnitCode { get; set; }
    public required string UnitName { get; set; }
    public bool IsLead { get; set; }
    public DateTimeOffset? ArrivedAt { get; set; }
    public double? ArrivedLat { get; set; }
    public double? ArrivedLng { get; set; }
    public string? ArrivedByName { get; set; }
}

/// <summary>
/// An order to a unit: a short task on the engine (process <c>incident-order</c>, a deadline in minutes of wall-clock time);
/// the row mirrors its progress, written by the order's listener in the engine's transaction.
/// </summary>
public class IncidentOrder
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public Guid InstanceId { get; set; }
    public required string UnitCode { get; set; }
    public required string UnitName { get; set; }
    public required string Text { get; set; }
    public int Minutes { get; set; }
    /// <summary>The order process's state (IncidentOrder.json) and the deadline of its open task (an ended order keeps its last).</summary>
    public required string State { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset GivenAt { get; set; }
    public required string GivenByName { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedByName { get; set; }
    public DateTimeOffset? ReportedAt { get; set; }
    public string? ReportedByName { get; set; }
    public string? Report { get; set; }
}

/// <summary>One line of the live log and of the report's timeline; adding one notifies every viewer on every node.</summary>
public class IncidentEntry
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public Incident? Incident { get; set; }
    public DateTimeOffset At { get; set; }
    public IncidentEntryKind Kind { get; set; }
    public string? UnitName { get; set; }
    public required string ActorName { get; set; }
    public required string Text { get; set; }
    public long? OrderId { get; set; }
}
