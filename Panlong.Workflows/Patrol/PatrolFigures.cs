using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.Patrol;

/// <summary>
/// One patroller's patrol in an appraisal period (issue 19 part 1, docs/appraisal.md "Patrol figures"): information beside
/// the CJ/T 292 score, never in it. <see cref="Coverage"/> is assigned grids visited on a shift of the period ÷ grids assigned:
/// a grid outside the assignment adds nothing to it, so it never exceeds 100 %; no assignment is no figure ("—").
/// </summary>
public sealed record PatrolFigureRow(string UserId, string Name, string Post, int Shifts, TimeSpan Time, double Metres, Ratio Coverage);

/// <summary>The patrol figures of a region's patrollers for the appraisal page (docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
public sealed class PatrolFigures(IDbContextFactory<PanlongDbContext> dbFactory, PatrolService patrol, TimeProvider clock)
{
    /// <summary>The field posts whose grids are assigned (docs/domain.md §1, "1+1+1+N").</summary>
    private static readonly GridDuty[] Posts = [GridDuty.Inspector, GridDuty.Supervisor, GridDuty.GridWorker];

    /// <summary>
    /// Everyone in the region with an assigned grid, and everyone who patrolled in it: shifts begun in the period under the
    /// region's path. A person assigned but never on a shift is a row of zeros, not left out.
    /// </summary>
    public async Task<IReadOnlyList<PatrolFigureRow>> ComputeAsync(AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var asOf = clock.GetUtcNow() < period.End ? clock.GetUtcNow() : period.End;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var assigned = await AssignedGridsAsync(db, scopePath, period, ct);
        var people = assigned.Keys.ToList();
        // A district inspector's shifts carry the district's path: they count where the inspector is assigned.
        var shifts = await db.PatrolShifts.AsNoTracking()
            .Where(s => (s.ScopePath.StartsWith(scopePath) || people.Contains(s.UserId)) && s.StartedAt >= period.Start && s.StartedAt < period.End).ToListAsync(ct);
        var rows = new List<PatrolFigureRow>();
        foreach (var user in shifts.Select(s => s.UserId).Union(assigned.Keys).Order(StringComparer.Ordinal))
        {
            var own = shifts.Where(s => s.UserId == user).ToList();
            var visited = new HashSet<int>();
            var metres = 0d;
            foreach (var shift in own)
            {
                var figures = await patrol.FiguresAsync(shift, await PatrolService.TrackAsync(db, shift, null, ct), ct);
                metres += figures.Metres;
                visited.UnionWith(figures.Grids.Select(g => g.Id));
            }
            var post = assigned.TryGetValue(user, out var found) ? found : default((string Name, string Post, HashSet<int> Grids)?);
            var grids = post?.Grids ?? [];
            var time = own.Aggregate(TimeSpan.Zero, (sum, s) => sum + Within(s, asOf));
            rows.Add(new PatrolFigureRow(user, post?.Name ?? own[0].UserName, post?.Post ?? Roles.SecurityPatroller, own.Count, time, metres,
                new Ratio(grids.Count(visited.Contains), grids.Count)));
        }
        return [.. rows.OrderBy(r => r.Post, StringComparer.Ordinal).ThenByDescending(r => r.Metres)];
    }

    /// <summary>A shift's time up to its end, or up to as-of while it is open (or ended after it).</summary>
    private static TimeSpan Within(Data.Patrol.PatrolShift shift, DateTimeOffset asOf)
    {
        var end = shift.EndedAt is { } ended && ended < asOf ? ended : asOf;
        return end > shift.StartedAt ? end - shift.StartedAt : TimeSpan.Zero;
    }

    /// <summary>
    /// The one place that says which grids a patroller was assigned in the period: today the standing "1+1+1+N" posts
    /// (<see cref="GridAssignment"/>, undated). When the dated inspector assignments of issue 19 part 3 land, this method reads
    /// the assignments that held during the period instead, and nothing else changes.
    /// </summary>
    public static async Task<Dictionary<string, (string Name, string Post, HashSet<int> Grids)>> AssignedGridsAsync(PanlongDbContext db, string scopePath,
        AppraisalPeriod period, CancellationToken ct)
    {
        // Posts held at any time in the period: an inspector rotated mid-month is assigned both streets' grids for it (ADR 73).
        var (start, end) = (period.Start, period.End);
        var rows = await db.GridAssignments.AsNoTracking()
            .Where(a => a.ScopePath.StartsWith(scopePath) && Posts.Contains(a.Duty) && a.StaffMember!.UserId != null
                && (a.From == null || a.From < end) && (a.Until == null || a.Until > start))
            .Select(a => new { UserId = a.StaffMember!.UserId!, a.StaffMember.Name, a.Duty, a.GridId }).ToListAsync(ct);
        return rows.GroupBy(r => r.UserId).ToDictionary(g => g.Key,
            g => (g.First().Name, g.Min(r => r.Duty).ToString(), g.Select(r => r.GridId).ToHashSet()), StringComparer.Ordinal);
    }
}
