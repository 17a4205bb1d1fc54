using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Patrol;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Portal.Features.Patrol;

/// <summary>A patroller on the live map: where their open shift last was (a plausible fix only).</summary>
public sealed record LivePatroller(long ShiftId, string Name, double Lat, double Lng, DateTimeOffset At, DateTimeOffset StartedAt);

/// <summary>A shift in the watchers' list.</summary>
public sealed record ShiftRow(long Id, string Name, string ScopePath, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

/// <summary>A case the patroller reported during the shift: the case carries the shift it was reported on.</summary>
public sealed record ShiftCase(string Number, string Description, DateTimeOffset ReportedAt);

/// <summary>
/// One shift's track and figures for playback. <see cref="Points"/> holds three numbers per good fix — seconds from the
/// start, latitude, longitude — in time order; implausible fixes are counted in the figures, never drawn.
/// </summary>
public sealed record ShiftTrack(ShiftRow Shift, TrackFigures Figures, double[] Points, IReadOnlyList<ShiftCase> Cases, DateTimeOffset Until);

/// <summary>
/// Patrol reads (docs/decisions/0068-patrol-shifts-and-tracks.md). Location is personal data: a track is shown to the
/// patroller, and to the command center and leaders whose scope covers the patroller's unit — every view audited.
/// </summary>
public sealed class PatrolQueries(IDbContextFactory<PanlongDbContext> dbFactory, PatrolService patrol, AuditLog audit, TimeProvider clock)
{
    public const string TrackViewed = "Patrol.TrackView";

    /// <summary>The user's open shift, if any.</summary>
    public async Task<PatrolShift?> OpenShiftAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PatrolShifts.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null).OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
    }

    public async Task<IReadOnlyList<LivePatroller>> LiveAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PatrolShifts.AsNoTracking().InScope(scope).Where(s => s.EndedAt == null && s.LastLatE6 != null)
            .OrderBy(s => s.Id).Take(2000)
            .Select(s => new { s.Id, s.UserName, s.LastLatE6, s.LastLngE6, s.LastAt, s.StartedAt }).ToListAsync(ct);
        return [.. rows.Select(r => new LivePatroller(r.Id, r.UserName, r.LastLatE6!.Value / 1e6, r.LastLngE6!.Value / 1e6, r.LastAt!.Value, r.StartedAt))];
    }

    /// <summary>The scope's open shifts and those ended within the last day, newest first.</summary>
    public async Task<IReadOnlyList<ShiftRow>> ShiftsAsync(DataScope scope, CancellationToken ct = default)
    {
        var since = clock.GetUtcNow().AddDays(-1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PatrolShifts.AsNoTracking().InScope(scope).Where(s => s.EndedAt == null || s.EndedAt >= since)
            .Select(s => new ShiftRow(s.Id, s.UserName, s.ScopePath, s.StartedAt, s.EndedAt)).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.StartedAt).Take(200)];
    }

    /// <summary>The patroller's own shifts still held (the retention deletes older ones), newest first.</summary>
    public async Task<IReadOnlyList<ShiftRow>> MyShiftsAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.PatrolShifts.AsNoTracking().Where(s => s.UserId == userId)
            .Select(s => new ShiftRow(s.Id, s.UserName, s.ScopePath, s.StartedAt, s.EndedAt)).ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.StartedAt).Take(100)];
    }

    /// <summary>What a case page says of the shift it was reported on: when it started, and whether the viewer may open its track.</summary>
    public async Task<(DateTimeOffset StartedAt, bool MaySee)?> ShiftNoteAsync(long shiftId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shift = await db.PatrolShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        return shift is null ? null : (shift.StartedAt, MaySee(shift, user));
    }

    /// <summary>Whether the user may see the shift's positions: its patroller, or a watcher whose scope covers the patroller's unit.</summary>
    public static bool MaySee(PatrolShift shift, ClaimsPrincipal user)
    {
        var actor = WorkflowActor.From(user);
        return shift.UserId == actor.UserId || (actor.HoldsAny(PatrolSettings.Watchers) && actor.Scope.Covers(shift.ScopePath));
    }

    /// <summary>The shift's track, figures and cases; null when it does not exist or is not the user's to see. Audited.</summary>
    /// <param name="ownOnly">The patroller's own page: only their own shifts, whatever else they may watch.</param>
    public async Task<ShiftTrack?> TrackAsync(long shiftId, ClaimsPrincipal user, bool ownOnly = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var shift = await db.PatrolShifts.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shiftId, ct);
        if (shift is null || !MaySee(shift, user) || (ownOnly && shift.UserId != WorkflowActor.From(user).UserId))
        {
            return null;
        }
        var actor = WorkflowActor.From(user);
        await audit.WriteAsync(TrackViewed, actor.UserId, actor.Name, $"patrol:{shift.Id}", shift.UserName, ct: ct);
        var fixes = await PatrolService.TrackAsync(db, shift, null, ct);
        var figures = await patrol.FiguresAsync(shift, fixes, ct);
        var until = shift.EndedAt ?? clock.GetUtcNow();
        var cases = await db.Cases.AsNoTracking()
            .Where(c => c.PatrolShiftId == shift.Id)
            .OrderBy(c => c.ReportedAt).Select(c => new ShiftCase(c.Number, c.Description, c.ReportedAt)).Take(100).ToListAsync(ct);
        var points = PatrolTrack.Flag(fixes).Where(f => f.Check == FixCheck.None)
            .SelectMany(f => new[] { Math.Round((f.Fix.At - shift.StartedAt).TotalSeconds), f.Fix.Lat, f.Fix.Lng }).ToArray();
        return new ShiftTrack(new ShiftRow(shift.Id, shift.UserName, shift.ScopePath, shift.StartedAt, shift.EndedAt), figures, points, cases, until);
    }
}
