using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Backup;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Workflows.Tests.Operations;

/// <summary>One SQLite backup, refused in every way that must leave the target untouched (docs/decisions/0085-backup-restore-retention.md).</summary>
public sealed class RestoreRefusalTests : IAsyncLifetime
{
    private BackupSources.Source _source = null!;
    private string _backup = null!;

    public async Task InitializeAsync()
    {
        _source = await BackupSources.SourceAsync(DatabaseProvider.Sqlite);
        (_backup, _) = await _source.Backup.BackupAsync(Path.Combine(_source.Folder, "backups"), _source.Uploads);
    }

    public async Task DisposeAsync() => await _source.DisposeAsync();

    private UploadRoot[] NewUploads() => [new("photos", Path.Combine(_source.Folder, $"restored-{Guid.NewGuid():N}"))];

    private static DatabaseBackup Restorer(TestDatabase target) => new(target.Settings, target.Get<AuditLog>(), TimeProvider.System, new PostgresTools(null));

    /// <summary>A copy of the backup to spoil.</summary>
    private string Copy()
    {
        var copy = Path.Combine(_source.Folder, $"copy-{Guid.NewGuid():N}");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(_backup))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        return copy;
    }

    private static bool Exists(TestDatabase target) =>
        new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(target.Settings.ConnectionString).DataSource is var file && File.Exists(file) && new FileInfo(file).Length > 0;

    [Fact]
    public async Task Restore_OfANewerSchema_IsRefusedAndChangesNothing()
    {
        var copy = Copy();
        var manifest = (await BackupManifest.ReadAsync(copy, default))!;
        await (manifest with { Schema = "29991231000000_FromTheFuture" }).WriteAsync(copy, default);
        await using var target = TestDatabase.Sqlite(s => s.AddSingleton<AuditLog>());

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Restorer(target).RestoreAsync(copy, NewUploads(), replace: true));

        Assert.Contains("29991231000000_FromTheFuture", refused.Message, StringComparison.Ordinal);
        Assert.Contains("newer than this program", refused.Message, StringComparison.Ordinal);
        Assert.False(Exists(target));
    }

    [Fact]
    public async Task Restore_OverADatabaseWithData_IsRefusedWithoutReplace_AndReplacesItWith()
    {
        await using var target = TestDatabase.Sqlite(s => s.AddSingleton<AuditLog>());
        await target.MigratedAsync(seed: true);
        await using (var db = await target.Factory.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.Cases.CountAsync());
        }

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Restorer(target).RestoreAsync(_backup, NewUploads(), replace: false));
        await using (var db = await target.Factory.CreateDbContextAsync())
        {
            Assert.Contains("--replace", refused.Message, StringComparison.Ordinal);
            Assert.Equal(0, await db.Cases.CountAsync());
        }
        var restored = await Restorer(target).RestoreAsync(_backup, NewUploads(), replace: true);
        await using (var db = await target.Factory.CreateDbContextAsync())
        {
            Assert.Equal(restored.Figures.Counts["Cases"], await db.Cases.LongCountAsync());
        }
    }

    [Fact]
    public async Task Restore_OfACorruptFile_IsRefusedAndChangesNothing()
    {
        var copy = Copy();
        var database = Path.Combine(copy, "database.sqlite");
        await using (var stream = File.OpenWrite(database))
        {
            stream.Seek(4096, SeekOrigin.Begin);
            stream.Write("corrupt"u8);
        }
        await using var target = TestDatabase.Sqlite(s => s.AddSingleton<AuditLog>());

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Restorer(target).RestoreAsync(copy, NewUploads(), replace: false));

        Assert.Contains("database.sqlite", refused.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", refused.Message, StringComparison.Ordinal);
        Assert.False(Exists(target));
    }

    [Fact]
    public async Task Restore_OfAFolderWithoutManifest_IsRefused()
    {
        await using var target = TestDatabase.Sqlite(s => s.AddSingleton<AuditLog>());

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Restorer(target).RestoreAsync(_source.Folder, NewUploads(), replace: false));

        Assert.Contains("manifest.json", refused.Message, StringComparison.Ordinal);
    }
}
