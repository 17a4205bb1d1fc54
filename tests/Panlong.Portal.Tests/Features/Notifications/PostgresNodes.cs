using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Notifications;

/// <summary>
/// Two portal hosts on one throwaway PostgreSQL database, each running its background services (timers every second,
/// the outbox, appraisal reports), as two nodes behind a load balancer would (docs/decisions/0045-live-updates-across-nodes.md).
/// </summary>
public sealed class PostgresNodes : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>A pair of its own, for a test that stops one of them.</summary>
    public static async Task<PostgresNodes> StartAsync()
    {
        var nodes = new PostgresNodes();
        await nodes.InitializeAsync();
        return nodes;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private readonly TestDatabase _database = TestDatabase.Postgres();

    public PostgresNode A { get; private set; } = null!;
    public PostgresNode B { get; private set; } = null!;

    public IDbContextFactory<PanlongDbContext> Db => B.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    public string ConnectionString => _database.Settings.ConnectionString;

    public async Task InitializeAsync()
    {
        // The demo district as a node's start-up seeds it, before its background services run: seeded by the process's first
        // pair, copied for the others (five pairs per run; docs/decisions/0100-child-portal-database-template.md). The seeding
        // node fires no timers and schedules no reports, so the copy holds what a fresh node's seeding leaves, and A and B
        // still start their background work on it together.
        await _database.BuiltAsync("demo district seeded by a portal node", async built =>
        {
            await using var seeding = new PostgresNode(built.Settings.ConnectionString, background: false);
            _ = seeding.Services;
        });
        // One after the other: the first finds the seeding done (or does it), the second finds it done.
        A = new PostgresNode(ConnectionString);
        _ = A.Services;
        B = new PostgresNode(ConnectionString);
        _ = B.Services;
    }

    public async Task DisposeAsync()
    {
        // Each part in turn, whatever the one before did: a node whose stop ran past its shutdown timeout on a loaded box
        // (a class cleanup failed that way once, OperationCanceledException, after every test had passed) must not keep the
        // other node running or the database undropped. That is the only exception let through quietly here.
        foreach (var part in new Func<ValueTask>[] { () => A.DisposeAsync(), () => B.DisposeAsync(), () => _database.DisposeAsync() })
        {
            try
            {
                await part();
            }
            catch (OperationCanceledException e)
            {
                await Console.Error.WriteLineAsync($"PostgresNodes: a part's disposal was cancelled ({e.Message}); going on with the rest.");
            }
        }
    }
}

/// <summary>One portal host on a given PostgreSQL database.</summary>
/// <param name="background">False: its timers never look and it schedules no reports (a node that only seeds).</param>
public sealed class PostgresNode(string connectionString, bool background = true) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"panlong-node-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Sized for a loaded box: the host's background services finish their round before it stops (default 30 s).
        builder.UseShutdownTimeout(TimeSpan.FromMinutes(2));
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Seed:DemoCases", "0");
        builder.UseSetting(TestPasswords.Setting, TestPasswords.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Appraisal:Schedule", background ? "true" : "false");
        builder.UseSetting("Appraisal:LookSeconds", "1");
        builder.UseSetting("Workflows:TimerPollSeconds", background ? "1" : "86400");
        builder.UseSetting("DataProtection:KeysPath", Path.Combine(Path.GetTempPath(), "panlong-test-keys"));
        builder.UseSetting("Cases:PhotoPath", _folder + "-uploads");
        builder.UseSetting("Services:MaterialPath", _folder + "-materials");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var folder in new[] { _folder + "-uploads", _folder + "-materials" }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
