using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Care;

public static class CareRegistration
{
    /// <summary>Care plans for key people (issue 21 part 1, docs/decisions/0087-care-plans.md).</summary>
    public static IServiceCollection AddCarePlans(this IServiceCollection services)
    {
        services.AddSingleton<CareSettings>();
        services.AddSingleton<CareService>();
        services.AddSingleton<CareQueries>();
        services.AddSingleton<CareFigures>();
        return services;
    }
}
