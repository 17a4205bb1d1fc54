using Microsoft.Extensions.DependencyInjection;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Services;

public static class ServicesRegistration
{
    /// <summary>一网通办 applications: the projection listeners of the approval and rating processes and the application service.</summary>
    public static IServiceCollection AddServiceApplications(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowListener, ApplicationListener>();
        services.AddSingleton<IWorkflowListener, ApplicationListener.RatingListener>();
        services.AddSingleton<ApplicationService>();
        return services;
    }
}
