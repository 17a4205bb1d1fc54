using System.Diagnostics;
using System.Security.Claims;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Registry;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.Benchmarks;

/// <summary>
/// The population search at district scale (the generator's 17 communities: 133,364 people): first page of a
/// name prefix, an exact ID number and an exact phone, as a district leader (widest scope) sees them.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 2, iterationCount: 10)]
public class RegistrySearchBenchmarks
{
    private TestDatabase _database = null!;
    private PeopleQueries _people = null!;
    private ClaimsPrincipal _leader = null!;
    private string _id = "";
    private string _phone = "";

    [ParamsSource(nameof(WorkflowBenchmarks.Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var protector = new PersonalDataProtector(new byte[32]);
        // BenchmarkDotNet runs each benchmark in its own process: the district-scale database is generated once per
        // provider and kept (a file in the temp folder, a database on the throwaway server) for the others.
        _database = TestDatabase.Unmanaged(SharedDatabase(Provider), services =>
        {
            services.AddSingleton(protector);
            services.AddSingleton<AuditLog>();
            services.AddSingleton<RegistryGenerator>();
            services.AddSingleton<PeopleQueries>();
        });
        await _database.MigratedAsync(seed: true);
        var watch = Stopwatch.StartNew();
        var counts = await _database.Get<RegistryGenerator>().GenerateAsync(RegistryScale.District);
        if (counts.People > 0)
        {
            Console.WriteLine($"// generator on {Provider}: {counts.People:N0} people, {counts.Houses:N0} houses, {counts.Buildings:N0} buildings, {counts.Entities:N0} entities in {watch.Elapsed.TotalSeconds:N1} s");
        }
        _people = _database.Get<PeopleQueries>();
        _leader = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Role, Roles.Leader), new Claim(DataScope.ScopeClaim, "/530103/")], "bench"));
        await using var db = await _database.Factory.CreateDbContextAsync();
        var sample = db.People.OrderBy(p => p.Id).Skip(66_000).First(p => p.PhoneCipher != null);
        (_id, _phone) = (protector.Decrypt(sample.IdCipher), protector.Decrypt(sample.PhoneCipher!));
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    private static DatabaseSettings SharedDatabase(DatabaseProvider provider) => provider == DatabaseProvider.Sqlite
        ? new DatabaseSettings(provider, $"Data Source={Path.Combine(Path.GetTempPath(), "panlong-bench-registry.db")}")
        : new DatabaseSettings(provider, new Npgsql.NpgsqlConnectionStringBuilder(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable)) { Database = "panlong_bench_registry" }.ConnectionString);

    [Benchmark(Description = "people: first page, no filter")]
    public Task<PeopleResult> AllAsync() => _people.SearchAsync(_leader, null);

    [Benchmark(Description = "people: first page, name prefix 王")]
    public Task<PeopleResult> ByNameAsync() => _people.SearchAsync(_leader, "王");

    [Benchmark(Description = "people: exact ID number")]
    public Task<PeopleResult> ByIdAsync() => _people.SearchAsync(_leader, _id);

    [Benchmark(Description = "people: exact phone")]
    public Task<PeopleResult> ByPhoneAsync() => _people.SearchAsync(_leader, _phone);
}
