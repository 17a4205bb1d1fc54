using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Panlong.Workflows.SpotChecks;

public static class SpotCheckRegistration
{
    /// <summary>District spot checks (issue 19 part 4, docs/decisions/0074-spot-checks.md).</summary>
    public static IServiceCollection AddSpotChecks(this IServiceCollection services)
    {
        services.AddSingleton<SpotCheckSettings>();
        services.TryAddSingleton<Panlong.Data.Maps.GridLocator>();
        services.AddSingleton<SpotCheckService>();
        services.AddSingleton<SpotCheckSummary>();
        return services;
    }
}
