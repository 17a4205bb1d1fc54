using Microsoft.Extensions.DependencyInjection;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Organization;

public static class OrganizationRegistration
{
    /// <summary>The organization's write side: the system administrator's department list, the inspectors' assignments and rotation (ADR 73).</summary>
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddSingleton<DepartmentEditor>();
        services.AddSingleton<InspectorAssignments>();
        services.AddSingleton<RotationSettings>();
        services.AddSingleton<RotationService>();
        services.AddSingleton<IWorkflowListener, RotationListener>();
        return services;
    }
}
