using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Incidents;
using Panlong.Workflows.Patrol;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// The portal's side of <see cref="IChangeSignal"/>: after a committed change the outbox is delivered at once (the
/// bells ring now, not at the next poll), and a case change refreshes open boards and desks.
/// </summary>
public sealed class PortalChangeSignal(OutboxDispatcher outbox, ILiveBus live) : IChangeSignal
{
    public void Changed(string subjectType)
    {
        if (PatrolService.ShiftOf(subjectType) is { } shift)
        {
            // Positions write no message, so the outbox is left alone (500 patrollers upload ~100 batches a second); on
            // PostgreSQL the fixes' rows already notified every node in their transaction (docs/decisions/0068-patrol-shifts-and-tracks.md).
            live.Committed(LiveNotice.Patrol(shift));
            return;
        }
        outbox.Kick();
        if (IncidentService.IncidentOf(subjectType) is { } incident)
        {
            // On PostgreSQL the log's rows already notified every node in their transaction (ADR 45); this is the one-node bus.
            live.Committed(LiveNotice.Incident(incident));
        }
        else if (subjectType == CaseListener.Subject)
        {
            live.Committed(LiveNotice.Case(LiveNotice.Any));
        }
        else if (subjectType == ServiceOrderService.Subject)
        {
            // On PostgreSQL the order's event row already notified every node in its transaction (ADR 45); this is the one-node bus.
            live.Committed(LiveNotice.Order(LiveNotice.Any));
        }
    }
}
