using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Demo;

public static class DemoRegistration
{
    /// <summary>The generators and the demo seeding; registering runs nothing, <see cref="DemoData"/> runs only when asked.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddSingleton<RegistryGenerator>();
        services.AddSingleton<CaseGenerator>();
        services.AddSingleton<CaseReplicator>();
        services.AddSingleton<DemoData>();
        return services;
    }
}
