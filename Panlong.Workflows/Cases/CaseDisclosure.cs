using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>
/// What of a case its viewer is shown beyond the case itself (docs/decisions/0030-admin-two-person-rule.md, issue 15 hole 8):
/// the hotline caller's name and phone and what staff wrote at each step are for the staff who work on cases. Volunteers and
/// residents — who see their community's cases, or their own reports — see the case and its steps without them.
/// </summary>
public static class CaseDisclosure
{
    private static readonly HashSet<string> InternalsViewers =
        [Roles.Inspector, Roles.Supervisor, Roles.GridWorker, Roles.Acceptor, Roles.ShiftLead, Roles.Dispatcher, Roles.DepartmentHandler, Roles.Leader];

    public static bool SeesInternals(WorkflowActor actor) => actor.Roles.Any(InternalsViewers.Contains);
}
