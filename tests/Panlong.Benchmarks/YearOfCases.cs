using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Benchmarks;

/// <summary>
/// A database kept between benchmark runs (a file on SQLite, a named database on PostgreSQL) holding the generator's
/// year of cases (47,199) with their appraisal facts; made only when missing, incomplete or made by the old generator.
/// </summary>
public static class YearOfCases
{
    public static async Task<TestDatabase> OpenAsync(DatabaseProvider provider, string name)
    {
        var settings = provider == DatabaseProvider.Sqlite
            ? new DatabaseSettings(provider, $"Data Source={Path.Combine(Path.GetTempPath(), $"panlong-bench-{name}.db")}")
            : new DatabaseSettings(provider, new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) { Database = $"panlong_bench_{name}" }.ConnectionString);
        var database = TestDatabase.Unmanaged(settings, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows().AddDemo();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        await using var db = await database.Factory.CreateDbContextAsync();
        // A year kept from before the generator ran the real loop (ADR 22) has facts without their step's deadline: make it again.
        if (await db.Cases.CountAsync() < CaseGenerator.ArticleReceived || !await db.CaseFacts.AnyAsync()
            || await db.CaseFacts.AnyAsync(f => f.OnTime != null && f.DueAt == null))
        {
            var watch = Stopwatch.StartNew();
            var counts = await database.Get<CaseGenerator>().GenerateAsync();
            Console.WriteLine($"// case generator on {provider}: {counts.Cases:N0} cases ({counts.Open:N0} open) and their facts in {watch.Elapsed.TotalSeconds:N1} s");
        }
        Console.WriteLine($"// {await db.Cases.CountAsync():N0} cases, {await db.CaseFacts.CountAsync():N0} case facts");
        return database;
    }
}
