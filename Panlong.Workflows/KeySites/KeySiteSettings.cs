using Microsoft.Extensions.Configuration;
using Panlong.Data.Identity;

namespace Panlong.Workflows.KeySites;

/// <summary>The key sites' rules an operator sets (<c>KeySites:…</c>) and who does what, docs/decisions/0088-key-sites.md.</summary>
public sealed class KeySiteSettings(IConfiguration configuration)
{
    /// <summary>Who registers sites and keeps their rosters: the street's (or district's) shift lead and the street supervisor, in their scope.</summary>
    public const string Keepers = $"{Roles.ShiftLead},{Roles.Supervisor}";

    /// <summary>Who reads sites, their check-ins and the map layer: the keepers and the command center and leaders, in their scope.</summary>
    public const string Viewers = $"{Roles.ShiftLead},{Roles.Supervisor},{Roles.Acceptor},{Roles.Dispatcher},{Roles.Leader}";

    /// <summary>Who may stand on a roster: 治安巡防员, grid workers and volunteers (楼栋长 among them).</summary>
    public const string Guards = $"{Roles.SecurityPatroller},{Roles.GridWorker},{Roles.Volunteer}";

    /// <summary>A new site's check-in distance when the keeper gives none: a school's or market's grounds and a phone's error.</summary>
    public int DefaultRadiusMeters => Math.Clamp(configuration.GetValue("KeySites:RadiusMeters", 200), KeySiteRules.MinRadius, KeySiteRules.MaxRadius);

    /// <summary>How often the sweep looks for windows that passed without a check-in.</summary>
    public TimeSpan SweepInterval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("KeySites:SweepSeconds", 60)));
}
