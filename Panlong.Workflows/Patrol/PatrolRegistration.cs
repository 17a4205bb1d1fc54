using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Panlong.Workflows.Patrol;

public static class PatrolRegistration
{
    /// <summary>Patrol shifts and tracks (issue 19 part 1, docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
    public static IServiceCollection AddPatrol(this IServiceCollection services)
    {
        services.AddSingleton<PatrolSettings>();
        services.TryAddSingleton<Panlong.Data.Maps.GridLocator>();
        services.AddSingleton<PatrolService>();
        services.AddSingleton<PatrolFigures>();
        return services;
    }
}
