using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Data.Maps;

namespace Panlong.Workflows.Registry;

public static class RegistryRegistration
{
    /// <summary>The registries' write side and the audited look-ups other features make in them.</summary>
    public static IServiceCollection AddRegistry(this IServiceCollection services)
    {
        services.AddSingleton<RegistryFacts>();
        services.AddSingleton<PersonEditor>();
        services.AddSingleton<PeopleImport>();
        services.AddSingleton<LegalEntityEditor>();
        services.AddSingleton<BuildingEditor>();
        services.AddSingleton<HouseEditor>();
        services.TryAddSingleton<GridLocator>();
        return services;
    }
}
