using Microsoft.Extensions.Configuration;
using Panlong.Data.Identity;

namespace Panlong.Workflows.SpotChecks;

/// <summary>The spot checks' rules that an operator sets (<c>SpotChecks:…</c>), docs/decisions/0074-spot-checks.md.</summary>
public sealed class SpotCheckSettings(IConfiguration configuration)
{
    /// <summary>Who makes plans: the district's 督察员 and leaders.</summary>
    public const string Planners = $"{Roles.SpotChecker},{Roles.Leader}";

    /// <summary>Who goes out and records the checks.</summary>
    public const string Checkers = Roles.SpotChecker;

    /// <summary>Who reads the monthly summary per inspector: the 督察员 and the leaders, each in their own scope.</summary>
    public const string SummaryReaders = $"{Roles.SpotChecker},{Roles.Leader}";

    /// <summary>A finding counts as reported (已报) when the inspector reported a case of its category in its grid this many days before.</summary>
    public int ReportedWindowDays => configuration.GetValue("SpotChecks:ReportedWindowDays", 30);

    /// <summary>The most checks one plan may draw.</summary>
    public int MaxChecks => configuration.GetValue("SpotChecks:MaxChecks", 200);

    /// <summary>The longest period a plan may cover, in days.</summary>
    public int MaxPeriodDays => configuration.GetValue("SpotChecks:MaxPeriodDays", 92);
}
