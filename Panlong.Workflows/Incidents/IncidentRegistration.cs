using Microsoft.Extensions.DependencyInjection;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Incidents;

public static class IncidentRegistration
{
    /// <summary>Major-incident command (issue 19 part 5, docs/decisions/0075-major-incident-command.md).</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowListener, IncidentOrderListener>();
        services.AddSingleton<IncidentService>();
        return services;
    }
}
