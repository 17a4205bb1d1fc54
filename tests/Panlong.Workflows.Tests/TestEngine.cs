using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.Tests;

/// <summary>
/// The engine over a real, seeded database with a fake clock that starts on Monday 16 March 2026, 09:00 China time,
/// plus a guard and an effect that tests can steer.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset MondayNine = new(2026, 3, 16, 9, 0, 0, ChinaTime.Offset);

    public const string Tuodong = "530103001";
    public const string Gulou = "530103002";
    public const string CivilAffairs = "530103-BM06";
    public const string Housing = "530103-BM04";

    private readonly TestDatabase _database;

    private TestEngine(TestDatabase database, FakeTimeProvider clock)
    {
        _database = database;
        Clock = clock;
    }

    /// <summary>The clock every service of this engine reads.</summary>
    public FakeTimeProvider Clock { get; }
    public TestDatabase Database => _database;
    public WorkflowRunner Runner => _database.Get<WorkflowRunner>();
    public DefinitionStore Definitions => _database.Get<DefinitionStore>();
    public WorkTaskService Tasks => _database.Get<WorkTaskService>();
    public SwitchGuard Guard => _database.Get<SwitchGuard>();

    /// <param name="pooled">SQLite connections kept open between uses (<see cref="TestDatabase.Sqlite"/>), for tests that walk many cases.</param>
    public static async Task<TestEngine> StartAsync(DatabaseProvider provider = DatabaseProvider.Sqlite, bool pooled = false)
    {
        // A UTC clock, like TimeProvider.System's GetUtcNow (PostgreSQL refuses other offsets).
        var clock = new FakeTimeProvider(MondayNine.ToUniversalTime());
        var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<SwitchGuard>();
            services.AddSingleton<IWorkflowGuard>(sp => sp.GetRequiredService<SwitchGuard>());
            services.AddSingleton<IWorkflowEffect, StampEffect>();
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows();
        }, pooled);
        await database.BuiltAsync("engine", async built =>
        {
            await built.MigratedAsync(seed: true);
            await built.Get<CalendarProvider>().SeedAsync();
            await built.Get<DefinitionStore>().SeedAsync();
        });
        return new TestEngine(database, clock);
    }

    public TimerRunner NewTimerRunner() => new(_database.Factory, Runner, Clock, NullLogger<TimerRunner>.Instance);

    public static WorkflowActor Actor(string name, string role, string? scopePath, string? userId = null) =>
        new(userId ?? name, name, new HashSet<string> { role }, scopePath is null ? DataScope.None : new DataScope(scopePath));

    public static WorkflowActor ClerkOf(string street, string name = "clerk") => Actor(name, Roles.WindowClerk, $"/530103/{street}/");

    public static WorkflowActor ApproverOf(string department, string name = "approver") => Actor(name, Roles.Approver, $"/530103/{department}/");

    public static readonly WorkflowActor Resident = Actor("resident-1", Roles.Resident, null, "resident-1");

    public async Task<CompiledDefinition> PublishAsync(string json)
    {
        var result = await Definitions.PublishAsync(json, "test");
        Assert.True(result.Ok, string.Join("; ", result.Issues));
        return (await Definitions.LatestAsync(ProcessModel.Parse(json).Key))!;
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();
}

/// <summary>A guard whose answer the test sets.</summary>
public sealed class SwitchGuard : IWorkflowGuard
{
    public string Name => "switch";
    public bool Open { get; set; } = true;

    public ValueTask<GuardResult> CheckAsync(WorkflowContext context) =>
        ValueTask.FromResult(Open ? GuardResult.Pass : GuardResult.Fail("开关已关闭"));
}

/// <summary>An effect that leaves a mark in the variables and counts its runs.</summary>
public sealed class StampEffect : IWorkflowEffect
{
    public string Name => "stamp";

    public Task ExecuteAsync(WorkflowContext context)
    {
        var runs = context.Variables["stamps"]?.GetValue<int>() ?? 0;
        context.Variables["stamps"] = JsonValue.Create(runs + 1);
        context.Variables["stampedBy"] = context.Actor.Name;
        return Task.CompletedTask;
    }
}
