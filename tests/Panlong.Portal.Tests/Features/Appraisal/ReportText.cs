using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Panlong.Portal.Features.Appraisal;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Tests.Features.Appraisal;

/// <summary>
/// An appraisal report's PDF read as a reader sees it (poppler's pdftotext), and its summary checked sentence by sentence
/// against the figures it was made from: every sentence must be one the checker knows, and every name, count, rate,
/// ranked or unranked set and grade tally in it must be what the figures say (issue 14).
/// </summary>
internal sealed partial class ReportText
{
    /// <summary>Closing marks GB/T 15834 keeps off a line's start, opening marks it keeps off a line's end.</summary>
    private const string Closing = "。，、；：！？）》」』】〕〉”’…%";
    private const string Opening = "（《「『【〔〈“‘";

    private readonly AppraisalDocument _doc;
    private AppraisalTable? _table;

    private ReportText(AppraisalDocument doc, string text)
    {
        _doc = doc;
        Text = text;
    }

    /// <summary>The text as pdftotext lays it out, a line per printed line.</summary>
    public string Text { get; }

    public IReadOnlyList<string> Lines => Text.Split('\n');

    /// <summary>The text without spaces and line breaks: a sentence broken over two lines reads as one.</summary>
    public string Joined => WhiteSpace().Replace(Text, "");

    public static ReportText Of(byte[] pdf, AppraisalDocument doc) => new(doc, PdfToText(pdf));

    public static string PdfToText(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"panlong-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"])
            {
                RedirectStandardOutput = true,
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            })!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>No printed line starts with a closing mark or ends with an opening one.</summary>
    public void AssertLineBreaking()
    {
        foreach (var line in Lines.Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            Assert.False(Closing.Contains(line[0], StringComparison.Ordinal), $"line starts with closing punctuation: {line}");
            Assert.False(Opening.Contains(line[^1], StringComparison.Ordinal), $"line ends with opening punctuation: {line}");
        }
    }

    /// <summary>No percentage anywhere in the report above 100.</summary>
    public void AssertNoRateAbove100()
    {
        foreach (Match m in Percent().Matches(Joined))
        {
            Assert.True(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) <= 100, $"rate above 100 %: {m.Value}");
        }
    }

    /// <summary>The summary's sentences (一、总体情况 up to its figures' table or the next part), with their full stops.</summary>
    public IReadOnlyList<string> SummarySentences()
    {
        var text = Joined;
        var start = text.IndexOf("一、总体情况", StringComparison.Ordinal);
        Assert.True(start >= 0, "no summary");
        start += "一、总体情况".Length;
        // pdftotext reads the figures' table column by column: its first column starts 指标, 受理案件.
        var ends = new[] { text.IndexOf("指标受理案件", start, StringComparison.Ordinal), text.IndexOf("二、图表", start, StringComparison.Ordinal),
            Footer().Match(text, start) is { Success: true } footer ? footer.Index : -1 };
        var summary = text[start..ends.Where(i => i >= 0).Min()];
        Assert.EndsWith("。", summary, StringComparison.Ordinal);
        return [.. summary.Split('。', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>Checks every sentence of the summary; returns them for further claims.</summary>
    public IReadOnlyList<string> AssertSummaryIsTrue()
    {
        var sentences = SummarySentences();
        Assert.NotEmpty(sentences);
        foreach (var sentence in sentences)
        {
            Assert.True(Check(sentence), $"a sentence the figures do not support (or the checker does not know): {sentence}。");
        }
        return sentences;
    }

    private bool Check(string s)
    {
        var r = _doc.Result;
        var sum = r.Summary;
        if (Match(Empty(), s) is { } empty)
        {
            Assert.True(AppraisalSentences.IsEmpty(r));
            Assert.Equal(Strip(_doc.Dates) + "，" + r.ScopeName, empty[1].Value);
            return true;
        }
        Assert.False(AppraisalSentences.IsEmpty(r), $"an empty period makes a claim: {s}");
        if (Match(Counts(), s) is { } c)
        {
            Assert.Equal(Strip(_doc.Dates), c[1].Value);
            Assert.Equal(r.ScopeName, c[2].Value);
            Assert.Equal([sum.Received, sum.PublicReports, sum.Filed, sum.NotFiled, sum.Voided, sum.Dispatched, sum.HandlingsDue, sum.ClosedOfDue],
                Enumerable.Range(3, 8).Select(i => Number(c[i].Value)));
            // 结案率 is over 应结案 (ADR 21), stated whenever something was due to close.
            Assert.Equal(sum.HandlingsDue > 0 ? Rate(sum.ClosedOfDue, sum.HandlingsDue) : null, c[11].Success ? c[11].Value : null);
            return true;
        }
        if (Match(Cohort(), s) is { } cohort)
        {
            // The cohort: of the cases received in the period, closed by as-of; older cases closed in it only as a count.
            Assert.Equal(sum.Received > 0, cohort[1].Success);
            if (cohort[1].Success)
            {
                Assert.Equal([sum.Received, sum.Closed], new[] { 1, 3 }.Select(i => Number(cohort[i].Value)));
                Assert.Equal(Strip(_doc.AsOfDate), cohort[2].Value);
                Assert.Equal(Rate(sum.Closed, sum.Received), cohort[4].Value);
            }
            var earlier = cohort[5].Success ? cohort[5] : cohort[6];
            Assert.Equal(sum.ClosedEarlier > 0, earlier.Success);
            if (earlier.Success)
            {
                Assert.Equal(sum.ClosedEarlier, Number(earlier.Value));
            }
            return true;
        }
        if (Match(Rates(), s) is not null)
        {
            var expected = new (string Name, int Part, int Whole)[]
            {
                ("按时立案率", sum.FiledOnTime, sum.FilingsDue), ("按时派遣率", sum.DispatchedOnTime, sum.DispatchesDue), ("按期处置率", sum.HandledOnTime, sum.HandlingsDue),
                ("按时结案率", sum.ClosedOnTimeOfDue, sum.HandlingsDue),
            }.Where(x => x.Whole > 0).Select(x => $"{x.Name}{Rate(x.Part, x.Whole)}");
            Assert.Equal(string.Join("，", expected), s);
            return true;
        }
        if (Match(Rework(), s) is { } w)
        {
            Assert.Equal([sum.ReworkedOfDue, sum.Extended, sum.Shelved], new[] { 1, 3, 4 }.Select(i => Number(w[i].Value)));
            Assert.Equal(sum.HandlingsDue > 0 ? Rate(sum.ReworkedOfDue, sum.HandlingsDue) : null, w[2].Success ? w[2].Value : null);
            return true;
        }
        if (Match(Months(), s) is { } m)
        {
            var (most, fewest) = (r.Trend.Max(x => x.Received), r.Trend.Min(x => x.Received));
            Assert.Equal(MonthNames(most), m[1].Value);
            Assert.Equal(most, Number(m[3].Value));
            Assert.Equal(r.Trend.Count(x => x.Received == most) > 1, m[2].Success);
            Assert.Equal(MonthNames(fewest), m[4].Value);
            Assert.Equal(fewest, Number(m[6].Value));
            Assert.Equal(r.Trend.Count(x => x.Received == fewest) > 1, m[5].Success);
            // Each month's share is its own cohort: of the cases received in it, closed by as-of.
            var monthRates = r.Trend.Where(x => x.Received > 0).Select(x => (x.Closed, x.Received)).ToList();
            Assert.Equal(r.Trend.All(x => x.Received > 0), m[7].Success);
            if (m[7].Success)
            {
                Assert.Equal(Rate(monthRates.MinBy(x => (double)x.Closed / x.Received)), m[8].Success ? m[8].Value : m[10].Value);
                Assert.Equal(Rate(monthRates.MaxBy(x => (double)x.Closed / x.Received)), m[9].Success ? m[9].Value : m[10].Value);
            }
            return true;
        }
        if (Match(Single(), s) is { } one)
        {
            var table = Table(one[1].Value);
            var row = Assert.Single(table.Rows);
            Assert.Equal(row.Name, one[2].Value);
            Assert.Equal(Score(row), one[3].Value);
            Assert.Equal(row.Rank is null, one[4].Success);
            if (one[4].Success)
            {
                Assert.Equal(row.Cases, Number(one[4].Value));
                Assert.Equal(_doc.Config.MinimumCases, Number(one[5].Value));
            }
            return true;
        }
        if (Match(NoData(), s) is { } none)
        {
            Assert.Empty(Table(none[1].Value).Rows);
            return true;
        }
        if (Match(Membership(), s) is { } set)
        {
            var table = Table(set["name"].Value);
            var (count, ranked) = (table.Rows.Count, table.Rows.Count(x => x.Rank is not null));
            Assert.Equal(count, Number(set["all"].Value));
            Assert.Equal(_doc.Config.MinimumCases, Number(set["min"].Value));
            Assert.True(table.Rows.Where(x => x.Rank is not null).All(x => x.Cases >= _doc.Config.MinimumCases));
            Assert.True(table.Rows.Where(x => x.Rank is null).All(x => x.Cases < _doc.Config.MinimumCases));
            if (set["ranked"].Success)
            {
                Assert.Equal(ranked, Number(set["ranked"].Value));
                Assert.Equal(count - ranked, Number(set["rest"].Value));
            }
            else
            {
                Assert.Equal(set["every"].Success ? count : 0, ranked);
            }
            return true;
        }
        if (Match(OnlyRanked(), s) is { } lone)
        {
            var row = Assert.Single(Current.Rows, x => x.Rank is not null);
            Assert.Equal([row.Name, Score(row)], new[] { lone[1].Value, lone[2].Value });
            return true;
        }
        if (Match(AllEqual(), s) is { } same)
        {
            var ranked = Current.Rows.Where(x => x.Rank is not null).ToList();
            Assert.Equal(ranked.Count, Number(same[1].Value));
            Assert.Single(ranked.Select(x => x.Total).Distinct());
            Assert.Equal(Score(ranked[0]), same[2].Value);
            return true;
        }
        if (Match(Extremes(), s) is { } ex)
        {
            var ranked = Current.Rows.Where(x => x.Rank is not null).ToList();
            var (top, bottom) = (ranked.Where(x => x.Total == ranked.Max(y => y.Total)).ToList(), ranked.Where(x => x.Total == ranked.Min(y => y.Total)).ToList());
            Assert.Equal(Names(top), ex[1].Value);
            Assert.Equal(top.Count > 1 ? "并列最高" : "总分最高", ex[2].Value);
            Assert.Equal(Score(top[0]), ex[3].Value);
            Assert.Equal(Names(bottom), ex[4].Value);
            Assert.Equal(bottom.Count > 1 ? "并列最低" : "最低", ex[5].Value);
            Assert.Equal(Score(bottom[0]), ex[6].Value);
            return true;
        }
        if (Match(TallyAll(), s) is { } all)
        {
            var table = Table(all[2].Value);
            Assert.True(table.Rows.All(x => x.Rank is null) || table.Rows.All(x => x.Rank is not null), "one tally over ranked and unranked together");
            Assert.Equal(table.Rows.Count, Number(all[1].Value));
            AssertGrades(table.Rows, all[3].Value);
            return true;
        }
        if (Match(TallySets(), s) is { } sets)
        {
            var (ranked, listed) = (Current.Rows.Where(x => x.Rank is not null).ToList(), Current.Rows.Where(x => x.Rank is null).ToList());
            Assert.Equal(ranked.Count, Number(sets[1].Value));
            AssertGrades(ranked, sets[2].Value);
            Assert.Equal(listed.Count, Number(sets[3].Value));
            AssertGrades(listed, sets[4].Value);
            return true;
        }
        if (s == "没有评为D、E级的")
        {
            Assert.DoesNotContain(Current.Rows, x => x.Grade is Grade.D or Grade.E);
            return true;
        }
        if (Match(Low(), s) is { } low)
        {
            var expected = Current.Rows.Where(x => x.Grade is Grade.D or Grade.E).Select(x => x.Rank is null ? $"{x.Name}（未排名）" : x.Name).ToList();
            Assert.Equal(string.Join("、", expected.Take(10)) + (expected.Count > 10 ? $"等{expected.Count}个" : ""), low[1].Value);
            return true;
        }
        return false;
    }

    private AppraisalTable Current => _table ?? throw new InvalidOperationException("a claim about a ranking before the sentence that names it");

    /// <summary>The ranking a sentence names; later sentences of the paragraph speak of it.</summary>
    private AppraisalTable Table(string name) => _table = _doc.Tables.Single(t => t.Name == name);

    private static void AssertGrades(IEnumerable<AppraisedRow> rows, string text)
    {
        var expected = rows.GroupBy(x => x.Grade).OrderBy(g => g.Key).Select(g => $"{g.Key}级{g.Count()}个");
        Assert.Equal(string.Join("、", expected), text);
    }

    private string MonthNames(int received) => string.Join("、", _doc.Result.Trend.Where(x => x.Received == received).Select(x => $"{x.Month.Year}年{x.Month.Month}月"));

    private static string Names(List<AppraisedRow> rows) => rows.Count == 1 ? rows[0].Name
        : rows.Count <= 10 ? string.Join("、", rows.SkipLast(1).Select(x => x.Name)) + "与" + rows[^1].Name
        : string.Join("、", rows.Take(10).Select(x => x.Name)) + $"等{rows.Count}个";

    private static string Score(AppraisedRow row) => $"{row.Total.ToString("0.00", CultureInfo.InvariantCulture)}分，{row.Grade}级";

    /// <summary>A rate worked out here, not by the code under test: one decimal, half away from zero, never above 100.</summary>
    private static string Rate(int part, int whole)
    {
        Assert.True(whole > 0 && part <= whole, $"{part}/{whole} is no rate to state");
        return Math.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero).ToString("0.0", CultureInfo.InvariantCulture) + "%";
    }

    private static string Rate((int Part, int Whole) x) => Rate(x.Part, x.Whole);

    private static int Number(string text) => int.Parse(text.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static string Strip(string text) => WhiteSpace().Replace(text, "");

    private static GroupCollection? Match(Regex regex, string s) => regex.Match(s) is { Success: true } m ? m.Groups : null;

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"第\d+页共\d+页")]
    private static partial Regex Footer();

    [GeneratedRegex(@"([\d.]+)%")]
    private static partial Regex Percent();

    [GeneratedRegex(@"^(.+)没有受理、立案、派遣或结案的案件，本期没有可计算的考核指标，不作排名和等级评价$")]
    private static partial Regex Empty();

    [GeneratedRegex(@"^(\d+年\d+月\d+日至\d+年\d+月\d+日)，(.+?)数字化城市管理系统共受理案件([\d,]+)件（其中公众举报([\d,]+)件），立案([\d,]+)件，不予立案([\d,]+)件，作废([\d,]+)件；派遣([\d,]+)件；应结案([\d,]+)件，其中已结案([\d,]+)件(?:，结案率([\d.]+%))?$")]
    private static partial Regex Counts();

    [GeneratedRegex(@"^(?:本期受理([\d,]+)件，截至(\d+年\d+月\d+日)已结案([\d,]+)件（([\d.]+%)）(?:；另结案以前受理的案件([\d,]+)件)?|本期结案以前受理的案件([\d,]+)件)$")]
    private static partial Regex Cohort();

    [GeneratedRegex(@"^(?:按时立案率|按时派遣率|按期处置率|按时结案率)[\d.]+%(?:，(?:按时立案率|按时派遣率|按期处置率|按时结案率)[\d.]+%)*$")]
    private static partial Regex Rates();

    [GeneratedRegex(@"^应结案中返工过的([\d,]+)件(?:（返工率([\d.]+%)）)?；本期延期([\d,]+)件，挂账([\d,]+)件$")]
    private static partial Regex Rework();

    [GeneratedRegex(@"^从月度走势看，(.+?)受理最多（(各)?([\d,]+)件），(.+?)最少（(各)?([\d,]+)件）(；各月受理的案件已结案的比例(?:在([\d.]+%)至([\d.]+%)之间|均为([\d.]+%)))?$")]
    private static partial Regex Months();

    [GeneratedRegex(@"^本期只有1个(.+?)（(.+?)，总分([\d.]+分，[A-E]级)），(?:不作比较|案件数(\d+)件，不足排名门槛（案件数≥(\d+)件），不排名)$")]
    private static partial Regex Single();

    [GeneratedRegex(@"^本期没有(.+)的考核数据$")]
    private static partial Regex NoData();

    [GeneratedRegex(@"^(?<all>\d+)个(?<name>[^中]+?)(?:的案件数(?:(?<every>均达到)|均不足)排名门槛（案件数≥(?<min>\d+)件），(?:全部参与排名|本期不作排名，只列分数)|中(?<ranked>\d+)个案件数达到排名门槛（案件数≥(?<min>\d+)件）参与排名；其余(?<rest>\d+)个案件数不足，只列分数不排名)$")]
    private static partial Regex Membership();

    [GeneratedRegex(@"^参与排名的只有(.+)（([\d.]+分，[A-E]级)），无从比较高低$")]
    private static partial Regex OnlyRanked();

    [GeneratedRegex(@"^参与排名的(\d+)个.+总分相同（([\d.]+分，[A-E]级)）$")]
    private static partial Regex AllEqual();

    [GeneratedRegex(@"^(.+?)(总分最高|并列最高)（([\d.]+分，[A-E]级)），(.+?)(最低|并列最低)（([\d.]+分，[A-E]级)）$")]
    private static partial Regex Extremes();

    [GeneratedRegex(@"^全部(\d+)个(.+?)的等级：(.+)$")]
    private static partial Regex TallyAll();

    [GeneratedRegex(@"^等级：参与排名的(\d+)个中(.+)；只列分数的(\d+)个中(.+)$")]
    private static partial Regex TallySets();

    [GeneratedRegex(@"^评为D、E级的有：(.+)$")]
    private static partial Regex Low();
}
