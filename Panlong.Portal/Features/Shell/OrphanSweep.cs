using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Services;
using Panlong.Portal.Features.Voice;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// Removes upload files that no row refers to once they are older than <c>Uploads:OrphanAgeHours</c> (default 24): files
/// staged for a page that was left unsent, and files placed by a save that crashed before its commit or whose row was
/// deleted since (docs/decisions/0023-upload-safety.md). Only the stores' own subfolders are looked at, a month folder at a
/// time, so memory stays bounded by the rows of one month.
/// </summary>
public sealed class OrphanSweep(CasePhotoStore photos, MaterialStore materials, IDbContextFactory<PanlongDbContext> dbFactory, IConfiguration configuration,
    TimeProvider clock, ILogger<OrphanSweep> log)
{
    public TimeSpan Age => TimeSpan.FromHours(configuration.GetValue("Uploads:OrphanAgeHours", 24.0));

    /// <summary>Sweeps both upload folders once; the number of files removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var removed = await SweepAsync(photos.Folder, "cases", async (db, prefix) =>
        {
            var rows = await db.CasePhotos.AsNoTracking().Where(p => p.StoredPath.StartsWith(prefix)).Select(p => new { p.StoredPath, p.ThumbnailPath }).ToListAsync(ct);
            var goods = await db.SupermarketGoods.AsNoTracking().Where(g => g.PhotoPath!.StartsWith(prefix)).Select(g => new { StoredPath = g.PhotoPath!, ThumbnailPath = g.ThumbnailPath! }).ToListAsync(ct);
            // Service orders' completion photos share the case photos' folder (docs/decisions/0055-service-orders.md).
            var orders = await db.ServiceOrders.AsNoTracking().Where(o => o.PhotoPath!.StartsWith(prefix)).Select(o => new { StoredPath = o.PhotoPath!, ThumbnailPath = o.PhotoThumbnailPath! }).ToListAsync(ct);
            // Forum posts keep their photos' paths in one column, the thumbnails beside them (docs/decisions/0098-care-leftovers.md),
            // and the full copies made at the first view.
            var forumPaths = (await db.ForumPosts.AsNoTracking().Where(p => p.Photos!.Contains(prefix)).Select(p => p.Photos!).ToListAsync(ct))
                .SelectMany(p => p.Split(',', StringSplitOptions.RemoveEmptyEntries)).ToList();
            var forum = forumPaths.Select(p => new { StoredPath = p, ThumbnailPath = CasePhotoStore.ThumbnailOf(p) });
            var forumCopies = forumPaths.Select(p => CasePhotoStore.CleanCopyOf(p, ForumPhotoApi.FullEdge));
            return rows.Concat(goods).Concat(orders).Concat(forum).SelectMany(r => new[] { r.StoredPath, r.ThumbnailPath }).Concat(forumCopies).ToHashSet(StringComparer.Ordinal);
        }, ct);
        removed += await SweepAsync(materials.Folder, "materials", async (db, prefix) =>
            (await db.ApplicationMaterials.AsNoTracking().Where(m => m.StoredPath.StartsWith(prefix)).Select(m => m.StoredPath).ToListAsync(ct))
                .Concat(await db.StudyMaterials.AsNoTracking().Where(m => m.PdfPath!.StartsWith(prefix)).Select(m => m.PdfPath!).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal), ct);
        if (removed > 0)
        {
            log.LogInformation("Removed {Count} upload files that no row refers to", removed);
        }
        return removed;
    }

    private async Task<int> SweepAsync(UploadFolder folder, string subfolder, Func<PanlongDbContext, string, Task<HashSet<string>>> referenced, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Age;
        var removed = 0;
        // Staged files never have a row: an old one belongs to a request or page that is long gone.
        foreach (var file in Old(Path.Combine(folder.Root, UploadFolder.StagingFolder, subfolder), cutoff).SelectMany(d => d))
        {
            removed += Delete(file);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var directory in Old(Path.Combine(folder.Root, subfolder), cutoff))
        {
            var prefix = Path.GetRelativePath(folder.Root, directory.Key).Replace('\\', '/') + "/";
            var kept = await referenced(db, prefix);
            foreach (var file in directory.Where(f => !kept.Contains(Path.GetRelativePath(folder.Root, f).Replace('\\', '/'))))
            {
                removed += Delete(file);
            }
        }
        return removed;
    }

    /// <summary>Files last written before the cutoff, by folder.</summary>
    private static IEnumerable<IGrouping<string, string>> Old(string root, DateTime cutoff) =>
        !Directory.Exists(root) ? []
            : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => File.GetLastWriteTimeUtc(f) < cutoff).GroupBy(f => Path.GetDirectoryName(f)!);

    private int Delete(string file)
    {
        try
        {
            File.Delete(file);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogWarning(e, "Could not remove the orphaned upload {File}", file);
            return 0;
        }
    }
}

/// <summary><see cref="OrphanSweep"/> every <c>Uploads:OrphanSweepHours</c> (default 6; 0 turns it off) on every node: each has its own upload folder, and deleting twice is harmless.</summary>
public sealed class OrphanSweepJob(OrphanSweep sweep, IConfiguration configuration) : PeriodicJob
{
    public override string Name => "orphan-uploads";

    public override TimeSpan Interval => TimeSpan.FromHours(Math.Max(0, configuration.GetValue("Uploads:OrphanSweepHours", 6.0)));

    public override Task RunAsync(CancellationToken ct) => sweep.SweepAsync(ct);
}
