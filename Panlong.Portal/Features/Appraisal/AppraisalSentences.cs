using System.Globalization;
using Panlong.Data;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>A rate as the report states it: its name and the counts it is made of.</summary>
public sealed record ReportRate(string Name, int Part, int Whole)
{
    /// <summary>The share as a fraction (for the workbook), or null: nothing was due, or the part outgrew the whole.</summary>
    public double? Share => Whole > 0 && Part >= 0 && Part <= Whole ? (double)Part / Whole : null;

    /// <summary>"95.4%", or null where <see cref="Share"/> is: a report never prints a rate above 100 % (issue 14).</summary>
    public string? Percent => Share is null ? null : new Ratio(Part, Whole).ToString();
}

/// <summary>
/// The appraisal report's sentences, written from the figures (issue 14): a ranking of one says it has nothing to be
/// compared with, ties are named as ties, every count says which set it counts (all, ranked, listed without a rank) and
/// the sets add up, and an empty period says so and claims nothing else. The PDF prints them; tests read them back.
/// </summary>
public static class AppraisalSentences
{
    private const int NamesShown = 10;

    /// <summary>结案率 over 应结案 (ADR 21, docs/appraisal.md): of the cases whose handling was due in the period, those closed by as-of.</summary>
    public static ReportRate Closure(CaseSummary s) => new(AppraisalConfig.Closure, s.ClosedOfDue, s.HandlingsDue);

    /// <summary>The cohort: of the cases received in the period, the share closed by as-of — never called 结案率, which counts 应结案.</summary>
    public static ReportRate Cohort(CaseSummary s) => new(CohortName, s.Closed, s.Received);

    /// <summary>A month's cohort: of the cases received in it, the share closed by as-of.</summary>
    public static ReportRate Cohort(MonthFigure m) => new(CohortName, m.Closed, m.Received);

    public const string CohortName = "本期受理已结案比例";

    /// <summary>The timeliness rates of the summary, in the order the report states them: duties on time over duties due (ADR 21).</summary>
    public static IReadOnlyList<ReportRate> Timeliness(CaseSummary s) =>
    [
        new(AppraisalConfig.FileOnTime, s.FiledOnTime, s.FilingsDue), new(AppraisalConfig.DispatchOnTime, s.DispatchedOnTime, s.DispatchesDue),
        new(AppraisalConfig.HandleOnTime, s.HandledOnTime, s.HandlingsDue), new(AppraisalConfig.CloseOnTime, s.ClosedOnTimeOfDue, s.HandlingsDue),
    ];

    /// <summary>返工率 as the departments count it: of the cases due to close, those reworked by as-of.</summary>
    public static ReportRate Rework(CaseSummary s) => new("返工率", s.ReworkedOfDue, s.HandlingsDue);

    /// <summary>A period without a case received, filed, dispatched, handled or closed, and nothing due: nothing to rate or rank.</summary>
    public static bool IsEmpty(AppraisalResult r) =>
        r.Summary is { Received: 0, Filed: 0, Dispatched: 0, Handled: 0, Closed: 0, ClosedEarlier: 0, FilingsDue: 0, DispatchesDue: 0, HandlingsDue: 0 }
        && r.Trend.All(m => m.Received == 0 && m.Closed == 0);

    /// <summary>
    /// The regions one level below the report's scope: the streets of the district, the communities of a street, the
    /// grids of a community (a street's report lists the street itself as its only street).
    /// </summary>
    public static AppraisalTable Regions(AppraisalDocument doc)
    {
        var result = doc.Result;
        bool OnlyTheScope(IReadOnlyList<AppraisedRow> rows) => rows.Count == 0 || (rows.Count == 1 && rows[0].Name == result.ScopeName);
        var tables = doc.Tables;
        return !OnlyTheScope(result.Streets) ? tables[0] : !OnlyTheScope(result.Communities) ? tables[1] : tables[2];
    }

    public static AppraisalTable Departments(AppraisalDocument doc) => doc.Tables.Single(t => t.Kind == AppraisedKind.Department);

    /// <summary>The summary's paragraphs: the counts, the rates, the months, and the standing of the regions and departments.</summary>
    public static IEnumerable<string> Summary(AppraisalDocument doc)
    {
        var (result, s) = (doc.Result, doc.Result.Summary);
        if (IsEmpty(result))
        {
            yield return $"{doc.Dates}，{result.ScopeName}没有受理、立案、派遣或结案的案件，本期没有可计算的考核指标，不作排名和等级评价。";
            yield break;
        }
        yield return Counts(doc);
        if (Cohort(doc) is { } cohort)
        {
            yield return cohort;
        }
        yield return Rates(s);
        if (Months(result.Trend) is { } months)
        {
            yield return months;
        }
        foreach (var table in new[] { Regions(doc), Departments(doc) })
        {
            yield return Standing(table, doc.Config);
        }
    }

    /// <summary>What was received, filed and dispatched, and 结案率 with its counts: 应结案 and, of them, closed.</summary>
    public static string Counts(AppraisalDocument doc)
    {
        var (result, s) = (doc.Result, doc.Result.Summary);
        var rate = Closure(s).Percent is { } p ? $"，结案率 {p}" : "";
        return $"{doc.Dates}，{result.ScopeName}数字化城市管理系统共受理案件 {N(s.Received)} 件（其中公众举报 {N(s.PublicReports)} 件），" +
               $"立案 {N(s.Filed)} 件，不予立案 {N(s.NotFiled)} 件，作废 {N(s.Voided)} 件；派遣 {N(s.Dispatched)} 件；" +
               $"应结案 {N(s.HandlingsDue)} 件，其中已结案 {N(s.ClosedOfDue)} 件{rate}。";
    }

    /// <summary>
    /// The cohort (of the cases received in the period, closed by as-of) and, as a count only, the period's closings of cases
    /// received earlier — so that many old cases closed never read as a rate above 100 % (issue 14). Null when there is neither.
    /// </summary>
    public static string? Cohort(AppraisalDocument doc)
    {
        var s = doc.Result.Summary;
        var earlier = s.ClosedEarlier > 0 ? $"以前受理的案件 {N(s.ClosedEarlier)} 件" : null;
        return s.Received > 0
            ? $"本期受理 {N(s.Received)} 件，截至{doc.AsOfDate}已结案 {N(s.Closed)} 件（{Cohort(s).Percent}）" + (earlier is null ? "。" : $"；另结案{earlier}。")
            : earlier is null ? null : $"本期结案{earlier}。";
    }

    /// <summary>The rates that have something due to measure, then rework among the cases due to close, extensions and shelved cases.</summary>
    public static string Rates(CaseSummary s)
    {
        var rates = Timeliness(s).Where(r => r.Percent is not null).Select(r => $"{r.Name} {r.Percent}").ToList();
        var rework = Rework(s).Percent is { } p ? $"（返工率 {p}）" : "";
        return (rates.Count == 0 ? "" : string.Join("，", rates) + "。") +
               $"应结案中返工过的 {N(s.ReworkedOfDue)} 件{rework}；本期延期 {N(s.Extended)} 件，挂账 {N(s.Shelved)} 件。";
    }

    /// <summary>The busiest and quietest months (ties named together) and the range of the months' cohorts closed, when there are two months to compare.</summary>
    public static string? Months(IReadOnlyList<MonthFigure> trend)
    {
        if (trend.Count < 2 || trend.All(m => m.Received == 0))
        {
            return null;
        }
        var (most, fewest) = (trend.Max(m => m.Received), trend.Min(m => m.Received));
        string Named(int received) => string.Join("、", trend.Where(m => m.Received == received).Select(m => $"{m.Month.Year}年{m.Month.Month}月"));
        string Each(int received) => trend.Count(m => m.Received == received) > 1 ? "各 " : "";
        var text = most == fewest
            ? $"从月度走势看，各月受理数相同（各 {N(most)} 件）"
            : $"从月度走势看，{Named(most)}受理最多（{Each(most)}{N(most)} 件），{Named(fewest)}最少（{Each(fewest)}{N(fewest)} 件）";
        // A month without receipts has no share closed to state: then no range is claimed over "each month". The months have
        // no 应结案 of their own, so the share is the month's cohort, and it is not called 结案率.
        var rates = trend.Select(Cohort).ToList();
        if (rates.All(r => r.Share is not null))
        {
            var (low, high) = (rates.MinBy(r => r.Share)!.Percent, rates.MaxBy(r => r.Share)!.Percent);
            text += low == high ? $"；各月受理的案件已结案的比例均为 {low}" : $"；各月受理的案件已结案的比例在 {low} 至 {high} 之间";
        }
        return text + "。";
    }

    /// <summary>
    /// How a ranking stands: which of its objects are ranked and which only listed (and why), who leads and who trails
    /// (ties as ties, one ranked object as nothing to compare), the grades of each set, and who was graded D or E.
    /// </summary>
    public static string Standing(AppraisalTable table, AppraisalConfig config)
    {
        var rows = table.Rows;
        if (rows.Count == 0)
        {
            return $"本期没有{table.Name}的考核数据。";
        }
        if (rows.Count == 1)
        {
            return Membership(table, config);
        }
        var ranked = rows.Where(r => r.Rank is not null).ToList();
        return Membership(table, config) + Extremes(table, ranked) + Tally(table, config) + Low(rows);
    }

    /// <summary>Which objects take part in the ranking and which are only listed, counted so that the two add up to all; one object is not compared.</summary>
    public static string Membership(AppraisalTable table, AppraisalConfig config)
    {
        var (all, ranked) = (table.Rows.Count, table.Rows.Count(r => r.Rank is not null));
        var threshold = $"排名门槛（案件数 ≥ {config.MinimumCases} 件）";
        return all == 1 ? $"本期只有 1 个{table.Name}（{table.Rows[0].Name}，总分 {Score(table.Rows[0])}），" +
                          (ranked == 1 ? "不作比较。" : $"案件数 {N(table.Rows[0].Cases)} 件，不足{threshold}，不排名。")
            : ranked == all ? $"{all} 个{table.Name}的案件数均达到{threshold}，全部参与排名。"
            : ranked == 0 ? $"{all} 个{table.Name}的案件数均不足{threshold}，本期不作排名，只列分数。"
            : $"{all} 个{table.Name}中 {ranked} 个案件数达到{threshold}参与排名；其余 {all - ranked} 个案件数不足，只列分数不排名。";
    }

    private static string Extremes(AppraisalTable table, List<AppraisedRow> ranked)
    {
        if (ranked.Count == 0)
        {
            return "";
        }
        if (ranked.Count == 1)
        {
            return $"参与排名的只有{ranked[0].Name}（{Score(ranked[0])}），无从比较高低。";
        }
        var (top, bottom) = (ranked.Max(r => r.Total), ranked.Min(r => r.Total));
        if (top == bottom)
        {
            return $"参与排名的 {ranked.Count} 个{table.Name}总分相同（{Score(ranked[0])}）。";
        }
        var (best, worst) = (ranked.Where(r => r.Total == top).ToList(), ranked.Where(r => r.Total == bottom).ToList());
        return $"{Names(best)}{(best.Count > 1 ? "并列最高" : "总分最高")}（{Score(best[0])}），{Names(worst)}{(worst.Count > 1 ? "并列最低" : "最低")}（{Score(worst[0])}）。";
    }

    /// <summary>The grades of each set the ranking has: all of them, or the ranked and the listed apart.</summary>
    private static string Tally(AppraisalTable table, AppraisalConfig config)
    {
        string Grades(IEnumerable<AppraisedRow> rows) => string.Join("、", config.Bands.Select(b => (b.Grade, N: rows.Count(r => r.Grade == b.Grade)))
            .Where(g => g.N > 0).Select(g => $"{g.Grade} 级 {g.N} 个"));
        var (ranked, listed) = (table.Rows.Where(r => r.Rank is not null).ToList(), table.Rows.Where(r => r.Rank is null).ToList());
        return ranked.Count == 0 || listed.Count == 0
            ? $"全部 {table.Rows.Count} 个{table.Name}的等级：{Grades(table.Rows)}。"
            : $"等级：参与排名的 {ranked.Count} 个中 {Grades(ranked)}；只列分数的 {listed.Count} 个中 {Grades(listed)}。";
    }

    private static string Low(IReadOnlyList<AppraisedRow> rows)
    {
        var low = rows.Where(r => r.Grade is Grade.D or Grade.E).Select(r => r.Rank is null ? $"{r.Name}（未排名）" : r.Name).ToList();
        return low.Count == 0 ? "没有评为 D、E 级的。"
            : $"评为 D、E 级的有：{string.Join("、", low.Take(NamesShown))}{(low.Count > NamesShown ? $"等 {low.Count} 个" : "")}。";
    }

    /// <summary>"甲", "甲与乙", "甲、乙与丙"; more than ten as "甲、乙……等 n 个".</summary>
    private static string Names(List<AppraisedRow> rows) => rows.Count switch
    {
        1 => rows[0].Name,
        <= NamesShown => string.Join("、", rows.SkipLast(1).Select(r => r.Name)) + "与" + rows[^1].Name,
        _ => string.Join("、", rows.Take(NamesShown).Select(r => r.Name)) + $"等 {rows.Count} 个",
    };

    private static string Score(AppraisedRow row) => $"{row.Total.ToString("0.00", CultureInfo.InvariantCulture)} 分，{row.Grade} 级";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Why a chart that compares nothing is left out, said where it would have been.</summary>
    public static string NoChart(Documents.PdfChart chart) => chart.Categories.Count switch
    {
        0 => $"“{chart.Title}”没有可列的项，不作图。",
        1 => $"“{chart.Title}”只有{chart.Categories[0]}一项，无从比较，不作图。",
        _ => $"“{chart.Title}”各项均为 0，不作图。",
    };
}
