using System.Data;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Panlong.Data.Audit;
using Panlong.Data.Providers;

namespace Panlong.Data.Backup;

/// <summary>A folder of uploaded files that a backup carries (case photos, application materials), by a short name.</summary>
public sealed record UploadRoot(string Name, string Folder);

/// <summary>The last backup's time and result, in <c>last-backup.json</c> beside the backups (for the operations page).</summary>
public sealed record BackupRecord(DateTimeOffset At, bool Ok, string? Folder, double Seconds, string Message)
{
    public const string FileName = "last-backup.json";

    public static async Task<BackupRecord?> ReadAsync(string backupsFolder, CancellationToken ct = default)
    {
        var file = Path.Combine(backupsFolder, FileName);
        if (!File.Exists(file))
        {
            return null;
        }
        await using var stream = File.OpenRead(file);
        return await JsonSerializer.DeserializeAsync<BackupRecord>(stream, cancellationToken: ct);
    }

    public async Task WriteAsync(string backupsFolder, CancellationToken ct = default)
    {
        await using var stream = File.Create(Path.Combine(backupsFolder, FileName));
        await JsonSerializer.SerializeAsync(stream, this, cancellationToken: ct);
    }
}

/// <summary>
/// Backup and restore of the whole platform state but its keys (docs/decisions/0085-backup-restore-retention.md): the
/// database — SQLite by its online backup API, PostgreSQL by <c>pg_dump -Fc</c> on an exported snapshot — then the upload
/// folders (a row's file is in place before its row commits, so files taken after the snapshot cover every row in it), and
/// a manifest read from the same snapshot. A restore checks before it changes anything and verifies after.
/// </summary>
public sealed class DatabaseBackup(DatabaseSettings settings, AuditLog audit, TimeProvider clock, PostgresTools postgres)
{
    private const string SqliteFile = "database.sqlite";
    private const string PostgresFile = "database.pgdump";
    private const string UploadsFile = "uploads.tar.gz";

    /// <summary>Where the cookie key ring lives when it is in the database (PostgreSQL, SQL Server): left out of every backup.</summary>
    private const string KeyRingTable = "DataProtectionKeys";

    /// <summary>Writes <c>panlong-{provider}-{time}/</c> under <paramref name="backupsFolder"/>, and <c>last-backup.json</c> whatever happens.</summary>
    public async Task<(string Folder, BackupManifest Manifest)> BackupAsync(string backupsFolder, IReadOnlyList<UploadRoot> uploads, CancellationToken ct = default)
    {
        var started = Stopwatch.StartNew();
        var at = clock.GetUtcNow();
        Directory.CreateDirectory(backupsFolder);
        var folder = Path.Combine(Path.GetFullPath(backupsFolder), $"panlong-{settings.Provider.ToString().ToLowerInvariant()}-{at:yyyyMMdd-HHmmss}");
        try
        {
            Directory.CreateDirectory(folder);
            var (databaseFile, schema, figures) = settings.Provider switch
            {
                DatabaseProvider.Sqlite => await BackupSqliteAsync(Path.Combine(folder, SqliteFile), ct),
                DatabaseProvider.Postgres => await BackupPostgresAsync(Path.Combine(folder, PostgresFile), ct),
                _ => throw new BackupRefusedException($"{settings.Provider} 的备份请使用数据库自带工具。 (Back up {settings.Provider} with its own tools.)"),
            };
            var uploadsFile = Path.Combine(folder, UploadsFile);
            var files = await ArchiveAsync(uploads, uploadsFile, ct);
            var manifest = new BackupManifest(BackupManifest.CurrentFormat, at, settings.Provider, schema, new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                [Path.GetFileName(databaseFile)] = await BackupManifest.Sha256Async(databaseFile, ct),
                [UploadsFile] = await BackupManifest.Sha256Async(uploadsFile, ct),
            }, figures);
            await manifest.WriteAsync(folder, ct);
            var message = $"{figures.Counts["Cases"]} cases, {figures.CaseHistories.Count} histories, {files} files";
            await new BackupRecord(at, true, folder, started.Elapsed.TotalSeconds, message).WriteAsync(backupsFolder, ct);
            await audit.WriteAsync(AuditActions.BackupCreated, null, "系统", Path.GetFileName(folder), $"{settings.Provider}, schema {schema}, {message}", ct: ct);
            return (folder, manifest);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await new BackupRecord(at, false, folder, started.Elapsed.TotalSeconds, e.Message).WriteAsync(backupsFolder, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The online backup API copies a consistent state while the portal writes (WAL readers never block writers); the figures are read from the copy.</summary>
    private async Task<(string, string, DatabaseFigures)> BackupSqliteAsync(string file, CancellationToken ct)
    {
        await using (var source = new SqliteConnection(settings.ConnectionString))
        await using (var target = new SqliteConnection(SqliteOn(file)))
        {
            await source.OpenAsync(ct);
            await target.OpenAsync(ct);
            source.BackupDatabase(target);
            // The cookie key ring is never in a backup (keys are kept apart from the data); secure_delete overwrites its pages.
            await using var keys = new SqliteCommand(
                $"PRAGMA secure_delete = ON; DELETE FROM \"{KeyRingTable}\";", target);
            await keys.ExecuteNonQueryAsync(ct);
        }
        await using var db = SqliteContext(SqliteOn(file));
        var (schema, figures) = await ReadAsync(db, ct);
        return (file, schema, figures);
    }

    /// <summary>One repeatable-read snapshot, exported to <c>pg_dump --snapshot</c> and read for the figures: both see the same instant.</summary>
    private async Task<(string, string, DatabaseFigures)> BackupPostgresAsync(string file, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        await using var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction);
        var snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        var dump = postgres.RunAsync("pg_dump", builder, ["-Fc", "--no-owner", "--no-privileges", $"--snapshot={snapshot}", $"--exclude-table-data=public.\"{KeyRingTable}\"", "-f", file], ct);
        await using var db = new PostgresPanlongDbContext(new DbContextOptionsBuilder<PostgresPanlongDbContext>().UseNpgsql(connection).Options);
        await db.Database.UseTransactionAsync(transaction, ct);
        var (schema, figures) = await ReadAsync(db, ct);
        await dump;
        await transaction.CommitAsync(ct);
        return (file, schema, figures);
    }

    private static async Task<(string Schema, DatabaseFigures Figures)> ReadAsync(PanlongDbContext db, CancellationToken ct) =>
        ((await db.Database.GetAppliedMigrationsAsync(ct)).LastOrDefault() ?? "", await DatabaseFigures.ReadAsync(db, ct));

    private static string SqliteOn(string file) => new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString();

    private static SqlitePanlongDbContext SqliteContext(string connectionString) =>
        new(new DbContextOptionsBuilder<SqlitePanlongDbContext>().UseSqlite(connectionString).Options);

    private PanlongDbContext TargetContext() => settings.Provider == DatabaseProvider.Sqlite
        ? SqliteContext(settings.ConnectionString)
        : new PostgresPanlongDbContext(new DbContextOptionsBuilder<PostgresPanlongDbContext>().UseNpgsql(settings.ConnectionString).Options);

    /// <summary>Every file of each root as <c>{name}/{relative path}</c>, the staging folder left out (unsent uploads).</summary>
    private static async Task<int> ArchiveAsync(IReadOnlyList<UploadRoot> uploads, string file, CancellationToken ct)
    {
        var count = 0;
        await using var stream = File.Create(file);
        await using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
        await using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        foreach (var root in uploads.Where(r => Directory.Exists(r.Folder)))
        {
            foreach (var path in Directory.EnumerateFiles(root.Folder, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(root.Folder, path).Replace('\\', '/');
                if (relative.StartsWith(".staging/", StringComparison.Ordinal))
                {
                    continue;
                }
                await tar.WriteEntryAsync(path, $"{root.Name}/{relative}", ct);
                count++;
            }
        }
        return count;
    }

    /// <summary>
    /// Restores a backup folder (or its manifest) into the configured database and upload folders. Refused, before anything
    /// changes, when a file is missing or corrupt, the provider differs, the schema is newer than this code, or the database
    /// or an upload folder holds data and <paramref name="replace"/> is not set. Verified after: every count and case history.
    /// </summary>
    public async Task<BackupManifest> RestoreAsync(string path, IReadOnlyList<UploadRoot> uploads, bool replace, CancellationToken ct = default)
    {
        var manifest = await BackupManifest.ReadAsync(path, ct)
            ?? throw new BackupRefusedException($"“{path}” 不是备份（缺少或无法读取 manifest.json）。 ('{path}' is not a backup: manifest.json is missing or unreadable.)");
        var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        await CheckAsync(manifest, folder, uploads, replace, ct);
        var databaseFile = Path.Combine(folder, manifest.Provider == DatabaseProvider.Sqlite ? SqliteFile : PostgresFile);
        if (manifest.Provider == DatabaseProvider.Sqlite)
        {
            RestoreSqlite(databaseFile);
        }
        else
        {
            await RestorePostgresAsync(databaseFile, replace, ct);
        }
        await ExtractAsync(Path.Combine(folder, UploadsFile), uploads, ct);
        await using (var db = TargetContext())
        {
            var differences = (await DatabaseFigures.ReadAsync(db, ct)).DifferencesFrom(manifest.Figures);
            if (differences.Count > 0)
            {
                throw new BackupVerificationException($"恢复后的数据与备份清单不一致：{string.Join("; ", differences)}。 (The restored data differ from the backup's manifest: {string.Join("; ", differences)}.)");
            }
        }
        await audit.WriteAsync(AuditActions.BackupRestored, null, "系统", Path.GetFileName(folder), $"{manifest.Provider}, schema {manifest.Schema}, {manifest.Figures.Counts["Cases"]} cases verified", ct: ct);
        return manifest;
    }

    private async Task CheckAsync(BackupManifest manifest, string folder, IReadOnlyList<UploadRoot> uploads, bool replace, CancellationToken ct)
    {
        if (manifest.Provider != settings.Provider)
        {
            throw new BackupRefusedException($"这是 {manifest.Provider} 的备份，当前数据库是 {settings.Provider}。 (This is a {manifest.Provider} backup; the configured database is {settings.Provider}.)");
        }
        foreach (var (name, sha256) in manifest.Files)
        {
            var file = Path.Combine(folder, name);
            if (!File.Exists(file) || await BackupManifest.Sha256Async(file, ct) != sha256)
            {
                throw new BackupRefusedException($"备份文件 {name} 缺失或已损坏（校验和不符），未做任何更改。 (The backup file {name} is missing or corrupt (checksum differs); nothing was changed.)");
            }
        }
        await using var db = TargetContext();
        var known = db.Database.GetMigrations().ToList();
        if (!known.Contains(manifest.Schema))
        {
            throw new BackupRefusedException(
                $"备份的数据库版本 {manifest.Schema} 比本程序新（或未知），请用相同或更新版本的程序恢复。 (The backup's schema {manifest.Schema} is newer than this program (or unknown): restore it with the same or a newer version.)");
        }
        if (!replace && await HoldsDataAsync(db, ct))
        {
            throw new BackupRefusedException("目标数据库不是空的，未做任何更改；确认要覆盖时加 --replace。 (The target database is not empty; nothing was changed. Add --replace to overwrite it.)");
        }
        if (!replace && uploads.FirstOrDefault(r => Directory.Exists(r.Folder) && Directory.EnumerateFiles(r.Folder, "*", SearchOption.AllDirectories).Any()) is { } full)
        {
            throw new BackupRefusedException($"上传文件夹 {full.Folder} 不是空的，未做任何更改；确认要覆盖时加 --replace。 (The upload folder {full.Folder} is not empty; nothing was changed. Add --replace to overwrite it.)");
        }
    }

    private async Task<bool> HoldsDataAsync(PanlongDbContext db, CancellationToken ct)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;
            return File.Exists(file) && new FileInfo(file).Length > 0
                && await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM sqlite_master WHERE type = 'table'").SingleAsync(ct) > 0;
        }
        await EnsurePostgresDatabaseAsync(ct);
        return await db.Database.SqlQueryRaw<long>("SELECT count(*) AS \"Value\" FROM information_schema.tables WHERE table_schema = 'public'").SingleAsync(ct) > 0;
    }

    /// <summary>The backup API writes the whole copy in one transaction of the target: a failure leaves the target as it was.</summary>
    private void RestoreSqlite(string file)
    {
        var target = new SqliteConnectionStringBuilder(settings.ConnectionString) { Pooling = false };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target.DataSource))!);
        SqliteConnection.ClearAllPools();
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var destination = new SqliteConnection(target.ToString());
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>One transaction (<c>--single-transaction</c>, <c>--exit-on-error</c>): a failed restore leaves the target as it was.</summary>
    private async Task RestorePostgresAsync(string file, bool replace, CancellationToken ct)
    {
        await EnsurePostgresDatabaseAsync(ct);
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        string[] clean = replace ? ["--clean", "--if-exists"] : [];
        await postgres.RunAsync("pg_restore", builder, ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", .. clean, "-d", builder.Database!, file], ct);
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Creates the target database when the server does not have it yet (a restore onto a new server).</summary>
    private async Task EnsurePostgresDatabaseAsync(CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
        var name = builder.Database ?? throw new BackupRefusedException("连接字符串缺少 Database。 (The connection string names no Database.)");
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(settings.ConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Each entry back under its root; a name that would leave its root (../) is refused.</summary>
    private static async Task ExtractAsync(string file, IReadOnlyList<UploadRoot> uploads, CancellationToken ct)
    {
        if (new FileInfo(file).Length == 0)
        {
            return; // No upload folder had a file: TarWriter writes nothing, not even its end marker.
        }
        await using var stream = File.OpenRead(file);
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync(cancellationToken: ct) is { } entry)
        {
            var slash = entry.Name.IndexOf('/', StringComparison.Ordinal);
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || slash < 0
                || uploads.FirstOrDefault(r => r.Name == entry.Name[..slash]) is not { } root)
            {
                continue;
            }
            var rootPath = Path.GetFullPath(root.Folder) + Path.DirectorySeparatorChar;
            var target = Path.GetFullPath(Path.Combine(rootPath, entry.Name[(slash + 1)..]));
            if (!target.StartsWith(rootPath, StringComparison.Ordinal))
            {
                throw new BackupRefusedException($"备份中的文件名 {entry.Name} 无效。 (The backup holds an invalid file name: {entry.Name}.)");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await entry.ExtractToFileAsync(target, overwrite: true, ct);
        }
    }
}
