using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Chooses the live-update bus at start-up: on PostgreSQL the nodes share one through LISTEN/NOTIFY (unless
/// <c>Live:CrossNode</c> is false, for one node); on SQLite, which one node owns, it stays in-process
/// (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public static class LiveRegistration
{
    public const string CrossNodeKey = "Live:CrossNode";

    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<LiveUpdates>();
        var provider = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath).Provider;
        if (provider == DatabaseProvider.Postgres && builder.Configuration.GetValue(CrossNodeKey, true))
        {
            services.AddSingleton<PostgresLiveBus>();
            services.AddSingleton<ILiveBus>(sp => sp.GetRequiredService<PostgresLiveBus>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveBus>());
            services.AddSingleton<IInterceptor, LiveNoticeInterceptor>();
        }
        else
        {
            services.AddSingleton<ILiveBus, InProcessLiveBus>();
        }
        return builder;
    }
}
