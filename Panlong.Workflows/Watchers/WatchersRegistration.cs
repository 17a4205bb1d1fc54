using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Watchers;

public static class WatchersRegistration
{
    /// <summary>楼栋长/庭院长 (issue 21 part 3, docs/decisions/0095-building-watchers.md).</summary>
    public static IServiceCollection AddBuildingWatchers(this IServiceCollection services) => services.AddSingleton<BuildingWatch>();
}
