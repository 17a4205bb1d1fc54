using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Patrol;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Patrol;

/// <summary>One position in an upload: the phone's sequence number, its time (Unix ms), WGS-84 degrees, accuracy in metres.</summary>
public sealed record FixUpload(int Seq, long At, double Lat, double Lng, double? Accuracy);

public enum UploadStatus
{
    Stored,
    NotFound,
    Ended,
    Invalid,
}

/// <param name="Stored">Fixes new to the database.</param>
/// <param name="Duplicates">Fixes it already held (a batch sent again).</param>
public sealed record UploadResult(UploadStatus Status, int Stored = 0, int Duplicates = 0);

/// <summary>
/// Patrol shifts and their positions (issue 19 part 1, docs/decisions/0068-patrol-shifts-and-tracks.md). A patroller
/// starts and ends a shift; the phone uploads batches of fixes that are idempotent by sequence number (the key of
/// <see cref="PatrolFix"/>): a batch sent twice is stored once, batches may come in any order, a batch for an ended shift
/// is refused. The sweep tells the shift lead of long stops and of time outside the assigned area, once per spell; the
/// retention job deletes positions older than the retention.
/// </summary>
public sealed class PatrolService(IDbContextFactory<PanlongDbContext> dbFactory, PatrolSettings settings, GridLocator grids, AuditLog audit,
    IChangeSignal signal, TimeProvider clock)
{
    /// <summary>The change signal's subject of a shift's positions: <c>patrol:{shift id}</c>.</summary>
    public const string Subject = "patrol";
    private const string AlertSubject = "patrol-alert";
    public const string AbandonAction = "Patrol.Abandon";

    public static string? ShiftOf(string subject) =>
        subject.StartsWith(Subject + ":", StringComparison.Ordinal) ? subject[(Subject.Length + 1)..] : null;

    /// <summary>Starts a shift for the actor, or returns the one already open (a second tap, a second phone).</summary>
    public async Task<long?> StartAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || !actor.HoldsAny(PatrolSettings.Patrollers) || actor.Scope.RootPath is not { } scope)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PatrolShifts.Where(s => s.UserId == userId && s.EndedAt == null).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct) is { } open)
        {
            return open;
        }
        var shift = new PatrolShift { UserId = userId, UserName = actor.Name.Length > 50 ? actor.Name[..50] : actor.Name, ScopePath = scope, StartedAt = clock.GetUtcNow() };
        db.PatrolShifts.Add(shift);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync("Patrol.Start", userId, actor.Name, $"patrol:{shift.Id}", ct: ct);
        return shift.Id;
    }

    /// <summary>Ends the actor's own shift; false when it is not theirs or already ended.</summary>
    public async Task<bool> EndAsync(long shiftId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var ended = await db.PatrolShifts.Where(s => s.Id == shiftId && s.UserId == actor.UserId && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now), ct) == 1;
        if (ended)
        {
            await audit.WriteAsync("Patrol.End", actor.UserId, actor.Name, $"patrol:{shiftId}", ct: ct);
            signal.Changed($"{Subject}:{shiftId}");
        }
        return ended;
    }

    public async Task<UploadResult> UploadAsync(long shiftId, WorkflowActor actor, IReadOnlyList<FixUpload> fixes, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shift = await db.PatrolShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId && s.UserId == actor.UserId, ct);
        if (shift is null)
        {
            return new UploadResult(UploadStatus.NotFound);
        }
        if (shift.EndedAt is not null)
        {
            return new UploadResult(UploadStatus.Ended);
        }
        var now = clock.GetUtcNow();
        if (fixes.Count == 0 || fixes.Count > settings.MaxBatch || !fixes.All(f => Valid(f, shift.StartedAt, now)))
        {
            return new UploadResult(UploadStatus.Invalid);
        }
        var batch = fixes.DistinctBy(f => f.Seq).Select(f => Row(shift, f)).ToList();
        var (first, last) = (batch.Min(f => f.Seq), batch.Max(f => f.Seq));
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var held = (await db.PatrolFixes.Where(f => f.ShiftId == shiftId && f.Seq >= first && f.Seq <= last).Select(f => f.Seq).ToListAsync(ct)).ToHashSet();
            var fresh = batch.Where(f => !held.Contains(f.Seq)).ToList();
            if (fresh.Count == 0)
            {
                return new UploadResult(UploadStatus.Stored, 0, fixes.Count);
            }
            try
            {
                await StoreAsync(db, shift, fresh, ct);
                signal.Changed($"{Subject}:{shiftId}");
                return new UploadResult(UploadStatus.Stored, fresh.Count, fixes.Count - fresh.Count);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // The same batch sent twice at once: the other upload stored some of these sequence numbers first (the key).
            }
        }
    }

    /// <summary>The fixes and the live position in one transaction; the position moves only forward and only to a plausible fix.</summary>
    private static async Task StoreAsync(PanlongDbContext db, PatrolShift shift, List<PatrolFix> fresh, CancellationToken ct)
    {
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.PatrolFixes.AddRange(fresh);
            await db.SaveChangesAsync(ct);
            var newest = fresh.MaxBy(f => f.Seq)!;
            var live = ToTrack(shift.StartedAt, newest);
            var current = shift.LastLatE6 is { } lat && shift.LastLngE6 is { } lng && shift.LastAt is { } at
                ? new TrackFix(shift.LastSeq, at, lat / 1e6, lng / 1e6, 0) : null;
            if (PatrolTrack.InChina(live.Lat, live.Lng) && (current is null || !PatrolTrack.TooFast(current, live)))
            {
                await db.PatrolShifts.Where(s => s.Id == shift.Id && s.LastSeq < newest.Seq).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.LastSeq, newest.Seq).SetProperty(x => x.LastAt, live.At)
                    .SetProperty(x => x.LastLatE6, newest.LatE6).SetProperty(x => x.LastLngE6, newest.LngE6), ct);
            }
            await transaction.CommitAsync(ct);
        }, ct);
    }

    /// <summary>Finite degrees, a sequence number, a time from a minute before the shift to a minute from now.</summary>
    private static bool Valid(FixUpload f, DateTimeOffset started, DateTimeOffset now) =>
        f.Seq >= 0 && double.IsFinite(f.Lat) && double.IsFinite(f.Lng) && f.Lat is >= -90 and <= 90 && f.Lng is >= -180 and <= 180
        && f.At >= started.AddMinutes(-1).ToUnixTimeMilliseconds() && f.At <= now.AddMinutes(1).ToUnixTimeMilliseconds()
        && f.Accuracy is null or (>= 0 and < 1e6);

    private static PatrolFix Row(PatrolShift shift, FixUpload f) => new()
    {
        ShiftId = shift.Id,
        Seq = f.Seq,
        Second = (int)Math.Round((DateTimeOffset.FromUnixTimeMilliseconds(f.At) - shift.StartedAt).TotalSeconds),
        LatE6 = (int)Math.Round(f.Lat * 1e6),
        LngE6 = (int)Math.Round(f.Lng * 1e6),
        Accuracy = (short)Math.Min(short.MaxValue, Math.Round(f.Accuracy ?? 0)),
    };

    public static TrackFix ToTrack(DateTimeOffset started, PatrolFix f) => new(f.Seq, started.AddSeconds(f.Second), f.LatE6 / 1e6, f.LngE6 / 1e6, f.Accuracy);

    /// <summary>The shift's fixes from <paramref name="since"/> on, in time order.</summary>
    public static async Task<List<TrackFix>> TrackAsync(PanlongDbContext db, PatrolShift shift, DateTimeOffset? since, CancellationToken ct)
    {
        var from = since is { } s ? (int)Math.Floor((s - shift.StartedAt).TotalSeconds) : int.MinValue;
        var rows = await db.PatrolFixes.AsNoTracking().Where(f => f.ShiftId == shift.Id && f.Second >= from).ToListAsync(ct);
        return [.. rows.Select(f => ToTrack(shift.StartedAt, f)).OrderBy(f => f.At).ThenBy(f => f.Seq)];
    }

    /// <summary>The shift's figures: each good fix located in its grid, the area being the patroller's scope.</summary>
    public async Task<TrackFigures> FiguresAsync(PatrolShift shift, IReadOnlyList<TrackFix> fixes, CancellationToken ct = default)
    {
        var hits = new Dictionary<int, GridHit?>();
        foreach (var fix in fixes)
        {
            hits[fix.Seq] = PatrolTrack.InChina(fix.Lat, fix.Lng) ? await grids.LocateAsync(fix.Lat, fix.Lng, ct) : null;
        }
        var area = new DataScope(shift.ScopePath);
        return PatrolTrack.Analyze(fixes, f => hits[f.Seq], g => g is not null && area.Covers(g.ScopePath), settings.StopAfter, settings.StopMeters);
    }

    /// <summary>
    /// Abandoned shifts and alerts (the retention is the retention job's, docs/decisions/0085-backup-restore-retention.md): one run of the periodic job <c>patrol-sweep</c>, on the node holding its lease
    /// (docs/decisions/0076-periodic-jobs.md). Each alert is a conditional update of the shift (told of this spell yet?)
    /// with its message in one transaction, so a second node, or a second sweep, never tells twice.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await AbandonAsync(now, ct);
        return await AlertAsync(now, ct);
    }

    /// <summary>
    /// Ends each open shift that has sent no position for <see cref="PatrolSettings.AbandonAfter"/> — a phone switched off, a
    /// patroller who went home — at its last position (its start when it never sent one), so its time and figures stop
    /// there and a later batch is refused as for any ended shift. The patroller is told. A conditional update on the last
    /// position: an upload landing meanwhile keeps the shift open.
    /// </summary>
    public async Task<int> AbandonAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var cutoff = now - settings.AbandonAfter;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stale = await db.PatrolShifts.AsNoTracking().Where(s => s.EndedAt == null && (s.LastAt ?? s.StartedAt) < cutoff).OrderBy(s => s.Id).ToListAsync(ct);
        var ended = 0;
        foreach (var shift in stale)
        {
            var at = shift.LastAt ?? shift.StartedAt;
            var minutes = (int)settings.AbandonAfter.TotalMinutes;
            var message = Outbox.Message("patrol.abandoned", $"user:{shift.UserId}", $"巡逻班次已自动结束：{minutes} 分钟未收到位置",
                $"结束于最后位置 {ChinaTime.Format(at)}", "/patrol/mine", now);
            var changed = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var changed = await db.PatrolShifts.Where(s => s.Id == shift.Id && s.EndedAt == null && s.LastAt == shift.LastAt)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, at), ct);
                if (changed == 1)
                {
                    db.OutboxMessages.Add(message);
                    await db.SaveChangesAsync(ct);
                }
                await transaction.CommitAsync(ct);
                return changed;
            }, ct);
            if (changed == 1)
            {
                ended++;
                await audit.WriteAsync(AbandonAction, null, "系统", $"patrol:{shift.Id}", $"{shift.UserName}: no position since {ChinaTime.Format(at)}", ct: ct);
                signal.Changed($"{Subject}:{shift.Id}");
            }
        }
        return ended;
    }

    public async Task<int> AlertAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await db.PatrolShifts.AsNoTracking().Where(s => s.EndedAt == null && s.LastAt != null).OrderBy(s => s.Id).ToListAsync(ct);
        var told = 0;
        var longest = settings.StopAfter > settings.OutsideAfter ? settings.StopAfter : settings.OutsideAfter;
        foreach (var shift in open)
        {
            // Back to the last alert, so a spell already told is seen to have begun before it (and is not told again).
            var since = new[] { now - longest - TimeSpan.FromMinutes(5), shift.StopAlertedAt ?? now, shift.OutsideAlertedAt ?? now }.Min();
            var figures = await FiguresAsync(shift, await TrackAsync(db, shift, since, ct), ct);
            if (figures.StoppedSince is { } stopped && (shift.StopAlertedAt is null || shift.StopAlertedAt < stopped))
            {
                var minutes = (int)(now - stopped).TotalMinutes;
                told += await TellAsync(db, shift.Id, s => s.StopAlertedAt == null || s.StopAlertedAt < stopped, true, now,
                    Alert(shift, "patrol.stop", $"巡防人员 {shift.UserName} 已在同一地点停留 {minutes} 分钟", now), ct);
            }
            if (figures.OutsideSince is { } outside && now - outside >= settings.OutsideAfter && (shift.OutsideAlertedAt is null || shift.OutsideAlertedAt < outside))
            {
                var minutes = (int)(now - outside).TotalMinutes;
                told += await TellAsync(db, shift.Id, s => s.OutsideAlertedAt == null || s.OutsideAlertedAt < outside, false, now,
                    Alert(shift, "patrol.outside", $"巡防人员 {shift.UserName} 已离开责任区 {minutes} 分钟", now), ct);
            }
        }
        if (told > 0)
        {
            signal.Changed(AlertSubject);
        }
        return told;
    }

    /// <summary>The shift lead of the patroller's street (or of the district, for a district inspector).</summary>
    private static Data.Notifications.OutboxMessage Alert(PatrolShift shift, string topic, string title, DateTimeOffset now)
    {
        var path = OrgPath.Parse(shift.ScopePath);
        var region = path.CodeAt(OrgLevel.Street) ?? path.CodeAt(OrgLevel.District) ?? DistrictPlan.DistrictCode;
        return Outbox.Message(topic, $"unit:{DistrictPlan.CenterCode(region)}:{Roles.ShiftLead}", title, ChinaTime.Format(now), $"/patrol/live?shift={shift.Id}", now);
    }

    private static async Task<int> TellAsync(PanlongDbContext db, long shiftId, System.Linq.Expressions.Expression<Func<PatrolShift, bool>> notYet, bool stop,
        DateTimeOffset now, Data.Notifications.OutboxMessage message, CancellationToken ct) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var query = db.PatrolShifts.Where(s => s.Id == shiftId).Where(notYet);
            var changed = stop
                ? await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.StopAlertedAt, now), ct)
                : await query.ExecuteUpdateAsync(s => s.SetProperty(x => x.OutsideAlertedAt, now), ct);
            if (changed == 1)
            {
                db.OutboxMessages.Add(message);
                await db.SaveChangesAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return changed;
        }, ct);

    /// <summary>
    /// Deletes shifts (and their fixes) ended — or abandoned open — longer ago than <see cref="PatrolSettings.RetentionDays"/>:
    /// location is personal data. One part of the retention job, which audits the run (Panlong.Workflows/Operations/Retention.cs).
    /// </summary>
    public async Task<(int Shifts, int Fixes)> PurgeAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow().AddDays(-settings.RetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var old = db.PatrolShifts.Where(s => (s.EndedAt ?? s.StartedAt) < cutoff);
        var fixes = await db.PatrolFixes.Where(f => old.Any(s => s.Id == f.ShiftId)).ExecuteDeleteAsync(ct);
        // The cases stay; only their link to a shift that no longer exists goes.
        await db.Cases.Where(c => c.PatrolShiftId != null && old.Any(s => s.Id == c.PatrolShiftId)).ExecuteUpdateAsync(c => c.SetProperty(x => x.PatrolShiftId, (long?)null), ct);
        return (await old.ExecuteDeleteAsync(ct), fixes);
    }
}
