namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// What a live update says: its kind and the id of what changed (a case number, a user id), nothing personal; the
/// PostgreSQL bus sends it as its NOTIFY payload <c>kind:id</c>.
/// </summary>
public readonly record struct LiveNotice(string Kind, string Id)
{
    public const string CaseKind = "case";
    public const string BellKind = "bell";
    /// <summary>A service order of a community changed (id = the community code): the order pages re-read (docs/decisions/0055-service-orders.md).</summary>
    public const string OrderKind = "order";
    /// <summary>A patrol shift's positions arrived (id = the shift): the live patrol map re-reads (docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
    public const string PatrolKind = "patrol";
    /// <summary>An incident's live log has a new line (id = the incident): its room re-reads (docs/decisions/0075-major-incident-command.md).</summary>
    public const string IncidentKind = "incident";

    /// <summary>The id of a notice about many things at once (a large save).</summary>
    public const string Any = "*";

    public static LiveNotice Case(string number) => new(CaseKind, number);

    public static LiveNotice Bell(string userId) => new(BellKind, userId);

    public static LiveNotice Order(string communityCode) => new(OrderKind, communityCode);

    public static LiveNotice Patrol(string shiftId) => new(PatrolKind, shiftId);

    public static LiveNotice Incident(string incidentId) => new(IncidentKind, incidentId);

    public string Payload => $"{Kind}:{Id}";

    public static LiveNotice? Parse(string payload) =>
        payload.Split(':', 2) is [var kind and (CaseKind or BellKind or OrderKind or PatrolKind or IncidentKind), var id] ? new LiveNotice(kind, id) : null;
}
