using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Workflows.Patrol;

namespace Panlong.Workflows.Operations;

/// <summary>
/// How long each kind of row is kept (<c>Retention:…</c>, days; docs/operations.md "Retention"). Patrol positions keep their
/// own setting, <c>Patrol:RetentionDays</c>. Audit rows are not here: they leave the database only by <c>audit archive</c>,
/// never before <c>Audit:RetentionMonths</c> (at least six months, docs/domain.md).
/// </summary>
public sealed class RetentionSettings(IConfiguration configuration, PatrolSettings patrol)
{
    /// <summary>After a case has been closed (or voided) this long, its photos' originals give way to their thumbnails.</summary>
    public int PhotoOriginalDays => configuration.GetValue("Retention:PhotoOriginalDays", 365);

    /// <summary>After this long the photos go altogether; never before the originals.</summary>
    public int PhotoThumbnailDays => Math.Max(PhotoOriginalDays, configuration.GetValue("Retention:PhotoThumbnailDays", 1825));

    public int PatrolDays => patrol.RetentionDays;

    /// <summary>A bell message, read or not.</summary>
    public int NotificationDays => configuration.GetValue("Retention:NotificationDays", 180);

    /// <summary>An ended or expired sign-in (it holds the address and browser it came from).</summary>
    public int SessionDays => configuration.GetValue("Retention:SessionDays", 90);

    /// <summary>A delivered outbox message; one not yet delivered is never deleted.</summary>
    public int OutboxDays => configuration.GetValue("Retention:OutboxDays", 30);

    /// <summary>How often the job runs; zero turns it off.</summary>
    public TimeSpan Interval => TimeSpan.FromHours(configuration.GetValue("Retention:IntervalHours", 24.0));
}

/// <summary>What one run removed.</summary>
public sealed record RetentionCounts(int PhotoOriginals, int Photos, int PatrolShifts, int PatrolPositions, int Notifications, int Sessions, int OutboxMessages)
{
    public override string ToString() =>
        $"photo originals {PhotoOriginals}, photos {Photos}, patrol shifts {PatrolShifts}, positions {PatrolPositions}, notifications {Notifications}, sessions {Sessions}, outbox {OutboxMessages}";
}

/// <summary>
/// One run of the retention (docs/decisions/0085-backup-restore-retention.md): each kind past its retention on the app's
/// clock, then one audit row with the counts. Photo rows change here; their files become unreferenced and the orphan sweep
/// removes them (the one place that deletes upload files, docs/decisions/0023-upload-safety.md).
/// </summary>
public sealed class Retention(IDbContextFactory<PanlongDbContext> dbFactory, RetentionSettings settings, PatrolService patrol, AuditLog audit, TimeProvider clock)
{
    public async Task<RetentionCounts> RunAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var originals = now.AddDays(-settings.PhotoOriginalDays);
        var thumbnails = now.AddDays(-settings.PhotoThumbnailDays);
        var photos = await PhotosOfCasesEndedBefore(db, thumbnails).ExecuteDeleteAsync(ct);
        var replaced = await PhotosOfCasesEndedBefore(db, originals).Where(p => p.StoredPath != p.ThumbnailPath)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.StoredPath, x => x.ThumbnailPath), ct);
        var (shifts, positions) = await patrol.PurgeAsync(ct);
        var notifications = now.AddDays(-settings.NotificationDays);
        var notified = await db.Notifications.Where(n => n.CreatedAt < notifications).ExecuteDeleteAsync(ct);
        var sessions = now.AddDays(-settings.SessionDays);
        var ended = await db.UserSessions.Where(s => (s.EndedAt ?? s.ExpiresAt) < sessions).ExecuteDeleteAsync(ct);
        var outbox = now.AddDays(-settings.OutboxDays);
        var delivered = await db.OutboxMessages.Where(m => m.DeliveredAt != null && m.DeliveredAt < outbox).ExecuteDeleteAsync(ct);
        var counts = new RetentionCounts(replaced, photos, shifts, positions, notified, ended, delivered);
        await audit.WriteAsync(AuditActions.RetentionRun, null, "系统", "retention", counts.ToString(), ct: ct);
        return counts;
    }

    /// <summary>Photos of cases that left the loop (closed, voided, not filed) before <paramref name="cutoff"/>; an open case keeps all of its photos.</summary>
    private static IQueryable<CasePhoto> PhotosOfCasesEndedBefore(PanlongDbContext db, DateTimeOffset cutoff) =>
        db.CasePhotos.Where(p => db.Cases.Any(c => c.Id == p.CaseId && c.Status != CaseStatus.Open && (c.ClosedAt ?? c.StepStartedAt) < cutoff));
}

public static class RetentionRegistration
{
    /// <summary>The rules and one run; the portal runs it as a periodic job on one node (Features/Operations/RetentionJob.cs).</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services) => services
        .AddSingleton<RetentionSettings>()
        .AddSingleton<Retention>();
}
