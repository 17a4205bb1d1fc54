using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Panlong.Data.Audit;
using Panlong.Data.Notifications;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Operations;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Operations;

/// <summary>The signals' queries on each provider (their grouped counts and date comparisons translate), and the overview's size and migrations.</summary>
public class PlatformSignalsTests
{
    private static readonly IConfiguration FiveSeconds = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:SignalsSeconds"] = "5" }).Build();

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Current_OnEachProvider_CountsWaitingMessagesAndRecentFailuresWithSummaries_AndCachesForItsPeriod(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        var audit = new AuditLog(database.Factory, clock);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.OutboxMessages.Add(new OutboxMessage { Topic = "t", Recipient = "user:x", Title = "old", CreatedAt = clock.GetUtcNow().AddMinutes(-7) });
            db.OutboxMessages.Add(new OutboxMessage { Topic = "t", Recipient = "user:x", Title = "new", CreatedAt = clock.GetUtcNow().AddMinutes(-1) });
            db.OutboxMessages.Add(new OutboxMessage { Topic = "t", Recipient = "user:x", Title = "sent", CreatedAt = clock.GetUtcNow().AddHours(-1), DeliveredAt = clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }
        clock.Now += TimeSpan.FromMinutes(-20);
        await audit.WriteAsync(AuditActions.SignInFailed, null, "someone"); // outside the 15-minute window
        clock.Now += TimeSpan.FromMinutes(20);
        await audit.WriteAsync(AuditActions.SignInFailed, null, "someone");
        await audit.WriteAsync(AuditActions.SignInFailed, null, "someone");
        await audit.WriteAsync(AuditActions.LockedOut, null, "someone");
        // A script trying 40 unknown names from one address: one summary row standing for 40 failures; its refused attempts are none.
        var summary = new SignInSummary(audit, NullLogger<SignInSummary>.Instance);
        for (var i = 0; i < 40; i++)
        {
            summary.UnknownName("10.9.0.1");
        }
        summary.Throttled("10.9.0.1");
        await summary.WriteAsync();
        var signals = new PlatformSignals(database.Factory, clock, FiveSeconds);

        var first = signals.Current();
        Assert.Equal(2, first.OutboxBacklog);
        Assert.Equal(TimeSpan.FromMinutes(7), first.OutboxOldestAge);
        Assert.Equal(2 + 40, first.SignInFailures);
        Assert.Equal(1, first.Lockouts);
        Assert.Equal(TimeSpan.Zero, first.TimerLag);
        Assert.Empty(first.Cases);

        // Within the period the same read answers; after it, a new one.
        await audit.WriteAsync(AuditActions.SignInFailed, null, "someone");
        clock.Now += TimeSpan.FromSeconds(4);
        Assert.Same(first, signals.Current());
        clock.Now += TimeSpan.FromSeconds(2);
        Assert.Equal(3 + 40, signals.Current().SignInFailures);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Overview_OnEachProvider_NamesTheProviderTheSizeAndTheMigrations(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync();
        var backups = Directory.CreateTempSubdirectory("panlong-backups-");
        try
        {
            var queries = Queries(database, backups.FullName);
            var overview = await queries.OverviewAsync();
            Assert.Contains(provider == DatabaseProvider.Sqlite ? "Sqlite" : "Npgsql", overview.Provider, StringComparison.Ordinal);
            Assert.True(overview.DatabaseBytes > 0);
            Assert.True(overview.MigrationsApplied > 0);
            Assert.Equal(0, overview.MigrationsPending);
            Assert.Null(overview.LastBackup);

            // The record the backup command leaves in the configured folder (Backup:Folder) is what the page shows.
            var at = new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
            await new Panlong.Data.Backup.BackupRecord(at, false, null, 1.5, "pg_dump exited with 1").WriteAsync(backups.FullName);
            var last = (await queries.OverviewAsync()).LastBackup;
            Assert.Equal((at, false, "pg_dump exited with 1"), (last!.At, last.Ok, last.Message));
        }
        finally
        {
            backups.Delete(recursive: true);
        }
    }

    private static OperationsQueries Queries(TestDatabase database, string backupsFolder) =>
        new(database.Factory, database.Services, TimeProvider.System,
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Backup:Folder"] = backupsFolder }).Build(),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() });
}
