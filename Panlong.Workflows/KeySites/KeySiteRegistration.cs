using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.KeySites;

public static class KeySiteRegistration
{
    /// <summary>Key sites, their rosters, check-ins and missed-check-in alerts (issue 21 part 2, docs/decisions/0088-key-sites.md).</summary>
    public static IServiceCollection AddKeySites(this IServiceCollection services)
    {
        services.AddSingleton<KeySiteSettings>();
        services.TryAddSingleton<Panlong.Data.Maps.GridLocator>();
        services.AddSingleton<KeySiteService>();
        services.AddSingleton<KeySiteFigures>();
        return services;
    }
}

/// <summary>Missed check-ins every <c>KeySites:SweepSeconds</c> (60), on the node holding its lease; the miss's key keeps each alert once even so.</summary>
public sealed class KeySiteSweepJob(KeySiteService sites, KeySiteSettings settings) : PeriodicJob
{
    public override string Name => "keysite-sweep";

    public override TimeSpan Interval => settings.SweepInterval;

    public override bool OnOneNode => true;

    public override Task RunAsync(CancellationToken ct) => sites.SweepAsync(ct);
}
