using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Workflows.Community;

public static class ActivityRegistration
{
    /// <summary>Community activities: publishing, sign-up with a waiting list, check-in at the door (ADR 56).</summary>
    public static IServiceCollection AddActivities(this IServiceCollection services)
    {
        services.AddSingleton<ActivityService>();
        services.AddSingleton<ActivitySignUps>();
        services.AddSingleton<ActivityCheckIn>();
        return services;
    }
}
