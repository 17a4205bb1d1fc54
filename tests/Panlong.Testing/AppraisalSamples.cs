using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;
using Count = Panlong.Workflows.Appraisal.AppraisalCalculator.Count;

namespace Panlong.Testing;

/// <summary>
/// Appraisal results built by hand, without a database, for the report renderers: the district's real structure
/// (<see cref="DistrictPlan"/>: 12 streets, 103 communities, 610 grids, 32 departments) with random but seeded
/// indicators, totals and grades from <see cref="AppraisalRules"/>, and a year of about 47,000 cases.
/// </summary>
public static class AppraisalSamples
{
    private static readonly string[] Surnames = ["李", "王", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林"];
    private static readonly string[] Given = ["明", "华", "丽", "强", "芳", "军", "敏", "静", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "超", "秀英", "建国", "志刚", "海燕", "春梅", "云"];

    /// <summary>
    /// A year (2026) for 盘龙区: every street, the first <paramref name="communities"/> communities and <paramref name="grids"/>
    /// grids, <paramref name="departments"/> departments and <paramref name="people"/> people split over the four posts
    /// (most of them supervisors, as in the field).
    /// </summary>
    public static AppraisalResult Year(int communities = 103, int grids = DistrictPlan.GridCount, int departments = 32, int people = 700, int seed = 7)
    {
        var config = AppraisalConfig.Default;
        var random = new Random(seed);
        var units = DistrictPlan.Build();
        var names = units.ToDictionary(u => u.Code, u => u.Name);
        string? ParentOf(PlannedUnit u) => u.ParentCode is { } p ? names.GetValueOrDefault(p) : null;

        IReadOnlyList<AppraisedRow> Regions(OrgUnitKind kind, int take) => Rank(config, units.Where(u => u.Kind == kind).Take(take)
            .Select(u => Row(config, random, AppraisedKind.Region, u.Code, u.Name, ParentOf(u), kind switch
            {
                OrgUnitKind.Street => random.Next(1500, 6000),
                OrgUnitKind.Community => random.Next(150, 900),
                // Some grids fall under the minimum and are listed without a rank.
                _ => random.Next(5, 160),
            })));

        IReadOnlyList<AppraisedRow> People(AppraisedKind kind, double share) => Rank(config, Enumerable.Range(1, Math.Max(1, (int)(people * share))).Select(i =>
        {
            var name = Surnames[random.Next(Surnames.Length)] + Given[random.Next(Given.Length)];
            var post = kind == AppraisedKind.Supervisor ? (random.Next(3) switch { 0 => "巡查员", 1 => "网格员", _ => "监督员" }) : null;
            return Row(config, random, kind, $"{kind}-{i:0000}", name, post, random.Next(10, 2400));
        }));

        var trend = Enumerable.Range(1, 12).Select(m =>
        {
            var received = 3300 + random.Next(1200);
            var filed = (int)(received * 0.93);
            var closed = (int)(filed * (0.9 + (random.NextDouble() * 0.08)));
            return new MonthFigure(new DateOnly(2026, m, 1), received, filed, closed, (int)(closed * 0.91));
        }).ToList();
        var (rec, fil, clo) = (trend.Sum(m => m.Received), trend.Sum(m => m.Filed), trend.Sum(m => m.Closed));
        // ADR 21: the cohort closed (clo) and, apart, older cases closed; the on-time counts over the duties due.
        var due = fil - 560;
        var summary = new CaseSummary(rec, rec / 9, fil, rec - fil - 120, 120, fil - 300, clo, trend.Sum(m => m.ClosedOnTime), (int)(fil * 0.97),
            (int)(fil * 0.95), fil - 600, (int)((fil - 600) * 0.9), 850, 410, 60, ClosedEarlier: 1800, FilingsDue: fil + 40, DispatchesDue: fil - 280,
            HandlingsDue: due, ClosedOfDue: (int)(due * 0.95), ClosedOnTimeOfDue: (int)(due * 0.88), ReworkedOfDue: 700);
        return new AppraisalResult(DistrictPlan.DistrictCode, DistrictPlan.DistrictName, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), summary, trend,
            Regions(OrgUnitKind.Street, 12), Regions(OrgUnitKind.Community, communities), Regions(OrgUnitKind.Grid, grids),
            Rank(config, units.Where(u => u.Kind == OrgUnitKind.Department).Take(departments)
                .Select(u => Row(config, random, AppraisedKind.Department, u.Code, u.Name, null, random.Next(20, 3000)))),
            People(AppraisedKind.Supervisor, 0.86), People(AppraisedKind.Acceptor, 0.05), People(AppraisedKind.ShiftLead, 0.03),
            People(AppraisedKind.Dispatcher, 0.06), ElapsedMs: 0);
    }

    /// <summary>
    /// 拓东街道's third quarter of 2026 with a single community (东庄社区) and its three grids, four departments of which the
    /// first two tie at the top and the last has too few cases to be ranked, and a quarter (two of its months too) that closed more
    /// cases than it received (55 closings of older cases besides 586 of its own 632): the shape of issue 14's street report.
    /// </summary>
    public static AppraisalResult StreetWithOneCommunity()
    {
        var config = AppraisalConfig.Default;
        AppraisedRow Region(string code, string name, string? parent, int cases, params double[] indicators) =>
            Scored(config, AppraisedKind.Region, code, name, parent, cases, indicators);
        AppraisedRow Department(string code, string name, int cases, params double[] indicators) =>
            Scored(config, AppraisedKind.Department, code, name, null, cases, indicators);
        var trend = new List<MonthFigure>
        {
            new(new DateOnly(2026, 7, 1), 212, 198, 200, 185), new(new DateOnly(2026, 8, 1), 240, 226, 226, 210), new(new DateOnly(2026, 9, 1), 180, 171, 160, 150),
        };
        var (received, filed, closed) = (trend.Sum(m => m.Received), trend.Sum(m => m.Filed), trend.Sum(m => m.Closed));
        var summary = new CaseSummary(received, 41, filed, 21, 3, 590, closed, trend.Sum(m => m.ClosedOnTime), 590, 577, 560, 512, 12, 6, 1,
            ClosedEarlier: 55, FilingsDue: 600, DispatchesDue: 592, HandlingsDue: 575, ClosedOfDue: 548, ClosedOnTimeOfDue: 505, ReworkedOfDue: 11);
        return new AppraisalResult("530103001", "拓东街道", new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1), summary, trend,
            Reranked(config, [Region("530103001", "拓东街道", null, filed, 95, 90, 92.4, 88)]),
            Reranked(config, [Region("530103001001", "东庄社区", "拓东街道", filed, 95, 90, 92.4, 88)]),
            Reranked(config,
            [
                Region("530103001001001", "东庄社区第1网格", "东庄社区", 260, 96, 90, 93, 90), Region("530103001001002", "东庄社区第2网格", "东庄社区", 231, 90, 75, 91, 85),
                Region("530103001001003", "东庄社区第3网格", "东庄社区", 104, 100, 100, 94, 86),
            ]),
            Reranked(config,
            [
                Department("530103-BM01", "区城市管理局", 310, 100, 95, 90, 92), Department("530103-BM02", "区住房和城乡建设局", 120, 100, 95, 90, 92),
                Department("530103-BM03", "区市场监督管理局", 140, 100, 40, 50, 60), Department("530103-BM04", "区水务局", 12, 100, 100, 100, 100),
            ]),
            Reranked(config, [Scored(config, AppraisedKind.Supervisor, "Supervisor-0001", "李明", "监督员", 180, [90, 95, 92, 90])]),
            Reranked(config, [Scored(config, AppraisedKind.Acceptor, "Acceptor-0001", "王芳", null, 400, [75, 98, 97])]),
            [], Reranked(config, [Scored(config, AppraisedKind.Dispatcher, "Dispatcher-0001", "张强", null, 590, [75, 96, 98])]), ElapsedMs: 0);
    }

    /// <summary>A month (November 2026) of the district in which nothing happened: every street and department listed with no case.</summary>
    public static AppraisalResult EmptyMonth()
    {
        var config = AppraisalConfig.Default;
        var units = DistrictPlan.Build();
        // Nothing due counts as fully met (docs/domain.md §3), so the calculator scores objects without cases; the report must not rank them.
        List<AppraisedRow> Idle(OrgUnitKind kind, AppraisedKind appraised) => Reranked(config, units.Where(u => u.Kind == kind)
            .Select(u => Scored(config, appraised, u.Code, u.Name, null, 0, [.. config.Weights[appraised].Keys.Select(_ => 100.0)])));
        return new AppraisalResult(DistrictPlan.DistrictCode, DistrictPlan.DistrictName, new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1),
            new CaseSummary(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), [new MonthFigure(new DateOnly(2026, 11, 1), 0, 0, 0, 0)],
            Idle(OrgUnitKind.Street, AppraisedKind.Region), [], [], Idle(OrgUnitKind.Department, AppraisedKind.Department), [], [], [], [], ElapsedMs: 0);
    }

    /// <summary>
    /// Rows given new case counts (in order; the rest keep theirs) and ranked again, as the calculator ranks them: so a
    /// test can put all but a few objects under the ranking minimum.
    /// </summary>
    public static IReadOnlyList<AppraisedRow> WithCases(IReadOnlyList<AppraisedRow> rows, params int[] cases) => Reranked(AppraisalConfig.Default,
        rows.Select((r, i) => r with { Cases = i < cases.Length ? cases[i] : r.Cases }));

    private static AppraisedRow Scored(AppraisalConfig config, AppraisedKind kind, string key, string name, string? parent, int cases, double[] indicators)
    {
        var score = AppraisalRules.Total(config, kind, config.Weights[kind].Keys.Zip(indicators).ToDictionary(p => p.First, p => p.Second));
        return new AppraisedRow(key, name, parent, cases, new Dictionary<string, int>(), score.Indicators, score.Total, score.Grade, null);
    }

    private static List<AppraisedRow> Reranked(AppraisalConfig config, IEnumerable<AppraisedRow> rows) =>
        AppraisalRules.Rank(config, rows.Select(r => (r, new AppraisalScore(r.Indicators, r.Total, r.Grade), r.Cases))).Select(r => r.Item with { Rank = r.Rank }).ToList();

    /// <summary>Indicators mostly between 55 and 100, a few weak objects lower, so every grade occurs.</summary>
    private static (AppraisedRow Row, AppraisalScore Score) Row(AppraisalConfig config, Random random, AppraisedKind kind, string key, string name, string? parent, int cases)
    {
        var weak = random.NextDouble() < 0.08;
        var indicators = config.Weights[kind].Keys.ToDictionary(k => k, _ => Math.Round(weak ? 20 + (random.NextDouble() * 50) : 55 + (random.NextDouble() * 45), 2));
        var score = AppraisalRules.Total(config, kind, indicators);
        var counts = new Dictionary<string, int> { [Count.Reports] = cases, [Count.Filed] = (int)(cases * 0.92), [Count.Closed] = (int)(cases * 0.88) };
        return (new AppraisedRow(key, name, parent, cases, counts, indicators, score.Total, score.Grade, null), score);
    }

    private static List<AppraisedRow> Rank(AppraisalConfig config, IEnumerable<(AppraisedRow Row, AppraisalScore Score)> rows) => Reranked(config, rows.Select(r => r.Row));
}
