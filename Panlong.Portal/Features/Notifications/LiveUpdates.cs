namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Signals for open pages on this node: "cases changed" (boards, desks) and "this user has new messages" (bells).
/// Blazor Server circuits already hold a live connection, so a page that subscribes re-renders without a reload.
/// What feeds it is the node's <see cref="ILiveBus"/>: in-process with one node, PostgreSQL LISTEN/NOTIFY across nodes
/// (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public sealed class LiveUpdates(ILogger<LiveUpdates> log)
{
    /// <summary>The user of <see cref="NotificationsArrived"/> meaning "every bell": notices may have been missed.</summary>
    public const string Everyone = "*";

    public event Action? CasesChanged;

    public event Action<string>? NotificationsArrived;

    /// <summary>A community's service orders changed (its code, or <see cref="LiveNotice.Any"/>).</summary>
    public event Action<string>? OrdersChanged;

    /// <summary>A patrol shift's position moved (its id, or <see cref="LiveNotice.Any"/>).</summary>
    public event Action<string>? PatrolMoved;

    /// <summary>An incident's live log grew (its id, or <see cref="LiveNotice.Any"/>).</summary>
    public event Action<string>? IncidentLogged;

    /// <summary>Tells this node's pages of a change the bus carried.</summary>
    public void Raise(LiveNotice notice)
    {
        try
        {
            switch (notice.Kind)
            {
                case LiveNotice.CaseKind:
                    CasesChanged?.Invoke();
                    break;
                case LiveNotice.BellKind:
                    NotificationsArrived?.Invoke(notice.Id);
                    break;
                case LiveNotice.OrderKind:
                    OrdersChanged?.Invoke(notice.Id);
                    break;
                case LiveNotice.PatrolKind:
                    PatrolMoved?.Invoke(notice.Id);
                    break;
                case LiveNotice.IncidentKind:
                    IncidentLogged?.Invoke(notice.Id);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A page's handler must not silence the bus for every other page.
            log.LogWarning(e, "A live-update subscriber failed on {Kind}", notice.Kind);
        }
    }

    /// <summary>After a gap (the listening connection dropped) every page reads again: notices of the gap are lost.</summary>
    public void RaiseMissed()
    {
        Raise(LiveNotice.Case(LiveNotice.Any));
        Raise(LiveNotice.Bell(Everyone));
        Raise(LiveNotice.Order(LiveNotice.Any));
        Raise(LiveNotice.Patrol(LiveNotice.Any));
        Raise(LiveNotice.Incident(LiveNotice.Any));
    }
}
