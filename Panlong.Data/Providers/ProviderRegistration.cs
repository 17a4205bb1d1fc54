using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Data.Providers;

public static class ProviderRegistration
{
    /// <summary>
    /// Transient failures are retried a few times within about two seconds: a blink is absorbed, a real outage
    /// reaches the user quickly as "database unavailable" (docs/decisions/0019-database-outages.md).
    /// </summary>
    public const int MaxRetryCount = 3;

    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(1);

    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => options.UseSqlite(connectionString, o => o.ExecutionStrategy(d => new SqliteRetryingExecutionStrategy(d, MaxRetryCount, MaxRetryDelay))),
        DatabaseProvider.Postgres => options.UseNpgsql(connectionString, o => o.EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, errorCodesToAdd: null)),
        DatabaseProvider.SqlServer => options.UseSqlServer(connectionString, o => o.EnableRetryOnFailure(MaxRetryCount, MaxRetryDelay, errorNumbersToAdd: null)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    /// <summary>
    /// Registers the provider's own context class behind <see cref="IDbContextFactory{PanlongDbContext}"/>,
    /// which is all that the rest of the application asks for.
    /// </summary>
    public static IServiceCollection AddPanlongDbContext(this IServiceCollection services, DatabaseSettings settings) => settings.Provider switch
    {
        DatabaseProvider.Sqlite => services.AddProviderContext<SqlitePanlongDbContext>(settings),
        DatabaseProvider.Postgres => services.AddProviderContext<PostgresPanlongDbContext>(settings),
        DatabaseProvider.SqlServer => services.AddProviderContext<SqlServerPanlongDbContext>(settings),
        _ => throw new ArgumentOutOfRangeException(nameof(settings)),
    };

    private static IServiceCollection AddProviderContext<TContext>(this IServiceCollection services, DatabaseSettings settings)
        where TContext : PanlongDbContext
    {
        services.AddSingleton(settings);
        // Interceptors the host registers join every context (the portal's puts uploads in place with their rows).
        // Stored appraisal figures go stale with the facts of their period, whoever saves them (docs/decisions/0041-stored-indicators.md).
        services.AddDbContextFactory<TContext>((sp, o) => o.UseProvider(settings.Provider, settings.ConnectionString)
            .AddInterceptors([.. sp.GetServices<IInterceptor>(), new Appraisal.StaleIndicators(sp.GetService<TimeProvider>() ?? TimeProvider.System)]));
        services.AddSingleton<IDbContextFactory<PanlongDbContext>>(sp => new UpcastFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
        // Identity's stores and the health check ask for the context itself; one per request.
        services.AddScoped<PanlongDbContext>(sp => sp.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContext());
        return services;
    }

    private sealed class UpcastFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<PanlongDbContext>
        where TContext : PanlongDbContext
    {
        public PanlongDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
