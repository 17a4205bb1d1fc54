using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Workflows.Community;

/// <summary>What a drill-down from a community figure lists: the orders a count or a rate's part or whole holds.</summary>
public enum OrderFigure
{
    Posted,
    Grabbed,
    Completed,
    Confirmed,
    Escalated,
    NoShow,
    /// <summary>Due in the period: the window ended in it (by as-of), not cancelled before it began.</summary>
    Due,
    /// <summary>Due and not completed by as-of — what the completion rate misses.</summary>
    DueNotDone,
    /// <summary>Due and not completed by the window's end — what the on-time rate misses.</summary>
    DueLate,
}

/// <summary>A median and 90th percentile of durations (nearest rank); null when there is none to measure.</summary>
public sealed record Spread(TimeSpan? Median, TimeSpan? P90, int Count)
{
    public static Spread Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToList();
        TimeSpan? Rank(double p) => sorted.Count == 0 ? null : sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1)];
        return new Spread(Rank(0.5), Rank(0.9), sorted.Count);
    }
}

/// <summary>
/// One street's or community's figures for a period (docs/appraisal.md, "Community figures"). Counts are work done in the
/// period; the two order rates count over the orders that were due (issue 14) and the attendance over the seats confirmed,
/// so no part can outgrow its whole.
/// </summary>
public sealed record CommunityFigureRow(string Code, string Name, int ActiveVolunteers, int NewVolunteers,
    int Posted, int Grabbed, int Completed, int Confirmed, int Escalated, int NoShows, Ratio CompletedOfDue, Ratio OnTimeOfDue,
    Spread PostToGrab, Spread PostToCheckIn, int ActivitiesHeld, int Attended, Ratio AttendedOfSeats, long PointsIssued, long PointsSpent);

/// <summary>The rows (streets of a district, communities of a street, or the community itself) and the region's total.</summary>
public sealed record CommunityFigureTable(IReadOnlyList<CommunityFigureRow> Rows, CommunityFigureRow Total, DateTimeOffset AsOf);

/// <summary>An order behind a figure: what it is and when things happened to it — never who asked for it.</summary>
public sealed record OrderFigureRow(long Id, string CommunityCode, int SkillId, ServiceOrderStatus Status, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    DateTimeOffset PostedAt, DateTimeOffset? FirstGrabAt, DateTimeOffset? CompletedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? EscalatedAt, int NoShows);

/// <summary>
/// The leader's community figures on the appraisal dashboard (issue 18 part 8, docs/decisions/0062-leader-community-figures.md):
/// volunteers, service orders, response times, activities and 金豆 issued and spent, per street or community of the viewer's
/// region. Information beside the CJ/T score, not part of it. Each order is classified once (<see cref="Classify"/>), and the
/// counts and the drill-down both read that classification, so a figure opens exactly the orders it counts.
/// </summary>
public sealed class CommunityFigures(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    private sealed record OrderFacts(OrderFigureRow Row, DateTimeOffset? CheckedInAt, DateTimeOffset? CancelledAt, IReadOnlyList<DateTimeOffset> Grabs,
        IReadOnlyList<DateTimeOffset> NoShowsAt);

    /// <summary>The figures of <paramref name="regionPath"/> (a district, street or community path the caller's scope covers).</summary>
    public async Task<CommunityFigureTable> ComputeAsync(AppraisalPeriod period, string regionPath, CancellationToken ct = default)
    {
        var asOf = Duties.AsOf(period, clock.GetUtcNow());
        var region = OrgPath.Parse(regionPath);
        // A district's rows are its streets; a street's and a community's, its communities.
        var rowLevel = region.Level == OrgLevel.District ? OrgLevel.Street : OrgLevel.Community;
        string RowOf(string communityCode) => rowLevel == OrgLevel.Street ? communityCode[..9] : communityCode;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking()
            .Where(u => u.IsActive && u.ScopePath.StartsWith(regionPath) && u.Kind == (rowLevel == OrgLevel.Street ? OrgUnitKind.Street : OrgUnitKind.Community))
            .OrderBy(u => u.SortOrder).ThenBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var regionName = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath == regionPath).Select(u => u.Name).FirstOrDefaultAsync(ct) ?? region.Leaf;

        var volunteers = await db.Volunteers.AsNoTracking().Where(v => v.ScopePath.StartsWith(regionPath) && v.JoinedAt < period.End)
            .Select(v => new { v.CommunityCode, v.Status, v.JoinedAt, v.StatusChangedAt }).ToListAsync(ct);
        var orders = await OrdersAsync(db, period, regionPath, ct);
        var activities = await db.Activities.AsNoTracking()
            .Where(a => a.ScopePath.StartsWith(regionPath) && a.Status == ActivityStatus.Published && a.StartsAt >= period.Start && a.StartsAt < period.End && a.EndsAt <= asOf)
            .Select(a => new
            {
                a.CommunityCode,
                Seats = db.ActivitySignUps.Count(s => s.ActivityId == a.Id && s.Seat == ActivitySeat.Confirmed),
                Attended = db.ActivitySignUps.Count(s => s.ActivityId == a.Id && s.Seat == ActivitySeat.Confirmed && s.CheckedInAt != null),
            }).ToListAsync(ct);
        // ADR 52: an award debits the community's issuing account and a reversal credits it back; a redemption credits its
        // supermarket account and a refund debits it — so the sums per account are issued and spent with the corrections netted.
        var points = await (from e in db.PointEntries
                            join t in db.PointTransactions on e.TransactionId equals t.Id
                            join a in db.PointAccounts on e.AccountId equals a.Id
                            where a.ScopePath.StartsWith(regionPath) && (a.Kind == PointAccountKind.Issuing || a.Kind == PointAccountKind.Supermarket)
                                  && t.At >= period.Start && t.At < period.End
                            group e.Amount by new { a.CommunityCode, a.Kind } into g
                            select new { g.Key.CommunityCode, g.Key.Kind, Sum = g.Sum(x => (long)x) }).ToListAsync(ct);

        CommunityFigureRow Row(string code, string name, Func<string, bool> member)
        {
            var mine = orders.Where(o => member(o.Row.CommunityCode)).ToList();
            var figures = mine.Select(o => (Order: o, Figures: Classify(o, period, asOf))).ToList();
            int Count(OrderFigure f) => figures.Count(x => x.Figures.Contains(f));
            var due = Count(OrderFigure.Due);
            var firstGrabbed = mine.Where(o => o.Grabs.Count > 0 && o.Grabs[0] >= period.Start && o.Grabs[0] < period.End).ToList();
            var held = activities.Where(a => member(a.CommunityCode)).ToList();
            var attended = held.Sum(a => a.Attended);
            return new CommunityFigureRow(code, name,
                volunteers.Count(v => member(v.CommunityCode) && ActiveAt(v.Status, v.JoinedAt, v.StatusChangedAt, asOf)),
                volunteers.Count(v => member(v.CommunityCode) && v.JoinedAt >= period.Start),
                Count(OrderFigure.Posted), Count(OrderFigure.Grabbed), Count(OrderFigure.Completed), Count(OrderFigure.Confirmed), Count(OrderFigure.Escalated),
                mine.Sum(o => o.NoShowsAt.Count(t => t >= period.Start && t < period.End)),
                new Ratio(due - Count(OrderFigure.DueNotDone), due), new Ratio(due - Count(OrderFigure.DueLate), due),
                Spread.Of(firstGrabbed.Select(o => o.Grabs[0] - o.Row.PostedAt)),
                Spread.Of(firstGrabbed.Where(o => o.CheckedInAt < asOf).Select(o => o.CheckedInAt!.Value - o.Row.PostedAt)),
                held.Count, attended, new Ratio(attended, held.Sum(a => a.Seats)),
                -points.Where(p => member(p.CommunityCode) && p.Kind == PointAccountKind.Issuing).Sum(p => p.Sum),
                points.Where(p => member(p.CommunityCode) && p.Kind == PointAccountKind.Supermarket).Sum(p => p.Sum));
        }

        var rows = units.Select(u => Row(u.Code, u.Name, c => RowOf(c) == u.Code)).ToList();
        return new CommunityFigureTable(rows, Row(region.Leaf, regionName, _ => true), asOf);
    }

    /// <summary>The orders of the region behind one figure (the caller has checked its scope covers the region), newest first.</summary>
    public async Task<IReadOnlyList<OrderFigureRow>> OrdersBehindAsync(AppraisalPeriod period, string regionPath, OrderFigure figure, CancellationToken ct = default)
    {
        var asOf = Duties.AsOf(period, clock.GetUtcNow());
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var orders = await OrdersAsync(db, period, regionPath, ct);
        return orders.Where(o => Classify(o, period, asOf).Contains(figure)).Select(o => o.Row).OrderByDescending(o => o.PostedAt).ThenByDescending(o => o.Id).ToList();
    }

    /// <summary>
    /// A volunteer counted at as-of: joined before it, and active then — today's status if it has not changed since,
    /// otherwise the other side of that change (a volunteer suspended after as-of was active at it).
    /// </summary>
    private static bool ActiveAt(VolunteerStatus status, DateTimeOffset joinedAt, DateTimeOffset? changedAt, DateTimeOffset asOf) =>
        joinedAt < asOf && (changedAt is { } at && at >= asOf ? status != VolunteerStatus.Active : status == VolunteerStatus.Active);

    /// <summary>
    /// Every figure an order counts in (docs/appraisal.md, "Community figures"). Due: its window ended in the period and by
    /// as-of, and it was not cancelled before its window began — an order cancelled once its time had come, or never
    /// served, stays due and undone, so a community never scores better by leaving an order unserved (issue 14).
    /// </summary>
    private static HashSet<OrderFigure> Classify(OrderFacts o, AppraisalPeriod period, DateTimeOffset asOf)
    {
        bool In(DateTimeOffset? at) => at >= period.Start && at < period.End;
        var r = o.Row;
        var figures = new HashSet<OrderFigure>();
        void Add(bool yes, OrderFigure f)
        {
            if (yes)
            {
                figures.Add(f);
            }
        }
        Add(In(r.PostedAt), OrderFigure.Posted);
        Add(o.Grabs.Any(g => In(g)), OrderFigure.Grabbed);
        Add(In(r.CompletedAt), OrderFigure.Completed);
        Add(In(r.ConfirmedAt), OrderFigure.Confirmed);
        Add(In(r.EscalatedAt), OrderFigure.Escalated);
        Add(o.NoShowsAt.Any(t => In(t)), OrderFigure.NoShow);
        var due = In(r.WindowEnd) && r.WindowEnd < asOf && !(o.CancelledAt < r.WindowStart);
        Add(due, OrderFigure.Due);
        Add(due && !(r.CompletedAt < asOf), OrderFigure.DueNotDone);
        Add(due && !(r.CompletedAt <= r.WindowEnd), OrderFigure.DueLate);
        return figures;
    }

    /// <summary>
    /// The region's orders that can count in the period — posted before its end and with a window, a completion, a
    /// confirmation, an escalation or an event not before its start — with their grab, no-show and cancel times.
    /// </summary>
    private static async Task<List<OrderFacts>> OrdersAsync(PanlongDbContext db, AppraisalPeriod period, string regionPath, CancellationToken ct)
    {
        string[] actions = [ServiceOrderActions.Grab, ServiceOrderActions.NoShow, ServiceOrderActions.Cancel];
        var scoped = db.ServiceOrders.AsNoTracking().Where(o => o.ScopePath.StartsWith(regionPath) && o.PostedAt < period.End);
        var events = await (from e in db.ServiceOrderEvents
                            join o in scoped on e.OrderId equals o.Id
                            where actions.Contains(e.Action) && e.At < period.End
                            select new { e.OrderId, e.Action, e.At }).ToListAsync(ct);
        var touched = events.Where(e => e.At >= period.Start).Select(e => e.OrderId).ToHashSet();
        var rows = await scoped
            .Where(o => o.WindowEnd >= period.Start || o.PostedAt >= period.Start || o.CompletedAt >= period.Start || o.ConfirmedAt >= period.Start
                        || o.EscalatedAt >= period.Start || touched.Contains(o.Id))
            .Select(o => new { o.Id, o.CommunityCode, o.SkillId, o.Status, o.WindowStart, o.WindowEnd, o.PostedAt, o.CheckedInAt, o.CompletedAt, o.ConfirmedAt, o.EscalatedAt, o.NoShows })
            .ToListAsync(ct);
        var byOrder = events.ToLookup(e => e.OrderId);
        return rows.Select(o =>
        {
            var mine = byOrder[o.Id].OrderBy(e => e.At).ToList();
            var grabs = mine.Where(e => e.Action == ServiceOrderActions.Grab).Select(e => e.At).ToList();
            return new OrderFacts(
                new OrderFigureRow(o.Id, o.CommunityCode, o.SkillId, o.Status, o.WindowStart, o.WindowEnd, o.PostedAt, grabs.Count > 0 ? grabs[0] : null,
                    o.CompletedAt, o.ConfirmedAt, o.EscalatedAt, o.NoShows),
                o.CheckedInAt, mine.FirstOrDefault(e => e.Action == ServiceOrderActions.Cancel)?.At, grabs,
                mine.Where(e => e.Action == ServiceOrderActions.NoShow).Select(e => e.At).ToList());
        }).ToList();
    }
}
