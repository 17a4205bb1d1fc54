using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Organization;

namespace Panlong.Workflows.Appraisal;

/// <summary>A period of whole China-time days, <see cref="To"/> exclusive, and how many calendar months it covers.</summary>
public sealed record AppraisalPeriod(DateOnly From, DateOnly To)
{
    public DateTimeOffset Start => ChinaTime.StartOf(From);
    public DateTimeOffset End => ChinaTime.StartOf(To);

    /// <summary>Months for the per-month score tables (at least one).</summary>
    public int Months => Math.Max(1, ((To.Year - From.Year) * 12) + To.Month - From.Month);

    /// <summary>The month starts inside the period, for trends.</summary>
    public IEnumerable<DateOnly> MonthStarts()
    {
        for (var m = new DateOnly(From.Year, From.Month, 1); m < To; m = m.AddMonths(1))
        {
            yield return m < From ? From : m;
        }
    }
}

/// <summary>
/// The loop's headline figures for a period and scope (ADR 21). Received, filed, dispatched, handled, reworked, extended and
/// shelved are the work done in the period. <see cref="Closed"/> and <see cref="ClosedOnTime"/> are the cohort: of the cases
/// received in the period, those closed by as-of (with an on-time handling); <see cref="ClosedEarlier"/> counts the period's
/// closings of cases received before it, a count and never a rate. The on-time counts are of the duties due in the period.
/// </summary>
public sealed record CaseSummary(int Received, int PublicReports, int Filed, int NotFiled, int Voided, int Dispatched, int Closed, int ClosedOnTime,
    int FiledOnTime, int DispatchedOnTime, int Handled, int HandledOnTime, int Reworked, int Extended, int Shelved, int ClosedEarlier = 0,
    int FilingsDue = 0, int DispatchesDue = 0, int HandlingsDue = 0, int ClosedOfDue = 0, int ClosedOnTimeOfDue = 0, int ReworkedOfDue = 0)
{
    /// <summary>The cohort's share: of the cases received in the period, closed by as-of (the article's 45,016 of 47,199). The report and dashboard call 结案率 <see cref="ClosureOfDueRate"/>.</summary>
    public double ClosureRate => Percent(Closed, Received);
    public double FileOnTimeRate => FileOnTimeRatio.Percent ?? 0;
    public double DispatchOnTimeRate => DispatchOnTimeRatio.Percent ?? 0;
    public double HandleOnTimeRate => HandleOnTimeRatio.Percent ?? 0;
    /// <summary>按期结案率: of the cases due to close (应结案), those closed with an on-time handling.</summary>
    public double CloseOnTimeRate => CloseOnTimeRatio.Percent ?? 0;
    /// <summary>结案率 over 应结案 (the departments' and regions' 结案率, ADR 21): of the cases due to close, those closed by as-of.</summary>
    public double ClosureOfDueRate => ClosureOfDueRatio.Percent ?? 0;

    // The same rates as ratios, for the screens: a rate with nothing due shows "—", not 0 %.
    public Ratio FileOnTimeRatio => new(FiledOnTime, FilingsDue);
    public Ratio DispatchOnTimeRatio => new(DispatchedOnTime, DispatchesDue);
    public Ratio HandleOnTimeRatio => new(HandledOnTime, HandlingsDue);
    public Ratio CloseOnTimeRatio => new(ClosedOnTimeOfDue, HandlingsDue);
    public Ratio ClosureOfDueRatio => new(ClosedOfDue, HandlingsDue);

    /// <summary>Appraisal's figures as shown (<see cref="Ratio"/>'s rounding): never above 100 %, and 0 when there was nothing to count.</summary>
    public static double Percent(int part, int whole) => new Ratio(part, whole).Percent ?? 0;
}

/// <summary>One month of the trend: received and filed in it; of those received, closed by as-of (with an on-time handling).</summary>
public sealed record MonthFigure(DateOnly Month, int Received, int Filed, int Closed, int ClosedOnTime);

/// <summary>One appraised object with its raw counts (for the report and the drill-down), indicators, total, grade and place.</summary>
public sealed record AppraisedRow(string Key, string Name, string? Parent, int Cases, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, double> Indicators, double Total, Grade Grade, int? Rank);

/// <summary>Everything one appraisal computes: the headline, the trend and a ranking per kind of object.</summary>
public sealed record AppraisalResult(string ScopeCode, string ScopeName, DateOnly From, DateOnly To, CaseSummary Summary, IReadOnlyList<MonthFigure> Trend,
    IReadOnlyList<AppraisedRow> Streets, IReadOnlyList<AppraisedRow> Communities, IReadOnlyList<AppraisedRow> Grids, IReadOnlyList<AppraisedRow> Departments,
    IReadOnlyList<AppraisedRow> Supervisors, IReadOnlyList<AppraisedRow> Acceptors, IReadOnlyList<AppraisedRow> ShiftLeads, IReadOnlyList<AppraisedRow> Dispatchers,
    long ElapsedMs);

/// <summary>
/// What a drill-down asks for: the facts of one kind (or all) of a person, unit or region in the period, optionally late ones
/// only. With <see cref="Due"/>, the duties of the step <see cref="Kind"/> due in the period instead (ADR 21), done or open
/// (<see cref="OnTime"/> false: late or undone); with <see cref="Closed"/>, only cases closed (or not) by as-of; with
/// <see cref="Earlier"/>, only cases received before the period (or in it).
/// </summary>
public sealed record FactFilter(CaseFactKind? Kind = null, string? PersonKey = null, string? UnitCode = null, string? RegionPath = null, bool? OnTime = null,
    bool? Public = null, bool Due = false, bool? Closed = null, bool? Earlier = null);

/// <summary>
/// docs/domain.md §3 over the case facts of a period inside a scope (ADR 16): a handful of grouped counting queries — per person,
/// per unit, per grid and month — and the arithmetic of <see cref="AppraisalRules"/> on the counts. Rates count the work due in
/// the period (ADR 21, docs/appraisal.md): the last completion of each step whose deadline falls in the period, and the steps
/// still open past their deadline at as-of; volumes and accuracies count the work done in it.
/// </summary>
public sealed class AppraisalCalculator(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Names of the counts kept per row; the report and the drill-down use them.</summary>
    public static class Count
    {
        public const string Reports = "上报数";
        public const string ValidReports = "有效上报数";
        public const string Missed = "漏报数";
        public const string FiledInArea = "区域问题数";
        public const string VerifyDue = "应核实数";
        public const string VerifiedOnTime = "按时核实数";
        public const string CheckDue = "应核查数";
        public const string CheckedOnTime = "按时核查数";
        public const string Accepted = "受理数";
        public const string VerifySentDue = "应派核实数";
        public const string VerifySentOnTime = "按时派核实数";
        public const string CheckSentDue = "应派核查数";
        public const string CheckSentOnTime = "按时派核查数";
        public const string Filed = "立案数";
        public const string FilingDue = "应立案审核数";
        public const string FiledOnTime = "按时立案数";
        public const string Voided = "作废数";
        public const string ClosingDue = "应结案审核数";
        public const string ClosedOnTime = "按时结案数";
        public const string Dispatched = "派遣数";
        public const string DispatchDue = "应派遣数";
        public const string DispatchedOnTime = "按时派遣数";
        public const string Reworked = "返工数";
        public const string HandleDue = "应处置数";
        public const string HandledOnTime = "按期处置数";
        public const string DueToClose = "应结案数";
        public const string Closed = "结案数";
        public const string ClosedOnTimeOfDue = "按期结案数";
        public const string PublicReports = "举报数";
    }

    private sealed record PersonGroup(CaseFactKind Kind, string PersonKey, string? PersonName, string? Role, bool? OnTime, int N);
    private sealed record UnitGroup(CaseFactKind Kind, string UnitCode, bool? OnTime, bool? CaseOnTime, int N);
    private sealed record GridGroup(CaseFactKind Kind, int GridId, bool Public, bool? CaseOnTime, int N);

    /// <summary>Duties of one step charged to one person in a post (null: nobody), on time or not (late or undone).</summary>
    private sealed record DutyGroup(CaseFactKind Kind, string? PersonKey, string? PersonName, string? Post, bool OnTime, int N);


    /// <summary>A step open past its deadline: the case, the unit it belongs to and who is charged with it (ADR 21).</summary>
    private sealed record OpenDuty(long CaseId, CaseFactKind Kind, string? UnitCode, int GridId, string ScopePath, bool Public, bool Reworked,
        IReadOnlyList<(string Key, string? Name)> Charged);

    public async Task<AppraisalResult> ComputeAsync(AppraisalConfig config, AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var asOf = Duties.AsOf(period, clock.GetUtcNow());
        var counts = await CountAsync(period, asOf, scopePath, ct);
        return await ResultAsync(config, period, asOf, scopePath, counts, period, watch, ct);
    }

    /// <summary>
    /// The grouped counts of a slice of time (<see cref="AppraisalCounts"/>): the whole period for a live computation, or one
    /// month of it to be stored and put together with the others (docs/decisions/0048-running-year-from-stored-months.md).
    /// </summary>
    public async Task<AppraisalCounts> CountAsync(AppraisalPeriod slice, DateTimeOffset asOf, string scopePath, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (start, end) = (slice.Start, slice.End);
        var facts = db.CaseFacts.AsNoTracking().Where(f => f.At >= start && f.At < end && f.ScopePath.StartsWith(scopePath));

        // Per grid and month, in one grouped query: the regions' flows and the trend come from the same counts.
        var months = slice.MonthStarts().ToList();
        List<DateOnly> monthBounds = [.. months, slice.To];
        var grids = (await facts.Where(f => f.Kind == CaseFactKind.Reported || f.Kind == CaseFactKind.Filed || f.Kind == CaseFactKind.Closed)
            .Select(MonthRow(monthBounds, f => f.At, end, asOf))
            .GroupBy(r => new { r.Kind, r.GridId, r.Public, r.CaseOnTime, r.Month })
            .Select(g => new { g.Key.Kind, g.Key.GridId, g.Key.Public, g.Key.CaseOnTime, g.Key.Month, N = g.Count() }).ToListAsync(ct))
            .Select(g => new AppraisalCounts.GridCount(g.Kind, g.GridId, g.Public, g.CaseOnTime, Bound(monthBounds, g.Month), g.N)).ToList();
        // The closings made in the slice, by the month their case was received in: a period's cohort (of the cases received in
        // it, closed by as-of) and its closings of cases received earlier. A year's months reach back at most eleven months.
        var first = new DateOnly(slice.From.Year, slice.From.Month, 1);
        List<DateOnly> receivedBounds = [.. Enumerable.Range(0, 13).Select(i => first.AddMonths(i - 12)).Where(m => m < slice.From), .. monthBounds];
        // A closing on an ended period's very end counts for it: its as-of is its end (ADR 21).
        var endCounts = asOf == end;
        var closings = (await db.CaseFacts.AsNoTracking()
            .Where(f => f.Kind == CaseFactKind.Closed && f.At >= start && f.At <= asOf && (f.At < end || endCounts && f.At == end) && f.ScopePath.StartsWith(scopePath))
            .Select(MonthRow(receivedBounds, f => f.Case!.ReportedAt, end, asOf))
            .GroupBy(r => new { r.CaseOnTime, r.Month, r.Inside, r.ByAsOf })
            .Select(g => new { g.Key.CaseOnTime, g.Key.Month, g.Key.Inside, g.Key.ByAsOf, N = g.Count() }).ToListAsync(ct))
            .Select(g => new AppraisalCounts.ClosingCount(Bound(receivedBounds, g.Month), g.CaseOnTime, g.Inside, g.ByAsOf, g.N)).ToList();
        // Per person and unit, in one grouped query: the work done in the slice.
        var steps = await facts.GroupBy(f => new { f.Kind, f.PersonKey, f.PersonName, f.PersonRole, f.UnitCode, f.OnTime, f.CaseOnTime })
            .Select(g => new AppraisalCounts.StepCount(g.Key.Kind, g.Key.PersonKey, g.Key.PersonName, g.Key.PersonRole, g.Key.UnitCode, g.Key.OnTime, g.Key.CaseOnTime, g.Count()))
            .ToListAsync(ct);
        // 有效上报: of the reports made in the slice, those filed (whenever).
        var validReports = await facts.Where(f => f.Kind == CaseFactKind.Reported && f.PersonKey != null)
            .Join(db.CaseFacts.Where(x => x.Kind == CaseFactKind.Filed), r => r.CaseId, x => x.CaseId, (r, x) => r.PersonKey!)
            .GroupBy(k => k).Select(g => new AppraisalCounts.PersonCount(g.Key, g.Count())).ToListAsync(ct);
        // 漏报 counts problems by the day they were reported: every report of the period not found false (not declined, not
        // voided) by as-of, filed or still waiting. Counting filings instead let a supervisor lower 漏报率 by leaving a
        // public report unverified, so that it never got filed (ADR 21).
        var reported = facts.Where(f => f.Kind == CaseFactKind.Reported
            && !db.CaseFacts.Any(x => x.CaseId == f.CaseId && (x.Kind == CaseFactKind.NotFiled || x.Kind == CaseFactKind.Voided) && x.At <= asOf));
        var problems = await reported
            .GroupBy(f => new { f.GridId, f.Public }).Select(g => new AppraisalCounts.ProblemCount(g.Key.GridId, g.Key.Public, g.Count())).ToListAsync(ct);
        var held = await HeldAsync(db, reported, start, end, scopePath, ct);
        // Each field person's area: the grids they worked in during the slice, and those where a spot check found what they
        // missed as the area's inspector (docs/decisions/0074-spot-checks.md).
        var areas = await facts.Where(f => f.PersonKey != null
                && (f.Kind == CaseFactKind.Reported || f.Kind == CaseFactKind.Verified || f.Kind == CaseFactKind.Checked || f.Kind == CaseFactKind.SpotMissed))
            .Select(f => new { f.PersonKey, f.GridId }).Distinct().Select(a => new AppraisalCounts.AreaCell(a.PersonKey!, a.GridId)).ToListAsync(ct);

        // The work due: the steps done, by their last completion, and the steps open past their deadline.
        var done = DoneDuties(db, slice, scopePath);
        var doneGroups = await done.GroupBy(f => new { f.Kind, f.PersonKey, f.PersonName, f.PersonRole, f.OnTime })
            .Select(g => new AppraisalCounts.DoneCount(g.Key.Kind, g.Key.PersonKey, g.Key.PersonName, g.Key.PersonRole, g.Key.OnTime, g.Count())).ToListAsync(ct);
        var handlings = (await done.Where(f => f.Kind == CaseFactKind.Handled)
            .Select(f => new
            {
                f.UnitCode, f.GridId, OnTime = f.OnTime == true,
                Closed = db.CaseFacts.Any(c => c.CaseId == f.CaseId && c.Kind == CaseFactKind.Closed && c.At <= asOf),
                Reworked = db.CaseFacts.Any(r => r.CaseId == f.CaseId && r.Kind == CaseFactKind.Reworked && r.At <= asOf),
            })
            .GroupBy(h => new { h.UnitCode, h.GridId, h.OnTime, h.Closed, h.Reworked })
            .Select(g => new { g.Key.UnitCode, g.Key.GridId, g.Key.OnTime, g.Key.Closed, g.Key.Reworked, N = g.Count() }).ToListAsync(ct))
            .Select(g => new AppraisalCounts.HandlingCount(g.UnitCode, g.GridId, g.OnTime, g.Closed, g.Reworked, g.N)).ToList();
        var open = await OpenStepsAsync(db, slice, asOf, scopePath, ct);
        return new AppraisalCounts(grids, closings, steps, validReports, problems, areas, doneGroups, handlings, open, []) { Held = held };
    }

    /// <summary>
    /// The problems of the slice by the inspector who held their grid on the day they were reported (ADR 73), and a zero row for
    /// every inspector who held a grid of the scope during the slice, so that an inspector with none is known to have none.
    /// </summary>
    private static async Task<List<AppraisalCounts.HeldProblemCount>> HeldAsync(PanlongDbContext db, IQueryable<CaseFact> reported, DateTimeOffset start,
        DateTimeOffset end, string scopePath, CancellationToken ct)
    {
        var posts = db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector);
        // GridAssignment.HeldAt, written out because it is joined with each report's own time.
        var counted = await reported.Join(posts, f => f.GridId, a => a.GridId, (f, a) => new { f.At, f.Public, a.From, a.Until, a.StaffMemberId, a.StaffMember!.UserId })
            .Where(x => (x.From == null || x.From <= x.At) && (x.Until == null || x.At < x.Until))
            .GroupBy(x => new { x.StaffMemberId, x.UserId, x.Public }).Select(g => new { g.Key.StaffMemberId, g.Key.UserId, g.Key.Public, N = g.Count() }).ToListAsync(ct);
        var holders = await posts.Where(a => a.ScopePath.StartsWith(scopePath) && (a.From == null || a.From < end) && (a.Until == null || a.Until > start))
            .Select(a => new { a.StaffMemberId, a.StaffMember!.UserId }).Distinct().ToListAsync(ct);
        return [.. counted.Select(c => new AppraisalCounts.HeldProblemCount(InspectorAssignments.PersonKey(c.UserId, c.StaffMemberId), c.Public, c.N)),
            .. holders.Select(h => new AppraisalCounts.HeldProblemCount(InspectorAssignments.PersonKey(h.UserId, h.StaffMemberId), false, 0))];
    }

    /// <summary>
    /// The counts of a month to be stored (docs/decisions/0059-compact-month-counts.md): <see cref="CountAsync"/>'s and who worked each
    /// post in it, so that the running year's pooled open duties are charged without reading the year's tasks on every visit.
    /// </summary>
    public async Task<AppraisalCounts> CountStoredAsync(AppraisalPeriod month, DateTimeOffset asOf, string scopePath, CancellationToken ct = default)
    {
        var counts = await CountAsync(month, asOf, scopePath, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return counts with { Workers = await WorkersAsync(db, month, null, ct) };
    }

    /// <summary>
    /// The figures of a period from its grouped counts (<see cref="CountAsync"/>, of the whole period or of its slices put
    /// together): the region and unit names, who worked each post in the period, and <see cref="AppraisalRules"/>' arithmetic.
    /// </summary>
    /// <param name="unread">The part of the period whose workers <paramref name="counts"/> does not hold (the whole period when it was counted in one
    /// go; the running rest when stored months hold theirs).</param>
    public async Task<AppraisalResult> ResultAsync(AppraisalConfig config, AppraisalPeriod period, DateTimeOffset asOf, string scopePath, AppraisalCounts counts,
        AppraisalPeriod unread, Stopwatch watch, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var regions = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath.StartsWith(scopePath) && (u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community || u.Kind == OrgUnitKind.Grid))
            .Select(u => new Region(u.Id, u.Code, u.Name, u.Kind, u.ScopePath, u.AreaClass, u.ParentId)).ToListAsync(ct);
        var scopeUnit = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath == scopePath).Select(u => new { u.Code, u.Name }).SingleAsync(ct);
        var departments = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Department && u.IsActive).Select(u => new { u.Code, u.Name }).ToListAsync(ct);

        var gridGroups = counts.Grids.GroupBy(g => (g.Kind, g.GridId, g.Public, g.CaseOnTime)).Select(g => new GridGroup(g.Key.Kind, g.Key.GridId, g.Key.Public, g.Key.CaseOnTime, g.Sum(x => x.N))).ToList();
        // The cohort: closings by as-of of the cases received in the period, by the month they were received in.
        var cohort = counts.Closings.Where(c => c.ByAsOf).ToList();
        var closedEarlier = counts.Closings.Where(c => c.Inside && c.ReceivedMonth < period.From).Sum(c => c.N);
        var trend = period.MonthStarts().Select(month =>
        {
            var inMonth = counts.Grids.Where(g => g.Month == month).Select(g => new GridGroup(g.Kind, g.GridId, g.Public, g.CaseOnTime, g.N)).ToList();
            var closed = cohort.Where(c => c.ReceivedMonth == month).ToList();
            return new MonthFigure(month, Sum(inMonth, CaseFactKind.Reported), Sum(inMonth, CaseFactKind.Filed), closed.Sum(c => c.N),
                closed.Where(c => c.CaseOnTime == true).Sum(c => c.N));
        })
            // Months that have not begun by as-of (the rest of a running year) are not in the trend: a zero there would read
            // as a collapse rather than as "not yet".
            .Where(m => ChinaTime.StartOf(m.Month) < asOf).ToList();
        var people = counts.Steps.Where(x => x.PersonKey != null).GroupBy(x => (x.Kind, x.PersonKey, x.PersonName, x.PersonRole, x.OnTime))
            .Select(g => new PersonGroup(g.Key.Kind, g.Key.PersonKey!, g.Key.PersonName, g.Key.PersonRole, g.Key.OnTime, g.Sum(x => x.N))).ToList();
        var units = counts.Steps.Where(x => x.UnitCode != null).GroupBy(x => (x.Kind, x.UnitCode, x.OnTime, x.CaseOnTime))
            .Select(g => new UnitGroup(g.Key.Kind, g.Key.UnitCode!, g.Key.OnTime, g.Key.CaseOnTime, g.Sum(x => x.N))).ToList();
        var validReports = counts.ValidReports.GroupBy(v => v.PersonKey).ToDictionary(g => g.Key, g => g.Sum(v => v.N));
        var open = await ChargeAsync(db, unread, counts.Workers, counts.Open, ct);
        var handlings = counts.Handlings.ToList();
        handlings.AddRange(open.Where(o => o.Kind == CaseFactKind.Handled).Select(o => new AppraisalCounts.HandlingCount(o.UnitCode, o.GridId, false, false, o.Reworked, 1)));
        var stepTotals = counts.Done.Select(g => (Kind: Duties.StepOf(g.Kind), OnTime: g.OnTime == true, g.N))
            .Concat(open.Select(o => (o.Kind, OnTime: false, N: 1))).ToList();
        var duties = counts.Done.Where(g => g.PersonKey != null)
            .Select(g => new DutyGroup(Duties.StepOf(g.Kind), g.PersonKey, g.PersonName, Post(g.PersonRole), g.OnTime == true, g.N))
            .Concat(open.SelectMany(o => o.Charged.Select(p => new DutyGroup(o.Kind, p.Key, p.Name, Duties.PostOf(o.Kind), false, 1)))).ToList();

        var summary = Summarize(gridGroups, units, trend, closedEarlier, stepTotals, handlings);
        var (streets, communities, grids) = RankRegions(config, period, regions, gridGroups, handlings);
        var departmentRows = RankDepartments(config, period, units, handlings, departments.ToDictionary(d => d.Code, d => d.Name));
        // In key order, so that ties rank alike however the counts were gathered (one query or months put together).
        var byPerson = people.Select(p => (p.PersonKey, Post: Post(p.Role))).Concat(duties.Select(d => (PersonKey: d.PersonKey!, d.Post)))
            .Where(k => k.Post is not null).Distinct().OrderBy(k => k.PersonKey, StringComparer.Ordinal).ThenBy(k => k.Post, StringComparer.Ordinal).ToList();
        var doneBy = people.ToLookup(p => (p.PersonKey, Post(p.Role)));
        var dueBy = duties.ToLookup(d => (d.PersonKey!, d.Post));
        List<PersonGroup> Done((string PersonKey, string? Post) k) => doneBy[k].ToList();
        List<DutyGroup> Due((string PersonKey, string? Post) k) => dueBy[k].ToList();
        string NameOf((string PersonKey, string? Post) k) =>
            Done(k).Select(p => p.PersonName).Concat(Due(k).Select(d => d.PersonName)).FirstOrDefault(n => !string.IsNullOrEmpty(n)) ?? "";

        var problemsByGrid = counts.Problems.GroupBy(g => g.GridId)
            .ToDictionary(g => g.Key, g => (All: g.Sum(x => x.N), Public: g.Where(x => x.Public).Sum(x => x.N)));
        // A field person's area also holds the grids of the work charged to them and left undone, so leaving a
        // verification undone never shrinks the area that 漏报 is counted in (ADR 21).
        var areaOf = counts.Areas.Select(a => (a.PersonKey, a.GridId))
            .Concat(open.SelectMany(o => o.Charged.Select(p => (PersonKey: p.Key, o.GridId))))
            .GroupBy(a => a.PersonKey).ToDictionary(g => g.Key, g => g.Select(a => a.GridId).Distinct().ToList());
        var heldBy = counts.Held.GroupBy(h => h.PersonKey).ToDictionary(g => g.Key, g => (All: g.Sum(h => h.N), Public: g.Where(h => h.Public).Sum(h => h.N)));
        var supervisors = Ranked(config, byPerson.Where(k => k.Post == Roles.Supervisor).Select(k =>
        {
            var (g, d) = (Done(k), Due(k));
            var reports = Of(g, CaseFactKind.Reported);
            var valid = validReports.GetValueOrDefault(k.PersonKey);
            var area = areaOf.GetValueOrDefault(k.PersonKey) ?? [];
            // An inspector on record: the problems of the grids they held on each problem's day (ADR 73).
            var (inArea, missed) = heldBy.TryGetValue(k.PersonKey, out var byDay) ? byDay
                : (area.Sum(id => problemsByGrid.GetValueOrDefault(id).All), area.Sum(id => problemsByGrid.GetValueOrDefault(id).Public));
            var (verifyDue, verifiedOnTime) = (Of(d, CaseFactKind.Verified), Of(d, CaseFactKind.Verified, true));
            var (checkDue, checkedOnTime) = (Of(d, CaseFactKind.Checked), Of(d, CaseFactKind.Checked, true));
            var score = AppraisalRules.Supervisor(config, reports, valid, missed, inArea, verifiedOnTime, verifyDue, checkedOnTime, checkDue);
            var counts = new Dictionary<string, int>
            {
                [Count.Reports] = reports, [Count.ValidReports] = valid, [Count.Missed] = missed, [Count.FiledInArea] = inArea, [Count.VerifyDue] = verifyDue,
                [Count.VerifiedOnTime] = verifiedOnTime, [Count.CheckDue] = checkDue, [Count.CheckedOnTime] = checkedOnTime,
            };
            return Scored(Row(k.PersonKey, NameOf(k), RoleName(g)), score, reports + verifyDue + checkDue, counts);
        }));
        var acceptors = Ranked(config, byPerson.Where(k => k.Post == Roles.Acceptor).Select(k =>
        {
            var (g, d) = (Done(k), Due(k));
            var accepted = Of(g, CaseFactKind.VerifySent) + Of(g, CaseFactKind.Accepted);
            var (verifyDue, verifyOnTime) = (Of(d, CaseFactKind.VerifySent), Of(d, CaseFactKind.VerifySent, true));
            var (checkDue, checkOnTime) = (Of(d, CaseFactKind.Accepted), Of(d, CaseFactKind.Accepted, true));
            var score = AppraisalRules.Acceptor(config, PerMonth(accepted, period), verifyOnTime, verifyDue, checkOnTime, checkDue);
            var counts = new Dictionary<string, int>
            {
                [Count.Accepted] = accepted, [Count.VerifySentDue] = verifyDue, [Count.VerifySentOnTime] = verifyOnTime, [Count.CheckSentDue] = checkDue,
                [Count.CheckSentOnTime] = checkOnTime,
            };
            return Scored(Row(k.PersonKey, NameOf(k), null), score, verifyDue + checkDue, counts);
        }));
        var shiftLeads = Ranked(config, byPerson.Where(k => k.Post == Roles.ShiftLead).Select(k =>
        {
            var (g, d) = (Done(k), Due(k));
            var (filed, voided) = (Of(g, CaseFactKind.Filed), Of(g, CaseFactKind.Voided));
            var (filingDue, filedOnTime) = (Of(d, CaseFactKind.Filed), Of(d, CaseFactKind.Filed, true));
            var (closingDue, closedOnTime) = (Of(d, CaseFactKind.Closed), Of(d, CaseFactKind.Closed, true));
            var score = AppraisalRules.ShiftLead(config, filedOnTime, filingDue, filed, voided, closedOnTime, closingDue);
            var counts = new Dictionary<string, int>
            {
                [Count.Filed] = filed, [Count.FilingDue] = filingDue, [Count.FiledOnTime] = filedOnTime, [Count.Voided] = voided, [Count.ClosingDue] = closingDue,
                [Count.ClosedOnTime] = closedOnTime,
            };
            return Scored(Row(k.PersonKey, NameOf(k), null), score, filingDue + closingDue, counts);
        }));
        var dispatchers = Ranked(config, byPerson.Where(k => k.Post == Roles.Dispatcher).Select(k =>
        {
            var (g, d) = (Done(k), Due(k));
            var (dispatched, reworked) = (Of(g, CaseFactKind.Dispatched), Of(g, CaseFactKind.Reworked));
            var (dispatchDue, onTime) = (Of(d, CaseFactKind.Dispatched), Of(d, CaseFactKind.Dispatched, true));
            var score = AppraisalRules.Dispatcher(config, PerMonth(dispatched, period), onTime, dispatchDue, dispatched, reworked);
            var counts = new Dictionary<string, int>
            {
                [Count.Dispatched] = dispatched, [Count.DispatchDue] = dispatchDue, [Count.DispatchedOnTime] = onTime, [Count.Reworked] = reworked,
            };
            return Scored(Row(k.PersonKey, NameOf(k), null), score, dispatchDue, counts);
        }));
        return new AppraisalResult(scopeUnit.Code, scopeUnit.Name, period.From, period.To, summary, trend, streets, communities, grids, departmentRows,
            supervisors, acceptors, shiftLeads, dispatchers, watch.ElapsedMilliseconds);
    }

    /// <summary>
    /// The cases behind a figure, newest first. Without <see cref="FactFilter.Due"/>: distinct cases with a fact matching the
    /// filter in the period and scope. With it: the cases of the step's duties due in the period — exactly those the rates count.
    /// </summary>
    public async Task<(IReadOnlyList<Case> Cases, int Total)> CasesBehindAsync(AppraisalPeriod period, string scopePath, FactFilter filter, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var behind = await CasesBehindQueryAsync(db, period, scopePath, filter, ct);
        var total = await behind.CountAsync(ct);
        var cases = await behind.Include(c => c.Category).Page(page, pageSize).ToListAsync(ct);
        return (cases, total);
    }

    /// <summary>
    /// The cases behind a figure as one query on the caller's context, newest first — the drill-down pages it, the export
    /// streams it (docs/decisions/0051-every-list-export-streams.md).
    /// </summary>
    public async Task<IQueryable<Case>> CasesBehindQueryAsync(PanlongDbContext db, AppraisalPeriod period, string scopePath, FactFilter filter, CancellationToken ct = default)
    {
        var (start, end) = (period.Start, period.End);
        var asOf = Duties.AsOf(period, clock.GetUtcNow());
        var facts = filter.Due ? DoneDuties(db, period, scopePath) : db.CaseFacts.AsNoTracking().Where(f => f.At >= start && f.At < end && f.ScopePath.StartsWith(scopePath));
        if (filter.Kind is { } kind)
        {
            facts = filter.Due && kind == CaseFactKind.Filed ? facts.Where(f => f.Kind == CaseFactKind.Filed || f.Kind == CaseFactKind.NotFiled) : facts.Where(f => f.Kind == kind);
        }
        if (filter.PersonKey is { } person)
        {
            facts = facts.Where(f => f.PersonKey == person);
        }
        if (filter.UnitCode is { } unit)
        {
            facts = facts.Where(f => f.UnitCode == unit);
        }
        if (filter.RegionPath is { } region)
        {
            facts = facts.Where(f => f.ScopePath.StartsWith(region));
        }
        if (filter.OnTime is { } onTime)
        {
            facts = filter.Kind == CaseFactKind.Closed && !filter.Due ? facts.Where(f => f.CaseOnTime == onTime)
                : onTime ? facts.Where(f => f.OnTime == true) : facts.Where(f => f.OnTime != true);
        }
        if (filter.Public is { } isPublic)
        {
            facts = facts.Where(f => f.Public == isPublic);
        }
        if (filter.Closed is { } closed)
        {
            facts = facts.Where(f => db.CaseFacts.Any(c => c.CaseId == f.CaseId && c.Kind == CaseFactKind.Closed && c.At <= asOf) == closed);
        }
        if (filter.Earlier is { } earlier)
        {
            facts = facts.Where(f => (f.Case!.ReportedAt < start) == earlier);
        }
        List<long> openIds = [];
        if (filter.Due && filter.OnTime != true && filter.Closed != true)
        {
            openIds = (await ChargeAsync(db, period, [], await OpenStepsAsync(db, period, asOf, scopePath, ct), ct)).Where(o => filter.Earlier is null &&
                (filter.Kind is null || o.Kind == filter.Kind) && (filter.UnitCode is null || o.UnitCode == filter.UnitCode)
                && (filter.RegionPath is null || o.ScopePath.StartsWith(filter.RegionPath, StringComparison.Ordinal)) && (filter.Public is null || o.Public == filter.Public)
                && (filter.PersonKey is null || o.Charged.Any(p => p.Key == filter.PersonKey))).Select(o => o.CaseId).Distinct().ToList();
        }
        var ids = facts.Select(f => f.CaseId);
        return db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id) || openIds.Contains(c.Id)).OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id);
    }

    /// <summary>The last completion of every step whose deadline falls in the period (a done duty is due however early it was done).</summary>
    private static IQueryable<CaseFact> DoneDuties(PanlongDbContext db, AppraisalPeriod period, string scopePath)
    {
        var (start, end, kinds) = (period.Start, period.End, Duties.Kinds);
        return db.CaseFacts.AsNoTracking().Where(f => !f.Superseded && f.DueAt >= start && f.DueAt < end && f.ScopePath.StartsWith(scopePath) && kinds.Contains(f.Kind));
    }

    /// <summary>
    /// The steps open at as-of past a deadline in the slice (挂账 and the reviews have no step deadline, so they are not due),
    /// with the person who claimed the task or was assigned it, or the pool it waits in. Open work is a small part of the record.
    /// </summary>
    private static async Task<List<AppraisalCounts.OpenStep>> OpenStepsAsync(PanlongDbContext db, AppraisalPeriod slice, DateTimeOffset asOf, string scopePath,
        CancellationToken ct)
    {
        var (start, end, states) = (slice.Start, slice.End, Duties.OpenStates);
        var rows = await (from c in db.Cases.AsNoTracking()
                          where c.Status == CaseStatus.Open && states.Contains(c.State) && c.StepDueAt >= start && c.StepDueAt < end && c.StepDueAt < asOf
                              && c.ScopePath.StartsWith(scopePath)
                          join t in db.WorkTasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open) on new { c.InstanceId, c.State } equals new { t.InstanceId, t.State } into tasks
                          from t in tasks.DefaultIfEmpty()
                          select new
                          {
                              c.Id, c.State, c.Source, c.HubCode, c.HandlingUnitCode, c.GridId, c.ScopePath, c.ReworkCount,
                              Holder = t == null ? null : t.ClaimedByUserId ?? t.AssigneeUserId, HolderName = t == null ? null : t.ClaimedByName,
                              Role = t == null ? null : t.Role, UnitId = t == null ? null : t.OrgUnitId,
                          }).ToListAsync(ct);
        var perCase = rows.GroupBy(r => r.Id).Select(g => g.First()).ToList();
        var holders = perCase.Where(r => r.Holder is not null && r.HolderName is null).Select(r => r.Holder!).Distinct().ToList();
        var names = holders.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => holders.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return perCase.Select(r =>
        {
            var isPublic = CaseFacts.IsPublic(r.Source);
            var kind = Duties.OpenKind(r.State, isPublic)!.Value;
            var unit = kind == CaseFactKind.Handled ? r.HandlingUnitCode : r.HubCode;
            var holderName = r.Holder is { } holder ? r.HolderName ?? names.GetValueOrDefault(holder) : null;
            return new AppraisalCounts.OpenStep(r.Id, kind, unit, r.GridId, r.ScopePath, isPublic, r.ReworkCount > 0, r.Holder, holderName,
                r.Holder is null ? r.UnitId : null, r.Holder is null ? r.Role : null);
        }).ToList();
    }

    /// <summary>
    /// Who is charged with each open step (ADR 21): its holder; for a pooled task nobody claimed, everyone who completed a task of
    /// that post in that unit during the period — the whole period's workers, so it is decided here and not per month: those of
    /// <paramref name="read"/> (stored months) and those read now for <paramref name="unread"/>, the rest of the period.
    /// </summary>
    private static async Task<List<OpenDuty>> ChargeAsync(PanlongDbContext db, AppraisalPeriod unread, IReadOnlyList<AppraisalCounts.Worker> read,
        IReadOnlyList<AppraisalCounts.OpenStep> open, CancellationToken ct)
    {
        var pooledUnits = open.Where(o => o.Holder is null && o.PoolUnitId is not null).Select(o => o.PoolUnitId!.Value).Distinct().ToList();
        var live = pooledUnits.Count == 0 ? [] : await WorkersAsync(db, unread, pooledUnits, ct);
        var workers = read.Concat(live).ToLookup(w => (w.UnitId, w.Role));
        // A post's people once per post, not once per open step: at ten times the district thousands of open steps wait in a few
        // dozen pools, each over eleven months' workers (docs/decisions/0066-running-year-at-city-scale.md).
        var pools = new Dictionary<(int, string?), IReadOnlyList<(string, string?)>>();
        IReadOnlyList<(string, string?)> PoolOf(int unit, string? role) => pools.TryGetValue((unit, role), out var people) ? people
            // By key, one name each (the least): the same whether the workers came in months or in one read.
            : pools[(unit, role)] = workers[(unit, role)].GroupBy(w => w.UserId).OrderBy(w => w.Key, StringComparer.Ordinal)
                .Select(w => (w.Key, w.Select(x => x.Name).Min(StringComparer.Ordinal))).ToList();
        return open.Select(o =>
        {
            IReadOnlyList<(string, string?)> charged = Duties.PostOf(o.Kind) is null ? []
                : o.Holder is { } holder ? [(holder, o.HolderName)]
                : PoolOf(o.PoolUnitId ?? 0, o.PoolRole);
            return new OpenDuty(o.CaseId, o.Kind, o.UnitCode, o.GridId, o.ScopePath, o.Public, o.Reworked, charged);
        }).ToList();
    }

    /// <summary>Who completed a task of a post in the slice, in the given units (null: every unit).</summary>
    private static async Task<List<AppraisalCounts.Worker>> WorkersAsync(PanlongDbContext db, AppraisalPeriod slice, List<int>? units, CancellationToken ct)
    {
        var (from, to) = (slice.Start, slice.End);
        if (from >= to)
        {
            return [];
        }
        var tasks = db.WorkTasks.AsNoTracking()
            .Where(t => t.OrgUnitId != null && t.Status == WorkTaskStatus.Completed && t.CompletedAt >= from && t.CompletedAt < to && t.CompletedByUserId != null);
        if (units is not null)
        {
            tasks = tasks.Where(t => units.Contains(t.OrgUnitId!.Value));
        }
        return (await tasks.Select(t => new { t.OrgUnitId, t.Role, t.CompletedByUserId, t.CompletedByName }).Distinct().ToListAsync(ct))
            .Select(t => new AppraisalCounts.Worker(t.OrgUnitId!.Value, t.Role, t.CompletedByUserId!, t.CompletedByName)).ToList();
    }

    /// <summary>
    /// A fact's kind, grid, source, punctuality, the index of the bucket its date falls in (-1 before the first bound), and whether
    /// it was made before the slice's end and by as-of.
    /// </summary>
    private sealed class FactMonth
    {
        public CaseFactKind Kind { get; init; }
        public int GridId { get; init; }
        public bool Public { get; init; }
        public bool? CaseOnTime { get; init; }
        public int Month { get; init; }
        public bool Inside { get; init; }
        public bool ByAsOf { get; init; }
    }

    /// <summary>
    /// f => new FactMonth { …, Month = date(f) &lt; bound₀ ? -1 : date(f) &lt; bound₁ ? 0 : … } — a CASE the database evaluates, so
    /// a slice is counted per month in one scan on every provider.
    /// </summary>
    private static Expression<Func<CaseFact, FactMonth>> MonthRow(List<DateOnly> bounds, Expression<Func<CaseFact, DateTimeOffset>> date, DateTimeOffset end,
        DateTimeOffset asOf)
    {
        var f = date.Parameters[0];
        var at = date.Body;
        Expression month = Expression.Constant(bounds.Count - 1);
        for (var i = bounds.Count - 1; i >= 0; i--)
        {
            var boundary = Expression.Constant(ChinaTime.StartOf(bounds[i]));
            month = Expression.Condition(Expression.LessThan(at, boundary), Expression.Constant(i - 1), month);
        }
        var factAt = Expression.Property(f, nameof(CaseFact.At));
        MemberAssignment Bind(string name, Expression value) =>
            Expression.Bind(typeof(FactMonth).GetProperty(name)!, value);
        var body = Expression.MemberInit(Expression.New(typeof(FactMonth)),
            Bind(nameof(FactMonth.Kind), Expression.Property(f, nameof(CaseFact.Kind))),
            Bind(nameof(FactMonth.GridId), Expression.Property(f, nameof(CaseFact.GridId))),
            Bind(nameof(FactMonth.Public), Expression.Property(f, nameof(CaseFact.Public))),
            Bind(nameof(FactMonth.CaseOnTime), Expression.Property(f, nameof(CaseFact.CaseOnTime))),
            Bind(nameof(FactMonth.Month), month),
            Bind(nameof(FactMonth.Inside), Expression.LessThan(factAt, Expression.Constant(end))),
            Bind(nameof(FactMonth.ByAsOf), Expression.LessThanOrEqual(factAt, Expression.Constant(asOf))));
        return Expression.Lambda<Func<CaseFact, FactMonth>>(body, f);
    }

    /// <summary>The first day of a bucket of <see cref="MonthRow"/>: <see cref="DateOnly.MinValue"/> before the first bound, <see cref="DateOnly.MaxValue"/> after the last.</summary>
    private static DateOnly Bound(List<DateOnly> bounds, int index) => index < 0 ? DateOnly.MinValue : index >= bounds.Count - 1 ? DateOnly.MaxValue : bounds[index];

    private sealed record Region(int Id, string Code, string Name, OrgUnitKind Kind, string ScopePath, AreaClass? AreaClass, int? ParentId);

    private sealed record RowHead(string Key, string Name, string? Parent);

    private sealed record Entry(RowHead Head, IReadOnlyDictionary<string, int> Counts, IReadOnlyDictionary<string, double> Indicators);

    private static RowHead Row(string key, string name, string? parent) => new(key, name, parent);

    private static (Entry Item, AppraisalScore Score, int Cases) Scored(RowHead head, AppraisalScore score, int cases, Dictionary<string, int> counts) =>
        (new Entry(head, counts, score.Indicators), score, cases);

    private static List<AppraisedRow> Ranked(AppraisalConfig config, IEnumerable<(Entry Item, AppraisalScore Score, int Cases)> scored) =>
        AppraisalRules.Rank(config, scored)
            .Select(r => new AppraisedRow(r.Item.Head.Key, r.Item.Head.Name, r.Item.Head.Parent, r.Cases, r.Item.Counts, r.Item.Indicators, r.Total, r.Grade, r.Rank))
            .ToList();

    /// <summary>The post a person is ranked in: supervisors, inspectors and grid workers together as 监督员.</summary>
    private static string? Post(string? role) => role switch
    {
        Roles.Supervisor or Roles.Inspector or Roles.GridWorker => Roles.Supervisor,
        Roles.Acceptor or Roles.ShiftLead or Roles.Dispatcher => role,
        _ => null,
    };

    private static string? RoleName(IEnumerable<PersonGroup> g) => g.Select(p => p.Role).FirstOrDefault(r => r is Roles.Inspector or Roles.Supervisor or Roles.GridWorker) switch
    {
        Roles.Inspector => "巡查员",
        Roles.GridWorker => "网格员",
        Roles.Supervisor => "监督员",
        _ => null,
    };

    private static int Of(IEnumerable<PersonGroup> g, CaseFactKind kind, bool? onTime = null) =>
        g.Where(p => p.Kind == kind && (onTime is null || p.OnTime == onTime)).Sum(p => p.N);

    private static int Of(IEnumerable<DutyGroup> g, CaseFactKind kind, bool? onTime = null) =>
        g.Where(d => d.Kind == kind && (onTime is null || d.OnTime == onTime)).Sum(d => d.N);

    private static int Sum(IEnumerable<GridGroup> g, CaseFactKind kind) => g.Where(x => x.Kind == kind).Sum(x => x.N);

    /// <summary>The score tables count per month (docs/domain.md §3's thresholds are monthly); a quarter or a year is averaged.</summary>
    public static int PerMonth(int count, AppraisalPeriod period) => (int)Math.Round((double)count / period.Months, MidpointRounding.AwayFromZero);

    private static CaseSummary Summarize(List<GridGroup> grids, List<UnitGroup> units, List<MonthFigure> trend, int closedEarlier,
        List<(CaseFactKind Kind, bool OnTime, int N)> due, List<AppraisalCounts.HandlingCount> handlings)
    {
        int U(CaseFactKind kind) => units.Where(u => u.Kind == kind).Sum(u => u.N);
        int Due(CaseFactKind kind, bool? onTime = null) => due.Where(d => d.Kind == kind && (onTime is null || d.OnTime == onTime)).Sum(d => d.N);
        return new CaseSummary(Sum(grids, CaseFactKind.Reported), grids.Where(g => g.Kind == CaseFactKind.Reported && g.Public).Sum(g => g.N),
            Sum(grids, CaseFactKind.Filed), U(CaseFactKind.NotFiled), U(CaseFactKind.Voided), U(CaseFactKind.Dispatched), trend.Sum(m => m.Closed),
            trend.Sum(m => m.ClosedOnTime), Due(CaseFactKind.Filed, true), Due(CaseFactKind.Dispatched, true), U(CaseFactKind.Handled),
            Due(CaseFactKind.Handled, true), U(CaseFactKind.Reworked), U(CaseFactKind.Extended), U(CaseFactKind.Shelved), closedEarlier,
            Due(CaseFactKind.Filed), Due(CaseFactKind.Dispatched), handlings.Sum(h => h.N), handlings.Where(h => h.Closed).Sum(h => h.N),
            handlings.Where(h => h.Closed && h.OnTime).Sum(h => h.N), handlings.Where(h => h.Reworked).Sum(h => h.N));
    }

    private static (IReadOnlyList<AppraisedRow>, IReadOnlyList<AppraisedRow>, IReadOnlyList<AppraisedRow>) RankRegions(AppraisalConfig config, AppraisalPeriod period,
        List<Region> regions, List<GridGroup> groups, List<AppraisalCounts.HandlingCount> handlings)
    {
        var byGrid = groups.GroupBy(g => g.GridId).ToDictionary(g => g.Key, g => g.ToList());
        var dueByGrid = handlings.GroupBy(h => h.GridId).ToDictionary(g => g.Key, g => g.ToList());
        var grids = regions.Where(r => r.Kind == OrgUnitKind.Grid).Select(g => (Grid: g, Path: OrgPath.Parse(g.ScopePath))).ToList();
        var names = regions.ToDictionary(r => r.Id, r => r.Name);

        List<AppraisedRow> RankOf(OrgUnitKind kind)
        {
            var rows = regions.Where(r => r.Kind == kind).Select(region =>
            {
                var path = OrgPath.Parse(region.ScopePath);
                var inside = kind == OrgUnitKind.Grid ? [region] : grids.Where(g => path.Covers(g.Path)).Select(g => g.Grid).ToList();
                var facts = inside.SelectMany(g => byGrid.GetValueOrDefault(g.Id) ?? []).ToList();
                var due = inside.SelectMany(g => dueByGrid.GetValueOrDefault(g.Id) ?? []).ToList();
                var reports = Sum(facts, CaseFactKind.Reported);
                var publicReports = facts.Where(f => f.Kind == CaseFactKind.Reported && f.Public).Sum(f => f.N);
                var filed = Sum(facts, CaseFactKind.Filed);
                // 结案率 and 按期结案率 over 应结案: the cases whose handling was due in the period (ADR 21).
                var (dueToClose, closed, closedOnTime) = (due.Sum(h => h.N), due.Where(h => h.Closed).Sum(h => h.N), due.Where(h => h.Closed && h.OnTime).Sum(h => h.N));
                // 立案数分值 per grid and month: a street or community is scored by its grids' average.
                var rural = inside.Count > 0 && inside.All(g => g.AreaClass == AreaClass.Rural) || region.AreaClass == AreaClass.Rural;
                var perGrid = (int)Math.Round((double)filed / Math.Max(1, inside.Count) / period.Months, MidpointRounding.AwayFromZero);
                var score = AppraisalRules.Region(config, rural ? config.GridFiledRuralTable : config.GridFiledUrbanTable, reports, publicReports, perGrid, closed,
                    dueToClose, closedOnTime);
                var counts = new Dictionary<string, int>
                {
                    [Count.Reports] = reports, [Count.PublicReports] = publicReports, [Count.Filed] = filed, [Count.DueToClose] = dueToClose, [Count.Closed] = closed,
                    [Count.ClosedOnTimeOfDue] = closedOnTime,
                };
                var parent = region.ParentId is { } p ? names.GetValueOrDefault(p) : null;
                return Scored(Row(region.ScopePath, region.Name, parent), score, dueToClose, counts);
            });
            return Ranked(config, rows);
        }

        return (RankOf(OrgUnitKind.Street), RankOf(OrgUnitKind.Community), RankOf(OrgUnitKind.Grid));
    }

    private static List<AppraisedRow> RankDepartments(AppraisalConfig config, AppraisalPeriod period, List<UnitGroup> units, List<AppraisalCounts.HandlingCount> handlings,
        Dictionary<string, string> departments)
    {
        var codes = units.Select(u => u.UnitCode).Concat(handlings.Select(h => h.UnitCode).OfType<string>()).Where(departments.ContainsKey).Distinct().Order(StringComparer.Ordinal);
        var rows = codes.Select(code =>
        {
            var dispatched = units.Where(u => u.UnitCode == code && u.Kind == CaseFactKind.Dispatched).Sum(u => u.N);
            var of = handlings.Where(h => h.UnitCode == code).ToList();
            // 结案率, 按期处置率 and 返工率 over the handlings due (ADR 21): leaving one undone counts it late and not closed.
            var (due, closed, onTime, reworked) = (of.Sum(h => h.N), of.Where(h => h.Closed).Sum(h => h.N), of.Where(h => h.OnTime).Sum(h => h.N),
                of.Where(h => h.Reworked).Sum(h => h.N));
            var score = AppraisalRules.Department(config, PerMonth(dispatched, period), closed, due, onTime, due, reworked);
            var counts = new Dictionary<string, int>
            {
                [Count.Dispatched] = dispatched, [Count.HandleDue] = due, [Count.HandledOnTime] = onTime, [Count.Closed] = closed, [Count.Reworked] = reworked,
            };
            return Scored(Row(code, departments[code], null), score, due, counts);
        });
        return Ranked(config, rows);
    }
}
