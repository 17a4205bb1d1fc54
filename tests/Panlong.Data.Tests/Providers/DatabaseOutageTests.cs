using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Providers;

namespace Panlong.Data.Tests.Providers;

/// <summary>
/// What each provider throws when the database cannot be reached is recognized as an outage, after a short retry;
/// a bug is not (docs/decisions/0019-database-outages.md).
/// </summary>
public class DatabaseOutageTests
{
    private static async Task<Exception> QueryAsync(DatabaseProvider provider, string connectionString)
    {
        await using var services = new ServiceCollection().AddPanlongDbContext(new DatabaseSettings(provider, connectionString)).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await Assert.ThrowsAnyAsync<Exception>(() => db.OrgUnits.AnyAsync());
    }

    [Fact]
    public async Task Query_PostgresServerGone_IsRetriedBrieflyThenUnavailable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var watch = Stopwatch.StartNew();

        var failure = await QueryAsync(DatabaseProvider.Postgres, $"Host=127.0.0.1;Port={port};Username=postgres;Database=panlong;Timeout=2");

        Assert.IsType<RetryLimitExceededException>(failure);
        Assert.True(DatabaseOutage.IsUnavailable(failure));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Query_SqliteFileInAMissingFolder_IsUnavailable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-missing-{Guid.NewGuid():N}", "panlong.db");

        var failure = await QueryAsync(DatabaseProvider.Sqlite, $"Data Source={file}");

        Assert.True(DatabaseOutage.IsUnavailable(failure), failure.ToString());
    }

    [Fact]
    public async Task Query_SqliteFileLockedByAnotherWriter_IsRetriedThenUnavailable()
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-locked-{Guid.NewGuid():N}.db");
        try
        {
            await using (var holder = new SqliteConnection($"Data Source={file};Pooling=false"))
            {
                await holder.OpenAsync();
                await using var create = holder.CreateCommand();
                create.CommandText = "CREATE TABLE \"OrgUnits\" (\"Id\" INTEGER PRIMARY KEY); BEGIN EXCLUSIVE;";
                await create.ExecuteNonQueryAsync();

                var failure = await QueryAsync(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=false;Default Timeout=1");

                Assert.IsType<RetryLimitExceededException>(failure);
                Assert.True(DatabaseOutage.IsUnavailable(failure));
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void IsUnavailable_ABugOrAConstraint_IsFalse()
    {
        Assert.False(DatabaseOutage.IsUnavailable(new InvalidOperationException("bug")));
        Assert.False(DatabaseOutage.IsUnavailable(new DbUpdateException("duplicate", new SqliteException("UNIQUE constraint failed", 19))));
    }
}
