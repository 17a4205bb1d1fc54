using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Seeding;
using Panlong.Testing;

namespace Panlong.Data.Tests.Seeding;

/// <summary>Several nodes start at once on one database (docs/operations.md, docs/decisions/0018-start-up-lock.md).</summary>
public class DatabaseInitializerTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAndSeed_TwoNodesAtOnceOnAnEmptyDatabase_BothSucceedWithOneCopyOfTheReferenceData(DatabaseProvider provider)
    {
        await using var first = TestDatabase.For(provider);
        // A second service provider on the same database: what the other node's process holds.
        await using var second = TestDatabase.Unmanaged(first.Settings);

        await Task.WhenAll(
            Task.Run(() => first.Initializer.MigrateAndSeedAsync()),
            Task.Run(() => second.Initializer.MigrateAndSeedAsync()));

        await using var db = await first.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.District));
        Assert.Equal(await db.OrgUnits.CountAsync(), await db.OrgUnits.Select(u => u.Code).Distinct().CountAsync());
        Assert.Equal(await db.CaseCategories.Select(c => c.Code).Distinct().CountAsync(), await db.CaseCategories.CountAsync());
        Assert.Equal(await db.ServiceItems.Select(s => s.Code).Distinct().CountAsync(), await db.ServiceItems.CountAsync());
        Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task MigrateAndSeed_WhileAnotherNodeHoldsTheLockTooLong_StopsWithOneSentenceNamingTheSetting(DatabaseProvider provider)
    {
        await using var first = TestDatabase.For(provider);
        await first.Initializer.MigrateAndSeedAsync();
        await using var waiting = TestDatabase.Unmanaged(first.Settings with { StartupLockTimeout = TimeSpan.FromSeconds(1) });

        await using (await StartupLock.AcquireAsync(first.Settings))
        {
            var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => waiting.Initializer.MigrateAndSeedAsync());

            Assert.Contains("启动锁", refused.Message, StringComparison.Ordinal);
            Assert.Contains(DatabaseSettings.StartupLockTimeoutKey, refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message);
        }
        // Released: the next node goes on and finds everything done.
        await waiting.Initializer.MigrateAndSeedAsync();
    }

    [Fact]
    public void SqlServerLock_IsASessionOwnedApplockThatWaitsOnTheServerLongerThanTheClient()
    {
        // No SQL Server runs in the test environment: this checks the statement the lock sends (docs/decisions/0018-start-up-lock.md).
        using var connection = new Microsoft.Data.SqlClient.SqlConnection("Server=nowhere;Database=panlong");
        using var command = StartupLock.SqlServerAcquire(connection, TimeSpan.FromMinutes(5));

        Assert.Contains("EXEC @result = sp_getapplock @Resource = N'Panlong.Startup', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 300000;", command.CommandText, StringComparison.Ordinal);
        Assert.Contains("SELECT @result;", command.CommandText, StringComparison.Ordinal);
        Assert.True(command.CommandTimeout > 300, "The client must not cancel the wait before the server's lock timeout.");
    }

    [Fact]
    public void PostgresLock_IsAnAdvisoryLockWithAServerSideTimeout()
    {
        using var connection = new Npgsql.NpgsqlConnection("Host=nowhere;Database=panlong");
        using var command = StartupLock.PostgresAcquire(connection, TimeSpan.FromSeconds(90));

        Assert.Equal($"SET lock_timeout = 90000; SELECT pg_advisory_lock({StartupLock.PostgresKey});", command.CommandText);
        Assert.Equal(0, command.CommandTimeout);
    }
}
