using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

public static class CommunityRegistration
{
    /// <summary>Issue 18's foundation: volunteers on the engine, the 金豆 ledger, its earning rules and the outbox consumer (ADR 52).</summary>
    public static IServiceCollection AddCommunity(this IServiceCollection services)
    {
        services.AddSingleton<IWorkflowListener, VolunteerListener>();
        services.AddSingleton<VolunteerService>();
        services.TryAddSingleton<IRoleChangeSignal, NoRoleChangeSignal>();
        services.AddSingleton<PointLedger>();
        services.AddSingleton<PointRules>();
        services.AddSingleton<PointsInbox>();
        services.AddSingleton<NeedService>();
        services.AddSingleton<NeedOrders>();
        services.AddSingleton<SupermarketService>();
        services.AddServiceOrders();
        services.AddSingleton<CommunityFigures>();
        return services;
    }

    /// <summary>Service orders, 抢单 (issue 18 part 4, docs/decisions/0055-service-orders.md).</summary>
    public static IServiceCollection AddServiceOrders(this IServiceCollection services)
    {
        services.AddSingleton<ServiceOrderSettings>();
        services.AddSingleton<ServiceOrderService>();
        services.AddSingleton<ServiceOrderQueries>();
        return services;
    }
}
