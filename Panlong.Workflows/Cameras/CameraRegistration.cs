using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Panlong.Workflows.Cameras;

public static class CameraRegistration
{
    /// <summary>The camera registry (issue 19 part 2, docs/decisions/0072-cameras.md).</summary>
    public static IServiceCollection AddCameras(this IServiceCollection services)
    {
        services.AddSingleton<CameraSettings>();
        services.TryAddSingleton<Panlong.Data.Maps.GridLocator>();
        services.AddSingleton<CameraRegistry>();
        services.AddSingleton<CameraSnapshots>();
        return services;
    }
}
