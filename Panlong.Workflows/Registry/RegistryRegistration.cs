using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Registry;

public static class RegistryRegistration
{
    /// <summary>The registries' write side and the audited look-ups other features make in them.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddSingleton<RegistryFacts>();
        return services;
    }
}
