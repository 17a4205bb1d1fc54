using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// Transitions through <see cref="WorkflowRunner.FireAsync"/> on a real database: each fire checks role and scope,
/// writes the history row, closes one work task and opens the next, replaces the state's timers.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class WorkflowBenchmarks
{
    public const int FiresPerInvocation = 200;

    private const string PingPong = """
    {
      "key": "bench-ping-pong", "name": "往返",
      "states": [
        { "id": "Ping", "name": "甲", "kind": "start", "assign": { "role": "Dispatcher", "level": "street" }, "limit": { "workingHours": 4 } },
        { "id": "Pong", "name": "乙", "kind": "task", "assign": { "role": "Dispatcher", "level": "street" }, "limit": { "workingHours": 4 } },
        { "id": "End", "name": "结束", "kind": "end" }
      ],
      "transitions": [
        { "trigger": "Go", "name": "去", "from": "Ping", "to": "Pong", "roles": ["Dispatcher"] },
        { "trigger": "Back", "name": "回", "from": "Pong", "to": "Ping", "roles": ["Dispatcher"] },
        { "trigger": "Stop", "name": "止", "from": "Pong", "to": "End", "roles": ["Dispatcher"] }
      ]
    }
    """;

    private static readonly WorkflowActor Dispatcher = new("bench", "派遣员", new HashSet<string> { Roles.Dispatcher }, new DataScope("/530103/530103001/"));

    private TestDatabase _database = null!;
    private WorkflowRunner _runner = null!;
    private DefinitionStore _definitions = null!;
    private Guid _instance;
    private Guid _version;
    private int _publishCounter;

    public static IEnumerable<DatabaseProvider> Providers =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TestDatabase.PostgresVariable))
            ? [DatabaseProvider.Sqlite]
            : [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = TestDatabase.For(Provider, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
        });
        await _database.MigratedAsync(seed: true);
        await _database.Get<CalendarProvider>().SeedAsync();
        _runner = _database.Get<WorkflowRunner>();
        _definitions = _database.Get<DefinitionStore>();
        await _definitions.PublishAsync(PingPong, "bench");
        var instance = await _runner.StartAsync("bench-ping-pong", new WorkflowSubject("bench", "1", "530103001001"), Dispatcher);
        (_instance, _version) = (instance.Id, instance.Version);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(OperationsPerInvoke = FiresPerInvocation, Description = "FireAsync (one transition)")]
    public async Task FireAsync()
    {
        for (var i = 0; i < FiresPerInvocation; i++)
        {
            var result = await _runner.FireAsync(_instance, _version, i % 2 == 0 ? "Go" : "Back", Dispatcher);
            if (!result.Ok)
            {
                throw new InvalidOperationException($"Fire refused: {result.Refusal}");
            }
            _version = result.Version!.Value;
        }
    }

    [Benchmark(Description = "Validate + publish a 30-state definition")]
    public async Task ValidateAndPublish30Async()
    {
        var json = ThirtyStates.Replace("\"key\": \"t-chain\"", $"\"key\": \"bench-chain-{++_publishCounter}\"", StringComparison.Ordinal);
        var result = await _definitions.PublishAsync(json, "bench");
        if (!result.Ok)
        {
            throw new InvalidOperationException(string.Join("; ", result.Issues));
        }
    }

    private static readonly string ThirtyStates = SampleDefinitions.Chain(30);
}
