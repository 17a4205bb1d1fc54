using Microsoft.Extensions.Configuration;
using Panlong.Data.Identity;

namespace Panlong.Workflows.Patrol;

/// <summary>The patrol's rules that an operator sets (<c>Patrol:…</c>), docs/decisions/0068-patrol-shifts-and-tracks.md.</summary>
public sealed class PatrolSettings(IConfiguration configuration)
{
    /// <summary>Who patrols: the new 治安巡防员, and inspectors, supervisors and grid workers on their rounds (issue 19).</summary>
    public const string Patrollers = $"{Roles.SecurityPatroller},{Roles.Inspector},{Roles.Supervisor},{Roles.GridWorker}";

    /// <summary>Who watches live positions and tracks: the command center and the leaders, each in their own scope.</summary>
    public const string Watchers = Roles.CaseBoardViewers;

    /// <summary>Staying within <see cref="StopMeters"/> this long is a stop the shift lead hears of.</summary>
    public TimeSpan StopAfter => TimeSpan.FromMinutes(configuration.GetValue("Patrol:StopMinutes", 15));

    /// <summary>Phone positions wander by tens of metres standing still.</summary>
    public double StopMeters => configuration.GetValue("Patrol:StopMeters", 50d);

    /// <summary>Outside the assigned area this long and the shift lead hears of it.</summary>
    public TimeSpan OutsideAfter => TimeSpan.FromMinutes(configuration.GetValue("Patrol:OutsideMinutes", 10));

    /// <summary>
    /// A shift that has sent no position this long is ended by the sweep at its last position. Longer than a phone is
    /// usually offline (it buffers and uploads later), or its buffered positions would be refused.
    /// </summary>
    public TimeSpan AbandonAfter => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Patrol:AbandonAfterMinutes", 120)));

    /// <summary>Positions are personal data: shifts ended longer ago than this are deleted with their fixes.</summary>
    public int RetentionDays => configuration.GetValue("Patrol:RetentionDays", 90);

    /// <summary>The most fixes one upload may carry (a phone offline for an hour at one fix every 5 s holds 720).</summary>
    public int MaxBatch => configuration.GetValue("Patrol:MaxBatch", 1000);
}
