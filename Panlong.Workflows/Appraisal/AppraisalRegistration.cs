using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Appraisal;

public static class AppraisalRegistration
{
    /// <summary>The appraisal's calculator, its stored figures of closed periods and its administrator-set configuration.</summary>
    public static IServiceCollection AddAppraisal(this IServiceCollection services)
    {
        services.AddSingleton<AppraisalCalculator>();
        services.AddSingleton<AppraisalSettings>();
        services.AddSingleton<IndicatorStore>();
        services.AddSingleton(new ParsedMonths());
        return services;
    }
}
