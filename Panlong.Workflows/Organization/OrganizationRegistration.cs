using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Organization;

public static class OrganizationRegistration
{
    /// <summary>The organization's write side: the system administrator's department list.</summary>
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddSingleton<DepartmentEditor>();
        return services;
    }
}
