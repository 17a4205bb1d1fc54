using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Appraisal;

public static class AppraisalRegistration
{
    /// <summary>The appraisal's calculator and its administrator-set configuration.</summary>
    public static IServiceCollection AddAppraisal(this IServiceCollection services)
    {
        services.AddSingleton<AppraisalCalculator>();
        services.AddSingleton<AppraisalSettings>();
        return services;
    }
}
