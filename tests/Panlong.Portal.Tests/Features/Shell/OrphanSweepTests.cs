using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Services;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>Files older than a day that no row refers to are swept; referenced and new ones stay (docs/decisions/0023-upload-safety.md).</summary>
[Collection(nameof(PortalCollection))]
public class OrphanSweepTests(PortalFactory portal)
{
    private static readonly DateTime TwoDaysAgo = DateTime.UtcNow.AddDays(-2);

    private static string Write(string root, string relative, DateTime lastWrite)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, TestImages.Png());
        File.SetLastWriteTimeUtc(path, lastWrite);
        return path;
    }

    [Fact]
    public async Task Sweep_RemovesOldUnreferencedFiles_AndKeepsReferencedAndNewOnes()
    {
        var photos = portal.Services.GetRequiredService<CasePhotoStore>();
        var materials = portal.Services.GetRequiredService<MaterialStore>();
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001003");
        var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
        using var content = new MemoryStream(TestImages.Png());
        var photo = (await photos.SaveAsync(content, "scene.png", PhotoStage.Before)).Photo!;
        var supervisor = new WorkflowActor("sweep-supervisor", "钱监督", new HashSet<string> { Roles.Supervisor }, new DataScope("/530103/530103001/"));
        var report = await portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "电线杆上张贴小广告", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N"), Photos: [photo]), supervisor);
        Assert.True(report.Ok);
        // The case's own photo, long ago: referenced, so it stays however old it is.
        var referenced = Path.Combine(photos.Folder.Root, photo.StoredPath);
        var thumbnail = Path.Combine(photos.Folder.Root, photo.ThumbnailPath);
        File.SetLastWriteTimeUtc(referenced, TwoDaysAgo);
        File.SetLastWriteTimeUtc(thumbnail, TwoDaysAgo);
        var folder = Path.GetDirectoryName(photo.StoredPath)!;
        var orphan = Write(photos.Folder.Root, Path.Combine(folder, "orphan.jpg"), TwoDaysAgo);
        var fresh = Write(photos.Folder.Root, Path.Combine(folder, "fresh.jpg"), DateTime.UtcNow);
        var staged = Write(photos.Folder.Root, Path.Combine(UploadFolder.StagingFolder, folder, "left.jpg"), TwoDaysAgo);
        var material = Write(materials.Folder.Root, "materials/2026/01/unsent.png", TwoDaysAgo);

        var removed = await portal.Services.GetRequiredService<OrphanSweep>().SweepAsync();

        Assert.True(removed >= 3, $"{removed}");
        Assert.True(File.Exists(referenced) && File.Exists(thumbnail) && File.Exists(fresh));
        Assert.False(File.Exists(orphan) || File.Exists(staged) || File.Exists(material));
    }
}
