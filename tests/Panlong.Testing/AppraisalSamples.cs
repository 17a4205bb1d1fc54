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
        var summary = new CaseSummary(rec, rec / 9, fil, rec - fil - 120, 120, fil - 300, clo, trend.Sum(m => m.ClosedOnTime), (int)(fil * 0.97),
            (int)(fil * 0.95), fil - 600, (int)((fil - 600) * 0.9), 850, 410, 60);
        return new AppraisalResult(DistrictPlan.DistrictCode, DistrictPlan.DistrictName, new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1), summary, trend,
            Regions(OrgUnitKind.Street, 12), Regions(OrgUnitKind.Community, communities), Regions(OrgUnitKind.Grid, grids),
            Rank(config, units.Where(u => u.Kind == OrgUnitKind.Department).Take(departments)
                .Select(u => Row(config, random, AppraisedKind.Department, u.Code, u.Name, null, random.Next(20, 3000)))),
            People(AppraisedKind.Supervisor, 0.86), People(AppraisedKind.Acceptor, 0.05), People(AppraisedKind.ShiftLead, 0.03),
            People(AppraisedKind.Dispatcher, 0.06), ElapsedMs: 0);
    }

    /// <summary>Indicators mostly between 55 and 100, a few weak objects lower, so every grade occurs.</summary>
    private static (AppraisedRow Row, AppraisalScore Score) Row(AppraisalConfig config, Random random, AppraisedKind kind, string key, string name, string? parent, int cases)
    {
        var weak = random.NextDouble() < 0.08;
        var indicators = config.Weights[kind].Keys.ToDictionary(k => k, _ => Math.Round(weak ? 20 + (random.NextDouble() * 50) : 55 + (random.NextDouble() * 45), 2));
        var score = AppraisalRules.Total(config, kind, indicators);
        var counts = new Dictionary<string, int> { [Count.Reports] = cases, [Count.Filed] = (int)(cases * 0.92), [Count.Closed] = (int)(cases * 0.88) };
        return (new AppraisedRow(key, name, parent, cases, counts, indicators, score.Total, score.Grade, null), score);
    }

    private static List<AppraisedRow> Rank(AppraisalConfig config, IEnumerable<(AppraisedRow Row, AppraisalScore Score)> rows) =>
        AppraisalRules.Rank(config, rows.Select(r => (r.Row, r.Score, r.Row.Cases))).Select(r => r.Item with { Rank = r.Rank }).ToList();
}
