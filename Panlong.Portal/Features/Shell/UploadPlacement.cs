using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data.Cases;
using Panlong.Data.Services;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Services;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// Puts staged uploads in place in the unit of work that saves their rows (docs/decisions/0023-upload-safety.md): just
/// before a SaveChanges that adds case photos or application materials, their staged files are moved into place; if the
/// save fails they are moved back to staging (and discarded by the caller). Every path that saves such rows — a report,
/// a step's after-photos, a draft, an application, a resubmission — gets this without saying so. A crash between the move
/// and the commit leaves a placed file without a row, which <see cref="OrphanSweep"/> removes a day later.
/// </summary>
public sealed class UploadPlacement(CasePhotoStore photos, MaterialStore materials) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Move(eventData.Context, place: true);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Move(eventData.Context, place: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Move(eventData.Context, place: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Move(eventData.Context, place: false);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Move(eventData.Context, place: false);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Move(eventData.Context, place: false);
        return Task.CompletedTask;
    }

    private void Move(DbContext? context, bool place)
    {
        if (context is null)
        {
            return;
        }
        foreach (var (folder, path) in Added(context))
        {
            if (place)
            {
                folder.Place(path);
            }
            else
            {
                folder.Unplace(path);
            }
        }
    }

    private IEnumerable<(UploadFolder Folder, string Path)> Added(DbContext context)
    {
        foreach (var entry in context.ChangeTracker.Entries().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            if (entry.Entity is Data.Community.SupermarketGoods { PhotoPath: { } goodsPhoto, ThumbnailPath: { } goodsThumbnail }
                && (entry.State == EntityState.Added || entry.Property(nameof(Data.Community.SupermarketGoods.PhotoPath)).IsModified))
            {
                // A goods photo goes through the case photos' checks and folder, also when an edit replaces it (docs/decisions/0054-supermarket.md).
                yield return (photos.Folder, goodsPhoto);
                yield return (photos.Folder, goodsThumbnail);
            }
            if (entry.State != EntityState.Added)
            {
                continue;
            }
            switch (entry.Entity)
            {
                case CasePhoto photo when entry.State == EntityState.Added:
                    yield return (photos.Folder, photo.StoredPath);
                    yield return (photos.Folder, photo.ThumbnailPath);
                    break;
                case ApplicationMaterial material when entry.State == EntityState.Added:
                    yield return (materials.Folder, material.StoredPath);
                    break;
                case Data.Community.ServiceOrder { PhotoPath: { } photo, PhotoThumbnailPath: { } thumbnail } when IsNew(entry, nameof(Data.Community.ServiceOrder.PhotoPath)):
                    // A completed service order's photo goes through the case photos' checks and folder (docs/decisions/0055-service-orders.md).
                    yield return (photos.Folder, photo);
                    yield return (photos.Folder, thumbnail);
                    break;
                case Data.Voice.ForumPost { Photos: { } forumPhotos }:
                    // A forum post's photos go through the case photos' checks and folder (docs/decisions/0098-care-leftovers.md).
                    foreach (var stored in forumPhotos.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        yield return (photos.Folder, stored);
                        yield return (photos.Folder, CasePhotoStore.ThumbnailOf(stored));
                    }
                    break;
                case Data.PartyStudy.StudyMaterial { PdfPath: { } pdf } when entry.State == EntityState.Added:
                    // A study PDF goes through the application materials' checks and folder (docs/decisions/0053-party-study.md).
                    yield return (materials.Folder, pdf);
                    break;
            }
        }
    }

    /// <summary>Whether a save sets the path: an added row's, or a changed row's that had none (a completion's photo).</summary>
    private static bool IsNew(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry entry, string path) =>
        entry.State == EntityState.Added || (entry.Property(path).IsModified && entry.Property(path).OriginalValue is null);
}
