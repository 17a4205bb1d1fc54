using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Npgsql;
using Panlong.Data.Providers;

namespace Panlong.Testing;

/// <summary>
/// Databases built once per test process and copied for every later test that asks for the same build
/// (docs/decisions/0086-test-database-templates.md). Migrating and seeding the district took 5–20 s per test on a loaded
/// box; a copy takes milliseconds: SQLite's online backup of the built file, PostgreSQL's <c>CREATE DATABASE … TEMPLATE</c>.
/// The first test to ask builds its own database as usual and then keeps a copy of it as the template.
/// </summary>
public static class DatabaseTemplates
{
    /// <summary>
    /// Settings a portal reads after its start-up, never while migrating or seeding (checked by reading where each is used):
    /// a test portal whose own settings are all among these — in-process (<c>PortalFactory</c>) or a child process
    /// (<c>PortalProcess</c>), written with ":" or with the environment's "__" — may start on a copy of the seeded demo
    /// database (docs/decisions/0100-child-portal-database-template.md).
    /// </summary>
    private static readonly HashSet<string> SettingsBesideTheSeed =
    [
        "Security:IdleTimeout", "Security:RequireTwoFactorForAdmins", "Workflows:TimerPollSeconds",
        "Telemetry:Prometheus:Token", "Telemetry:Prometheus:AllowedNetworks:0", "Telemetry:SignalsSeconds",
    ];

    /// <summary>Whether a portal with these settings of its own seeds exactly what the plain demo portal seeds.</summary>
    public static bool SeedsThePlainDemo(IEnumerable<string> settingKeys) =>
        settingKeys.All(k => SettingsBesideTheSeed.Contains(k.Replace("__", ":", StringComparison.Ordinal)));

    private static readonly ConcurrentDictionary<string, Lazy<Task<string>>> Built = new();
    private static readonly ConcurrentBag<Func<Task>> Drops = [];
    private static readonly ConcurrentBag<string> Files = [];

    static DatabaseTemplates() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        // The files first, at once: the test host may be ended while PostgreSQL drops run, and the files left in /tmp by
        // such exits added up to 120 MB on the shared machine.
        foreach (var file in Files)
        {
            try
            {
                File.Delete(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort at exit.
            }
        }
        foreach (var drop in Drops)
        {
            try
            {
                drop().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NpgsqlException)
            {
                // Best effort at exit: a database on the test script's throwaway cluster.
            }
        }
    };

    /// <summary>Makes <paramref name="database"/> a copy of the template for <paramref name="key"/>, building it with <paramref name="build"/> the first time.</summary>
    public static Task ApplyAsync(TestDatabase database, string key, Func<TestDatabase, Task> build) =>
        ApplyAsync(key, () => BuildAsync(database, build), template => CopyAsync(database, template));

    /// <summary>
    /// Makes the SQLite file <paramref name="file"/> a copy of the template for <paramref name="key"/>; the first caller instead
    /// runs <paramref name="build"/>, which must leave <paramref name="file"/> built, and its file is kept as the template. For a
    /// child portal process that migrates and seeds its own file (tests/Panlong.BrowserTests/PortalProcess.cs).
    /// </summary>
    public static Task ApplySqliteFileAsync(string key, string file, Func<Task> build) => ApplyAsync(key, async () =>
    {
        await build();
        return KeepSqlite($"Data Source={file}");
    }, template =>
    {
        Backup($"Data Source={template};Mode=ReadOnly", file);
        return Task.CompletedTask;
    });

    private static async Task ApplyAsync(string key, Func<Task<string>> build, Func<string, Task> copy)
    {
        var mine = new Lazy<Task<string>>(build);
        var template = Built.GetOrAdd(key, mine);
        if (ReferenceEquals(template, mine))
        {
            try
            {
                await template.Value;
            }
            catch
            {
                Built.TryRemove(new KeyValuePair<string, Lazy<Task<string>>>(key, mine)); // the next caller builds again
                throw;
            }
            return;
        }
        // A build that failed fails here too, with the same error, until the failed caller's removal lets the next one build.
        await copy(await template.Value);
    }

    private static async Task<string> BuildAsync(TestDatabase database, Func<TestDatabase, Task> build)
    {
        await build(database);
        return database.Settings.Provider switch
        {
            DatabaseProvider.Sqlite => KeepSqlite(database.Settings.ConnectionString),
            DatabaseProvider.Postgres => await KeepPostgresAsync(database),
            _ => throw new ArgumentOutOfRangeException(nameof(database)),
        };
    }

    private static string KeepSqlite(string connectionString)
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-template-{Environment.ProcessId}-{Guid.NewGuid():N}.db");
        Backup(connectionString, file);
        // A copy of a WAL-mode file is in WAL mode too: its readers leave the -wal and -shm files beside it.
        foreach (var part in new[] { file, file + "-wal", file + "-shm" })
        {
            Files.Add(part);
        }
        return file;
    }

    private static async Task<string> KeepPostgresAsync(TestDatabase database)
    {
        var built = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
        var template = $"panlong_template_{Environment.ProcessId}_{Guid.NewGuid():N}";
        // CREATE DATABASE … TEMPLATE needs the source without sessions: the build's idle pooled connections are closed first.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(database.Settings.ConnectionString));
        await CreateFromAsync(built, template, built.Database!);
        Drops.Add(() => DropPostgresAsync(built, template));
        return template;
    }

    private static async Task CopyAsync(TestDatabase database, string source)
    {
        switch (database.Settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                Backup($"Data Source={source};Mode=ReadOnly", new SqliteConnectionStringBuilder(database.Settings.ConnectionString).DataSource);
                break;
            case DatabaseProvider.Postgres:
                var target = new NpgsqlConnectionStringBuilder(database.Settings.ConnectionString);
                await CreateFromAsync(target, target.Database!, source);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(database));
        }
    }

    /// <summary>SQLite's online backup: a consistent copy even while the source has readers or a WAL file.</summary>
    private static void Backup(string sourceConnection, string targetFile)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder(sourceConnection) { Pooling = false }.ConnectionString);
        using var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = targetFile, Pooling = false }.ConnectionString);
        source.Open();
        target.Open();
        source.BackupDatabase(target);
    }

    private static async Task CreateFromAsync(NpgsqlConnectionStringBuilder server, string name, string template)
    {
        await using var admin = await AdminAsync(server);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin);
                await create.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 20)
            {
                // Another test's CREATE … TEMPLATE of the same source is reading it; PostgreSQL lets one at a time.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    /// <summary>Drops a test database on the server of <paramref name="server"/>, ending its sessions.</summary>
    internal static async Task DropPostgresAsync(NpgsqlConnectionStringBuilder server, string name)
    {
        await using var admin = await AdminAsync(server);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<NpgsqlConnection> AdminAsync(NpgsqlConnectionStringBuilder server)
    {
        var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        return admin;
    }
}
