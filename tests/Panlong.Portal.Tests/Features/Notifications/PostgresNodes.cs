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
        // One after the other: the first migrates and seeds, the second finds it done (the start-up lock would also serialise them).
        A = new PostgresNode(ConnectionString);
        _ = A.Services;
        B = new PostgresNode(ConnectionString);
        _ = B.Services;
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await _database.DisposeAsync();
    }
}

/// <summary>One portal host on a given PostgreSQL database.</summary>
public sealed class PostgresNode(string connectionString) : WebApplicationFactory<Program>
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"panlong-node-{Guid.NewGuid():N}");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", "Postgres");
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Seed:DemoCases", "0");
        builder.UseSetting("Appraisal:Schedule", "true");
        builder.UseSetting("Appraisal:LookSeconds", "1");
        builder.UseSetting("Workflows:TimerPollSeconds", "1");
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
