using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Backup;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Operations;

/// <summary>
/// The restore drill (issue 22, docs/decisions/0085-backup-restore-retention.md): a backup taken while reports are being
/// filed through the real case service, restored into a new database and new upload folders, gives back exactly the
/// manifest's counts and case histories — and never the keys.
/// </summary>
public class BackupDrillTests
{
    /// <summary>Waits for the filing task (a minute at most on a loaded machine), checking often rather than sleeping a fixed time.</summary>
    private static async Task UntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the filing task did not file in time");
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Backup_WhileReportsAreFiled_RestoresEveryCountAndCaseHistoryIntoANewDatabase(DatabaseProvider provider)
    {
        await using var source = await BackupSources.SourceAsync(provider);
        var filed = 0;
        using var stop = new CancellationTokenSource();
        var filing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await BackupSources.ReportAsync(source.Engine);
                Interlocked.Increment(ref filed);
            }
        });
        await UntilAsync(() => Volatile.Read(ref filed) >= 2);

        var (folder, manifest) = await source.Backup.BackupAsync(Path.Combine(source.Folder, "backups"), source.Uploads);
        var filedByBackup = Volatile.Read(ref filed);
        await UntilAsync(() => Volatile.Read(ref filed) >= filedByBackup + 2);
        await stop.CancelAsync();
        await filing;

        await using var target = TestDatabase.For(provider, s => s.AddSingleton<AuditLog>());
        var restoredUploads = new UploadRoot[] { new("photos", Path.Combine(source.Folder, "restored")) };
        var restore = new DatabaseBackup(target.Settings, target.Get<AuditLog>(), TimeProvider.System, new PostgresTools(null));
        await restore.RestoreAsync(folder, restoredUploads, replace: false);

        await using var db = await target.Factory.CreateDbContextAsync();
        var figures = await DatabaseFigures.ReadAsync(db, default);
        // The restore's own audit row comes after its check.
        Assert.Equal(manifest.Figures.Counts.Where(c => c.Key != "AuditEntries"), figures.Counts.Where(c => c.Key != "AuditEntries"));
        Assert.Equal(manifest.Figures.Counts["AuditEntries"] + 1, figures.Counts["AuditEntries"]);
        Assert.Equal(manifest.Figures.CaseHistories, figures.CaseHistories);
        Assert.Equal(manifest.Figures.HistoryDigest, figures.HistoryDigest);
        // Taken mid-stream: the live database went on past the snapshot, the backup holds more than the first three.
        await using var live = await source.Engine.Database.Factory.CreateDbContextAsync();
        Assert.True(manifest.Figures.Counts["Cases"] > 3 && manifest.Figures.Counts["Cases"] < await live.Cases.LongCountAsync(), $"{manifest.Figures.Counts["Cases"]}");
        Assert.Equal(manifest.Figures.Counts["Cases"], manifest.Figures.CaseHistories.Count);
        Assert.Empty(await db.DataProtectionKeys.ToListAsync());
        Assert.Equal(TestImages.Png(), await File.ReadAllBytesAsync(Path.Combine(source.Folder, "restored", "cases", "before.jpg")));
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.BackupRestored));
        var record = await BackupRecord.ReadAsync(Path.Combine(source.Folder, "backups"));
        Assert.True(record is { Ok: true } && record.Folder == folder, record?.Message);
    }
}

/// <summary>A database to back up, with reports filed through the real case service (shared by the drill and the refusals).</summary>
public static class BackupSources
{
    private const string Dongzhuang = "530103001001";
    private static readonly WorkflowActor Supervisor = new("supervisor", "supervisor", new HashSet<string> { Roles.Supervisor }, new DataScope("/530103/530103001/"));

    public sealed record Source(TestEngine Engine, DatabaseBackup Backup, string Folder, IReadOnlyList<UploadRoot> Uploads) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Engine.DisposeAsync();
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>An engine with a few reports, a photo file in its upload folder and a cookie key in its database.</summary>
    public static async Task<Source> SourceAsync(DatabaseProvider provider)
    {
        var engine = await TestEngine.StartAsync(provider);
        var folder = Path.Combine(Path.GetTempPath(), $"panlong-backup-{Guid.NewGuid():N}");
        var uploads = new UploadRoot[] { new("photos", Path.Combine(folder, "uploads")) };
        Directory.CreateDirectory(Path.Combine(folder, "uploads", "cases"));
        await File.WriteAllBytesAsync(Path.Combine(folder, "uploads", "cases", "before.jpg"), TestImages.Png());
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            db.DataProtectionKeys.Add(new Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey { FriendlyName = "key-1", Xml = "<key secret='1'/>" });
            await db.SaveChangesAsync();
        }
        for (var i = 0; i < 3; i++)
        {
            await ReportAsync(engine);
        }
        var backup = new DatabaseBackup(engine.Database.Settings, engine.Database.Get<AuditLog>(), engine.Clock, new PostgresTools(null));
        return new Source(engine, backup, folder, uploads);
    }

    public static async Task ReportAsync(TestEngine engine)
    {
        int garbage;
        TestPlaces.GridPlace grid;
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            grid = await TestPlaces.GridAsync(db, Dongzhuang);
            garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        }
        var photo = new StoredPhoto(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");
        var result = await engine.Database.Get<CaseService>().ReportAsync(
            new CaseReport(garbage, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, "东庄路口", null, false, [photo]), Supervisor);
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
    }
}
