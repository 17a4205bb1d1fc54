using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Data.Providers;

public static class ProviderRegistration
{
    public static DbContextOptionsBuilder UseProvider(this DbContextOptionsBuilder options, DatabaseProvider provider, string connectionString) => provider switch
    {
        DatabaseProvider.Sqlite => options.UseSqlite(connectionString),
        DatabaseProvider.Postgres => options.UseNpgsql(connectionString),
        DatabaseProvider.SqlServer => options.UseSqlServer(connectionString),
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
        services.AddDbContextFactory<TContext>(o => o.UseProvider(settings.Provider, settings.ConnectionString));
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
