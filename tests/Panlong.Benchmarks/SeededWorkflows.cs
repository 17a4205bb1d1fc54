using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Benchmarks;

/// <summary>A real database with the district, the calendar and the shipped process definitions, and every feature's services.</summary>
public static class SeededWorkflows
{
    /// <remarks>Pooled like the portal's SQLite: unpooled, every context re-reads the schema and a path costs more than twice as much.</remarks>
    public static async Task<TestDatabase> OpenAsync(DatabaseProvider provider)
    {
        var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(new PersonalDataProtector(new byte[32]));
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows();
        }, pooled: true);
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        return database;
    }
}
