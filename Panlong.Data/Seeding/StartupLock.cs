using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using Panlong.Data.Providers;

namespace Panlong.Data.Seeding;

/// <summary>
/// One node at a time migrates and seeds; the others wait, then find the work done (docs/decisions/0018-start-up-lock.md).
/// Held on a connection of its own, outside EF Core's pool, so that migrations may open and close theirs;
/// a node that dies loses its connection and with it the lock.
/// </summary>
public sealed class StartupLock : IAsyncDisposable
{
    /// <summary>"Panlong" in ASCII: advisory locks are per database, and the application takes no other.</summary>
    public const long PostgresKey = 0x50616E6C6F6E67;
    public const string SqlServerResource = "Panlong.Startup";

    private static readonly TimeSpan FilePoll = TimeSpan.FromMilliseconds(200);

    private readonly DbConnection? _connection;
    private readonly string? _releaseSql;
    private readonly FileStream? _file;

    private StartupLock(DbConnection? connection, string? releaseSql, FileStream? file)
    {
        _connection = connection;
        _releaseSql = releaseSql;
        _file = file;
    }

    public static Task<StartupLock> AcquireAsync(DatabaseSettings settings, CancellationToken ct = default) => settings.Provider switch
    {
        DatabaseProvider.Postgres => AcquirePostgresAsync(settings, ct),
        DatabaseProvider.SqlServer => AcquireSqlServerAsync(settings, ct),
        _ => AcquireFileAsync(settings, ct),
    };

    private static Task<StartupLock> AcquirePostgresAsync(DatabaseSettings settings, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        return HoldAsync(connection, $"SELECT pg_advisory_unlock({PostgresKey})", async () =>
        {
            await using var acquire = PostgresAcquire(connection, settings.StartupLockTimeout);
            try
            {
                await acquire.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
            {
                throw TimedOut(settings, ex);
            }
        }, ct);
    }

    /// <summary>The server ends the wait (lock_timeout), so the message names the setting rather than a cancelled command.</summary>
    internal static DbCommand PostgresAcquire(DbConnection connection, TimeSpan timeout)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"SET lock_timeout = {(long)timeout.TotalMilliseconds}; SELECT pg_advisory_lock({PostgresKey});";
        command.CommandTimeout = 0;
        return command;
    }

    private static Task<StartupLock> AcquireSqlServerAsync(DatabaseSettings settings, CancellationToken ct)
    {
        var connection = new SqlConnection(new SqlConnectionStringBuilder(settings.ConnectionString) { Pooling = false }.ConnectionString);
        return HoldAsync(connection, $"EXEC sp_releaseapplock @Resource = N'{SqlServerResource}', @LockOwner = 'Session';", async () =>
        {
            await using var acquire = SqlServerAcquire(connection, settings.StartupLockTimeout);
            // sp_getapplock: 0 granted, 1 granted after waiting, -1 timed out, -2 cancelled, -3 deadlock victim, -999 error.
            if (Convert.ToInt32(await acquire.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) < 0)
            {
                throw TimedOut(settings, null);
            }
        }, ct);
    }

    private static async Task<StartupLock> HoldAsync(DbConnection connection, string releaseSql, Func<Task> acquire, CancellationToken ct)
    {
        try
        {
            await connection.OpenAsync(ct);
            await acquire();
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new StartupLock(connection, releaseSql, null);
    }

    /// <summary>Session-owned, so the lock outlives the statement and needs no open transaction during the migrations.</summary>
    internal static DbCommand SqlServerAcquire(DbConnection connection, TimeSpan timeout)
    {
        var command = connection.CreateCommand();
        command.CommandText = $"""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = N'{SqlServerResource}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = {(long)timeout.TotalMilliseconds};
            SELECT @result;
            """;
        // The server ends the wait; the client must not give up first (its default is 30 s).
        command.CommandTimeout = (int)timeout.TotalSeconds + 30;
        return command;
    }

    /// <summary>
    /// SQLite is one machine's file: an exclusive handle on <c>&lt;file&gt;.lock</c> (flock on Linux) works across processes,
    /// where a transaction on the database itself would block the migrations. The lock file stays: deleting it would
    /// let a waiter lock a file that is no longer the one others open.
    /// </summary>
    private static async Task<StartupLock> AcquireFileAsync(DatabaseSettings settings, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
        if (builder.DataSource is not { Length: > 0 } file || file == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return new StartupLock(null, null, null);
        }
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new StartupLock(null, null, new FileStream(file + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (watch.Elapsed >= settings.StartupLockTimeout)
                {
                    throw TimedOut(settings, ex);
                }
            }
            await Task.Delay(FilePoll, ct);
        }
    }

    private static StartupConfigurationException TimedOut(DatabaseSettings settings, Exception? inner) => new(
        $"另一个节点正在迁移或初始化数据库，等待 {settings.StartupLockTimeout.TotalSeconds:0} 秒仍未取得启动锁；请检查其他节点的启动是否停滞，或调大 {DatabaseSettings.StartupLockTimeoutKey}。 " +
        $"(Another node is migrating or seeding the database and the start-up lock was not had within {settings.StartupLockTimeout.TotalSeconds:0} s; check the other nodes' start-up or raise {DatabaseSettings.StartupLockTimeoutKey}.)", inner);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            try
            {
                await using var release = _connection.CreateCommand();
                release.CommandText = _releaseSql;
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                // Closing the session releases the lock too, should the release itself fail.
                await _connection.DisposeAsync();
            }
        }
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
