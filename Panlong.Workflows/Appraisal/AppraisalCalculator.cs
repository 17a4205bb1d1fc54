using System.Diagnostics;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;

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

/// <summary>The loop's headline figures for a period and scope.</summary>
public sealed record CaseSummary(int Received, int PublicReports, int Filed, int NotFiled, int Voided, int Dispatched, int Closed, int ClosedOnTime,
    int FiledOnTime, int DispatchedOnTime, int Handled, int HandledOnTime, int Reworked, int Extended, int Shelved)
{
    /// <summary>结案率 = closed / received in the period (the article's 45,016 of 47,199), percent.</summary>
    public double ClosureRate => Percent(Closed, Received);
    public double FileOnTimeRate => Percent(FiledOnTime, Filed);
    public double DispatchOnTimeRate => Percent(DispatchedOnTime, Dispatched);
    public double HandleOnTimeRate => Percent(HandledOnTime, Handled);
    public double CloseOnTimeRate => Percent(ClosedOnTime, Closed);

    /// <summary>
    /// Appraisal's figures as counted (<see cref="Ratio"/>'s rounding): not capped, since a period's closures include cases
    /// received before it, and 0 when there was nothing to count.
    /// </summary>
    public static double Percent(int part, int whole) => new Ratio(part, whole).UncappedPercent ?? 0;
}

/// <summary>One month of the trend.</summary>
public sealed record MonthFigure(DateOnly Month, int Received, int Filed, int Closed, int ClosedOnTime);

/// <summary>One appraised object with its raw counts (for the report and the drill-down), indicators, total, grade and place.</summary>
public sealed record AppraisedRow(string Key, string Name, string? Parent, int Cases, IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, double> Indicators, double Total, Grade Grade, int? Rank);

/// <summary>Everything one appraisal computes: the headline, the trend and a ranking per kind of object.</summary>
public sealed record AppraisalResult(string ScopeCode, string ScopeName, DateOnly From, DateOnly To, CaseSummary Summary, IReadOnlyList<MonthFigure> Trend,
    IReadOnlyList<AppraisedRow> Streets, IReadOnlyList<AppraisedRow> Communities, IReadOnlyList<AppraisedRow> Grids, IReadOnlyList<AppraisedRow> Departments,
    IReadOnlyList<AppraisedRow> Supervisors, IReadOnlyList<AppraisedRow> Acceptors, IReadOnlyList<AppraisedRow> ShiftLeads, IReadOnlyList<AppraisedRow> Dispatchers,
    long ElapsedMs);

/// <summary>What a drill-down asks for: the facts of one kind (or all) of a person, unit or region, optionally late ones only.</summary>
public sealed record FactFilter(CaseFactKind? Kind = null, string? PersonKey = null, string? UnitCode = null, string? RegionPath = null, bool? OnTime = null,
    bool? Public = null);

/// <summary>
/// docs/domain.md §3 over the case facts of a period inside a scope (ADR 16): a handful of grouped counting queries — per person,
/// per unit, per grid and month — and the arithmetic of <see cref="AppraisalRules"/> on the counts.
/// </summary>
public sealed class AppraisalCalculator(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>Names of the counts kept per row; the report and the drill-down use them.</summary>
    public static class Count
    {
        public const string Reports = "上报数";
        public const string ValidReports = "有效上报数";
        public const string Missed = "漏报数";
        public const string FiledInArea = "区域立案数";
        public const string Verified = "核实数";
        public const string VerifiedOnTime = "按时核实数";
        public const string Checked = "核查数";
        public const string CheckedOnTime = "按时核查数";
        public const string Accepted = "受理数";
        public const string VerifySent = "派核实数";
        public const string VerifySentOnTime = "按时派核实数";
        public const string CheckSent = "派核查数";
        public const string CheckSentOnTime = "按时派核查数";
        public const string Filed = "立案数";
        public const string FiledOnTime = "按时立案数";
        public const string Voided = "作废数";
        public const string Closed = "结案数";
        public const string ClosedOnTime = "按时结案数";
        public const string Dispatched = "派遣数";
        public const string DispatchedOnTime = "按时派遣数";
        public const string Reworked = "返工数";
        public const string Handled = "处置数";
        public const string HandledOnTime = "按期处置数";
        public const string PublicReports = "举报数";
    }

    private sealed record PersonGroup(CaseFactKind Kind, string PersonKey, string? PersonName, string? Role, bool? OnTime, int N);
    private sealed record UnitGroup(CaseFactKind Kind, string UnitCode, bool? OnTime, bool? CaseOnTime, int N);
    private sealed record GridGroup(CaseFactKind Kind, int GridId, bool Public, bool? CaseOnTime, int N);

    public async Task<AppraisalResult> ComputeAsync(AppraisalConfig config, AppraisalPeriod period, string scopePath, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (start, end) = (period.Start, period.End);
        var facts = db.CaseFacts.AsNoTracking().Where(f => f.At >= start && f.At < end && f.ScopePath.StartsWith(scopePath));
        var regions = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath.StartsWith(scopePath) && (u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community || u.Kind == OrgUnitKind.Grid))
            .Select(u => new Region(u.Id, u.Code, u.Name, u.Kind, u.ScopePath, u.AreaClass, u.ParentId)).ToListAsync(ct);
        var scopeUnit = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath == scopePath).Select(u => new { u.Code, u.Name }).SingleAsync(ct);
        var departments = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Department && u.IsActive).Select(u => new { u.Code, u.Name }).ToListAsync(ct);

        // Per grid and month, in one grouped query: the regions and the trend come from the same counts.
        var months = period.MonthStarts().ToList();
        var gridMonths = await facts.Where(f => f.Kind == CaseFactKind.Reported || f.Kind == CaseFactKind.Filed || f.Kind == CaseFactKind.Closed)
            .Select(MonthRow(months.Skip(1).Select(m => new AppraisalPeriod(m, m).Start).ToList()))
            .GroupBy(r => new { r.Kind, r.GridId, r.Public, r.CaseOnTime, r.Month })
            .Select(g => new { g.Key.Kind, g.Key.GridId, g.Key.Public, g.Key.CaseOnTime, g.Key.Month, N = g.Count() }).ToListAsync(ct);
        var gridGroups = gridMonths.GroupBy(g => (g.Kind, g.GridId, g.Public, g.CaseOnTime)).Select(g => new GridGroup(g.Key.Kind, g.Key.GridId, g.Key.Public, g.Key.CaseOnTime, g.Sum(x => x.N))).ToList();
        var trend = months.Select((month, i) =>
        {
            var inMonth = gridMonths.Where(g => g.Month == i).Select(g => new GridGroup(g.Kind, g.GridId, g.Public, g.CaseOnTime, g.N)).ToList();
            return new MonthFigure(month, Sum(inMonth, CaseFactKind.Reported), Sum(inMonth, CaseFactKind.Filed), Sum(inMonth, CaseFactKind.Closed),
                inMonth.Where(g => g.Kind == CaseFactKind.Closed && g.CaseOnTime == true).Sum(g => g.N));
        }).ToList();
        // Per person and unit, in one grouped query.
        var steps = await facts.GroupBy(f => new { f.Kind, f.PersonKey, f.PersonName, f.PersonRole, f.UnitCode, f.OnTime, f.CaseOnTime })
            .Select(g => new { g.Key.Kind, g.Key.PersonKey, g.Key.PersonName, g.Key.PersonRole, g.Key.UnitCode, g.Key.OnTime, g.Key.CaseOnTime, N = g.Count() }).ToListAsync(ct);
        var people = steps.Where(x => x.PersonKey != null).GroupBy(x => (x.Kind, x.PersonKey, x.PersonName, x.PersonRole, x.OnTime))
            .Select(g => new PersonGroup(g.Key.Kind, g.Key.PersonKey!, g.Key.PersonName, g.Key.PersonRole, g.Key.OnTime, g.Sum(x => x.N))).ToList();
        var units = steps.Where(x => x.UnitCode != null).GroupBy(x => (x.Kind, x.UnitCode, x.OnTime, x.CaseOnTime))
            .Select(g => new UnitGroup(g.Key.Kind, g.Key.UnitCode!, g.Key.OnTime, g.Key.CaseOnTime, g.Sum(x => x.N))).ToList();
        // 有效上报: of the reports made in the period, those filed (whenever).
        var validReports = await facts.Where(f => f.Kind == CaseFactKind.Reported && f.PersonKey != null)
            .Join(db.CaseFacts.Where(x => x.Kind == CaseFactKind.Filed), r => r.CaseId, x => x.CaseId, (r, x) => r.PersonKey!)
            .GroupBy(k => k).Select(g => new { Key = g.Key, N = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.N, ct);
        // Each field person's area: the grids they worked in during the period.
        var areas = await facts.Where(f => f.PersonKey != null && (f.Kind == CaseFactKind.Reported || f.Kind == CaseFactKind.Verified || f.Kind == CaseFactKind.Checked))
            .Select(f => new { f.PersonKey, f.GridId }).Distinct().ToListAsync(ct);

        var summary = Summarize(gridGroups, units);
        var (streets, communities, grids) = RankRegions(config, period, regions, gridGroups);
        var departmentRows = RankDepartments(config, period, units, departments.ToDictionary(d => d.Code, d => d.Name));
        var byPerson = people.GroupBy(p => (p.PersonKey, Role: Post(p))).Where(g => g.Key.Role is not null).ToList();
        string NameOf(IEnumerable<PersonGroup> g) => g.Select(p => p.PersonName).FirstOrDefault(n => n is not null) ?? "";

        var filedByGrid = gridGroups.Where(g => g.Kind == CaseFactKind.Filed).GroupBy(g => g.GridId)
            .ToDictionary(g => g.Key, g => (All: g.Sum(x => x.N), Public: g.Where(x => x.Public).Sum(x => x.N)));
        var areaOf = areas.GroupBy(a => a.PersonKey!).ToDictionary(g => g.Key, g => g.Select(a => a.GridId).ToList());
        var supervisors = Ranked(config, byPerson.Where(g => g.Key.Role == Roles.Supervisor).Select(g =>
        {
            var reports = Of(g, CaseFactKind.Reported);
            var valid = validReports.GetValueOrDefault(g.Key.PersonKey);
            var area = areaOf.GetValueOrDefault(g.Key.PersonKey) ?? [];
            var inArea = area.Sum(id => filedByGrid.GetValueOrDefault(id).All);
            var missed = area.Sum(id => filedByGrid.GetValueOrDefault(id).Public);
            var (verified, verifiedOnTime) = (Of(g, CaseFactKind.Verified), Of(g, CaseFactKind.Verified, true));
            var (checks, checkedOnTime) = (Of(g, CaseFactKind.Checked), Of(g, CaseFactKind.Checked, true));
            var score = AppraisalRules.Supervisor(config, reports, valid, missed, inArea, verifiedOnTime, verified, checkedOnTime, checks);
            var counts = new Dictionary<string, int>
            {
                [Count.Reports] = reports, [Count.ValidReports] = valid, [Count.Missed] = missed, [Count.FiledInArea] = inArea, [Count.Verified] = verified,
                [Count.VerifiedOnTime] = verifiedOnTime, [Count.Checked] = checks, [Count.CheckedOnTime] = checkedOnTime,
            };
            return Scored(Row(g.Key.PersonKey, NameOf(g), RoleName(g)), score, reports + verified + checks, counts);
        }));
        var acceptors = Ranked(config, byPerson.Where(g => g.Key.Role == Roles.Acceptor).Select(g =>
        {
            var (verify, verifyOnTime) = (Of(g, CaseFactKind.VerifySent), Of(g, CaseFactKind.VerifySent, true));
            var (check, checkOnTime) = (Of(g, CaseFactKind.Accepted), Of(g, CaseFactKind.Accepted, true));
            var accepted = verify + check;
            var score = AppraisalRules.Acceptor(config, PerMonth(accepted, period), verifyOnTime, verify, checkOnTime, check);
            var counts = new Dictionary<string, int>
            {
                [Count.Accepted] = accepted, [Count.VerifySent] = verify, [Count.VerifySentOnTime] = verifyOnTime, [Count.CheckSent] = check, [Count.CheckSentOnTime] = checkOnTime,
            };
            return Scored(Row(g.Key.PersonKey, NameOf(g), null), score, accepted, counts);
        }));
        var shiftLeads = Ranked(config, byPerson.Where(g => g.Key.Role == Roles.ShiftLead).Select(g =>
        {
            var (filed, filedOnTime) = (Of(g, CaseFactKind.Filed), Of(g, CaseFactKind.Filed, true));
            var voided = Of(g, CaseFactKind.Voided);
            var (closed, closedOnTime) = (Of(g, CaseFactKind.Closed), Of(g, CaseFactKind.Closed, true));
            var score = AppraisalRules.ShiftLead(config, filedOnTime, filed, filed, voided, closedOnTime, closed);
            var counts = new Dictionary<string, int>
            {
                [Count.Filed] = filed, [Count.FiledOnTime] = filedOnTime, [Count.Voided] = voided, [Count.Closed] = closed, [Count.ClosedOnTime] = closedOnTime,
            };
            return Scored(Row(g.Key.PersonKey, NameOf(g), null), score, filed + closed, counts);
        }));
        var dispatchers = Ranked(config, byPerson.Where(g => g.Key.Role == Roles.Dispatcher).Select(g =>
        {
            var (dispatched, onTime) = (Of(g, CaseFactKind.Dispatched), Of(g, CaseFactKind.Dispatched, true));
            var reworked = Of(g, CaseFactKind.Reworked);
            var score = AppraisalRules.Dispatcher(config, PerMonth(dispatched, period), onTime, dispatched, reworked);
            var counts = new Dictionary<string, int> { [Count.Dispatched] = dispatched, [Count.DispatchedOnTime] = onTime, [Count.Reworked] = reworked };
            return Scored(Row(g.Key.PersonKey, NameOf(g), null), score, dispatched, counts);
        }));
        return new AppraisalResult(scopeUnit.Code, scopeUnit.Name, period.From, period.To, summary, trend, streets, communities, grids, departmentRows,
            supervisors, acceptors, shiftLeads, dispatchers, watch.ElapsedMilliseconds);
    }

    /// <summary>The cases behind a figure: distinct cases with a fact matching the filter in the period and scope, newest first.</summary>
    public async Task<(IReadOnlyList<Case> Cases, int Total)> CasesBehindAsync(AppraisalPeriod period, string scopePath, FactFilter filter, int skip, int take,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (start, end) = (period.Start, period.End);
        var facts = db.CaseFacts.AsNoTracking().Where(f => f.At >= start && f.At < end && f.ScopePath.StartsWith(scopePath));
        if (filter.Kind is { } kind)
        {
            facts = facts.Where(f => f.Kind == kind);
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
            facts = facts.Where(f => filter.Kind == CaseFactKind.Closed ? f.CaseOnTime == onTime : f.OnTime == onTime);
        }
        if (filter.Public is { } isPublic)
        {
            facts = facts.Where(f => f.Public == isPublic);
        }
        var ids = facts.Select(f => f.CaseId).Distinct();
        var total = await ids.CountAsync(ct);
        var cases = await db.Cases.AsNoTracking().Include(c => c.Category).Where(c => ids.Contains(c.Id))
            .OrderByDescending(c => c.ReportedAt).Skip(skip).Take(take).ToListAsync(ct);
        return (cases, total);
    }

    /// <summary>A fact's kind, grid, source, punctuality and the index of its month in the period (0 for the first).</summary>
    private sealed class FactMonth
    {
        public CaseFactKind Kind { get; init; }
        public int GridId { get; init; }
        public bool Public { get; init; }
        public bool? CaseOnTime { get; init; }
        public int Month { get; init; }
    }

    /// <summary>
    /// f => new FactMonth { …, Month = f.At &lt; start₁ ? 0 : f.At &lt; start₂ ? 1 : … } — a CASE the database evaluates, so the
    /// year is counted per month in one scan on every provider.
    /// </summary>
    private static Expression<Func<CaseFact, FactMonth>> MonthRow(List<DateTimeOffset> laterMonthStarts)
    {
        var f = Expression.Parameter(typeof(CaseFact), "f");
        var at = Expression.Property(f, nameof(CaseFact.At));
        Expression month = Expression.Constant(laterMonthStarts.Count);
        for (var i = laterMonthStarts.Count - 1; i >= 0; i--)
        {
            var boundary = Expression.Constant(laterMonthStarts[i]);
            month = Expression.Condition(Expression.LessThan(at, boundary), Expression.Constant(i), month);
        }
        MemberAssignment Bind(string name, Expression value) =>
            Expression.Bind(typeof(FactMonth).GetProperty(name)!, value);
        var body = Expression.MemberInit(Expression.New(typeof(FactMonth)),
            Bind(nameof(FactMonth.Kind), Expression.Property(f, nameof(CaseFact.Kind))),
            Bind(nameof(FactMonth.GridId), Expression.Property(f, nameof(CaseFact.GridId))),
            Bind(nameof(FactMonth.Public), Expression.Property(f, nameof(CaseFact.Public))),
            Bind(nameof(FactMonth.CaseOnTime), Expression.Property(f, nameof(CaseFact.CaseOnTime))),
            Bind(nameof(FactMonth.Month), month));
        return Expression.Lambda<Func<CaseFact, FactMonth>>(body, f);
    }

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
    private static string? Post(PersonGroup p) => p.Role switch
    {
        Roles.Supervisor or Roles.Inspector or Roles.GridWorker => Roles.Supervisor,
        Roles.Acceptor or Roles.ShiftLead or Roles.Dispatcher => p.Role,
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

    private static int Sum(IEnumerable<GridGroup> g, CaseFactKind kind) => g.Where(x => x.Kind == kind).Sum(x => x.N);

    /// <summary>The score tables count per month (docs/domain.md §3's thresholds are monthly); a quarter or a year is averaged.</summary>
    public static int PerMonth(int count, AppraisalPeriod period) => (int)Math.Round((double)count / period.Months, MidpointRounding.AwayFromZero);

    private static CaseSummary Summarize(List<GridGroup> grids, List<UnitGroup> units)
    {
        int U(CaseFactKind kind, bool? onTime = null) => units.Where(u => u.Kind == kind && (onTime is null || u.OnTime == onTime)).Sum(u => u.N);
        return new CaseSummary(Sum(grids, CaseFactKind.Reported), grids.Where(g => g.Kind == CaseFactKind.Reported && g.Public).Sum(g => g.N),
            Sum(grids, CaseFactKind.Filed), U(CaseFactKind.NotFiled), U(CaseFactKind.Voided), U(CaseFactKind.Dispatched), Sum(grids, CaseFactKind.Closed),
            grids.Where(g => g.Kind == CaseFactKind.Closed && g.CaseOnTime == true).Sum(g => g.N), U(CaseFactKind.Filed, true), U(CaseFactKind.Dispatched, true),
            U(CaseFactKind.Handled), U(CaseFactKind.Handled, true), U(CaseFactKind.Reworked), U(CaseFactKind.Extended), U(CaseFactKind.Shelved));
    }

    private static (IReadOnlyList<AppraisedRow>, IReadOnlyList<AppraisedRow>, IReadOnlyList<AppraisedRow>) RankRegions(AppraisalConfig config, AppraisalPeriod period,
        List<Region> regions, List<GridGroup> groups)
    {
        var byGrid = groups.GroupBy(g => g.GridId).ToDictionary(g => g.Key, g => g.ToList());
        var grids = regions.Where(r => r.Kind == OrgUnitKind.Grid).Select(g => (Grid: g, Path: OrgPath.Parse(g.ScopePath))).ToList();
        var names = regions.ToDictionary(r => r.Id, r => r.Name);

        List<AppraisedRow> RankOf(OrgUnitKind kind)
        {
            var rows = regions.Where(r => r.Kind == kind).Select(region =>
            {
                var path = OrgPath.Parse(region.ScopePath);
                var inside = kind == OrgUnitKind.Grid ? [region] : grids.Where(g => path.Covers(g.Path)).Select(g => g.Grid).ToList();
                var facts = inside.SelectMany(g => byGrid.GetValueOrDefault(g.Id) ?? []).ToList();
                var reports = Sum(facts, CaseFactKind.Reported);
                var publicReports = facts.Where(f => f.Kind == CaseFactKind.Reported && f.Public).Sum(f => f.N);
                var filed = Sum(facts, CaseFactKind.Filed);
                var closed = Sum(facts, CaseFactKind.Closed);
                var closedOnTime = facts.Where(f => f.Kind == CaseFactKind.Closed && f.CaseOnTime == true).Sum(f => f.N);
                // 立案数分值 per grid and month: a street or community is scored by its grids' average.
                var rural = inside.Count > 0 && inside.All(g => g.AreaClass == AreaClass.Rural) || region.AreaClass == AreaClass.Rural;
                var perGrid = (int)Math.Round((double)filed / Math.Max(1, inside.Count) / period.Months, MidpointRounding.AwayFromZero);
                var score = AppraisalRules.Region(config, rural ? config.GridFiledRuralTable : config.GridFiledUrbanTable, reports, publicReports, perGrid, closed, filed, closedOnTime);
                var counts = new Dictionary<string, int>
                {
                    [Count.Reports] = reports, [Count.PublicReports] = publicReports, [Count.Filed] = filed, [Count.Closed] = closed, [Count.ClosedOnTime] = closedOnTime,
                };
                var parent = region.ParentId is { } p ? names.GetValueOrDefault(p) : null;
                return Scored(Row(region.ScopePath, region.Name, parent), score, filed, counts);
            });
            return Ranked(config, rows);
        }

        return (RankOf(OrgUnitKind.Street), RankOf(OrgUnitKind.Community), RankOf(OrgUnitKind.Grid));
    }

    private static List<AppraisedRow> RankDepartments(AppraisalConfig config, AppraisalPeriod period, List<UnitGroup> units, Dictionary<string, string> departments)
    {
        var rows = units.Where(u => departments.ContainsKey(u.UnitCode)).GroupBy(u => u.UnitCode).Select(g =>
        {
            int U(CaseFactKind kind, bool? onTime = null) => g.Where(u => u.Kind == kind && (onTime is null || u.OnTime == onTime)).Sum(u => u.N);
            var dispatched = U(CaseFactKind.Dispatched);
            var closed = U(CaseFactKind.Closed);
            var (handled, handledOnTime) = (U(CaseFactKind.Handled), U(CaseFactKind.Handled, true));
            var reworked = U(CaseFactKind.Reworked);
            var score = AppraisalRules.Department(config, PerMonth(dispatched, period), closed, dispatched, handledOnTime, handled, reworked);
            var counts = new Dictionary<string, int>
            {
                [Count.Dispatched] = dispatched, [Count.Closed] = closed, [Count.Handled] = handled, [Count.HandledOnTime] = handledOnTime, [Count.Reworked] = reworked,
            };
            return Scored(Row(g.Key, departments[g.Key], null), score, dispatched, counts);
        });
        return Ranked(config, rows);
    }
}
