using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cameras;

/// <summary>The case a snapshot joined, or the resource key saying why not (nothing saved).</summary>
public sealed record SnapshotAttachResult(string? Number, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// A camera snapshot attached to a case already open (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md): a
/// watcher's frame, checked and staged by the case photo store, joins an open case of the watcher's own area as a 核查
/// photo — the command center's remote look, as a spot check's on-site photo joins the case it found. The photo row and
/// its audit line are one save; a case outside the area is "not found" (no hint that it exists), an ended one is refused.
/// </summary>
public sealed class CameraSnapshots(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, IChangeSignal signal, TimeProvider clock)
{
    public async Task<SnapshotAttachResult> AttachAsync(string? caseNumber, StoredPhoto photo, string cameraCode, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(CameraSettings.Watchers))
        {
            return new SnapshotAttachResult(null, "Refusal.NotAllowedForRole");
        }
        var number = caseNumber?.Trim().ToUpperInvariant() ?? "";
        if (number.Length == 0)
        {
            return new SnapshotAttachResult(null, "Cameras.Attach.NumberRequired");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var target = await db.Cases.AsNoTracking().InScope(actor.Scope).Where(c => c.Number == number)
            .Select(c => new { c.Id, c.Status, Checks = c.Photos.Count(p => p.Stage == PhotoStage.Check) }).SingleOrDefaultAsync(ct);
        var error = target switch
        {
            null => "Cameras.Attach.NotFound",
            { Status: not CaseStatus.Open } => "Cameras.Attach.Ended",
            { Checks: >= CaseService.MaxPhotos } => "Cases.Photos.TooMany",
            _ => null,
        };
        if (error is not null)
        {
            return new SnapshotAttachResult(number, error);
        }
        db.CasePhotos.Add(CaseService.Photo(photo with { Stage = PhotoStage.Check }, actor, clock.GetUtcNow(), target!.Id));
        db.AuditEntries.Add(audit.Create(AuditActions.CaseSnapshotAttached, actor.UserId, actor.Name, number, $"camera:{cameraCode}"));
        await db.SaveChangesAsync(ct);
        signal.Changed(CaseListener.Subject);
        return new SnapshotAttachResult(number, null);
    }
}
