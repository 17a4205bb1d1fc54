using Microsoft.Extensions.Configuration;
using Panlong.Data.Identity;

namespace Panlong.Workflows.Care;

/// <summary>The care plans' rules an operator sets (<c>Care:…</c>), docs/decisions/0087-care-plans.md.</summary>
public sealed class CareSettings(IConfiguration configuration)
{
    /// <summary>Who enrols people and records visits: the grid staff, door to door (still only for kinds that name their role).</summary>
    public const string Visitors = $"{Roles.GridWorker},{Roles.Supervisor}";

    /// <summary>
    /// Who may open the care pages at all, and the only roles a kind may name: the people who help key people — grid staff, the
    /// street's command staff, the departments' officers (police station, health), community and civil-affairs approvers, and
    /// leaders. What each sees is decided per kind by <see cref="CareService.VisibleAsync"/>; a supermarket keeper or a spot
    /// checker never sees the menu entry of a page that could show them nothing.
    /// </summary>
    public const string Readers = "GridWorker,Supervisor,ShiftLead,DepartmentHandler,Approver,Leader";

    /// <summary>Who edits the kinds: reference data, like the case categories.</summary>
    public const string KindEditors = Roles.SystemAdmin;

    /// <summary>A visit recorded farther than this from the person's house is flagged (phone positions wander by tens of metres).</summary>
    public double FarMetres => configuration.GetValue("Care:FarMetres", 300d);

    /// <summary>The longest plan one enrolment makes; a longer help is enrolled again.</summary>
    public int MaxPlanDays => configuration.GetValue("Care:MaxPlanDays", 3 * 366);
}
