using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Calendar;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Definitions;

namespace Panlong.Benchmarks;

/// <summary>
/// Every indicator of DOMAIN §3 over a year of cases (the generator's 47,199 with their step facts): the district's
/// year, one street's year and the district's latest month.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 8)]
public class AppraisalBenchmarks
{
    private TestDatabase _database = null!;
    private AppraisalCalculator _calculator = null!;
    private AppraisalPeriod _year = null!;
    private AppraisalPeriod _month = null!;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = TestDatabase.Unmanaged(SharedDatabase(Provider), services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
        });
        await _database.MigratedAsync(seed: true);
        await _database.Get<CalendarProvider>().SeedAsync();
        await _database.Get<DefinitionStore>().SeedAsync();
        await using (var db = await _database.Factory.CreateDbContextAsync())
        {
            if (await db.Cases.CountAsync() < CaseGenerator.ArticleReceived || !await db.CaseFacts.AnyAsync())
            {
                var watch = Stopwatch.StartNew();
                var counts = await _database.Get<CaseGenerator>().GenerateAsync();
                Console.WriteLine($"// case generator on {Provider}: {counts.Cases:N0} cases and their facts in {watch.Elapsed.TotalSeconds:N1} s");
            }
            Console.WriteLine($"// {await db.CaseFacts.CountAsync():N0} case facts");
        }
        _calculator = _database.Get<AppraisalCalculator>();
        // The generator spreads cases over the 365 days before now: the last twelve whole months plus this one.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        _year = new AppraisalPeriod(new DateOnly(today.Year, today.Month, 1).AddMonths(-12), new DateOnly(today.Year, today.Month, 1));
        _month = AppraisalPeriods.Of(Data.Appraisal.AppraisalPeriodKind.Month, today.AddMonths(-1));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    private static DatabaseSettings SharedDatabase(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? new DatabaseSettings(provider, $"Data Source={Path.Combine(Path.GetTempPath(), "panlong-bench-appraisal.db")}")
        : new DatabaseSettings(provider, new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) { Database = "panlong_bench_appraisal" }.ConnectionString);

    [Benchmark(Description = "all indicators: district, 12 months")]
    public Task<AppraisalResult> DistrictYearAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _year, "/530103/");

    [Benchmark(Description = "all indicators: one street, 12 months")]
    public Task<AppraisalResult> StreetYearAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _year, "/530103/530103001/");

    [Benchmark(Description = "all indicators: district, last month")]
    public Task<AppraisalResult> DistrictMonthAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _month, "/530103/");
}
