using Microsoft.Extensions.DependencyInjection;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Services;

public static class ServicesRegistration
{
    /// <summary>一网通办 applications: the projection listeners of the approval and rating processes, the application service and the catalog's publishing.</summary>
    public static IServiceCollection AddServiceApplications(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowListener, ApplicationListener>();
        services.AddSingleton<IWorkflowListener, ApplicationListener.RatingListener>();
        services.AddSingleton<ApplicationService>();
        services.AddSingleton<ServiceCatalogEditor>();
        return services;
    }
}
