using ClosedXML.Excel;
using Panlong.Portal.Features.Appraisal;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Tests.Features.Appraisal;

/// <summary>
/// Issue 14: the report's sentences read back from the PDF (pdftotext) and checked against the figures — a district, a
/// street with one community, an empty period — with no closing punctuation at a line's start and no rate above 100 %.
/// </summary>
public sealed class AppraisalReportTextTests(InstalledPdfFonts installed, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<InstalledPdfFonts>
{
    private readonly AppraisalPdfRenderer _pdf = new(installed.Fonts);

    /// <summary>The district's year with issue 14's departments: 12 listed, 2 of them with enough cases to be ranked.</summary>
    private static AppraisalResult District()
    {
        var year = AppraisalSamples.Year(communities: 20, grids: 40, people: 40);
        return year with { Departments = AppraisalSamples.WithCases([.. year.Departments.Take(12)], 400, 300, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5) };
    }

    [Fact]
    public void DistrictReport_EverySentence_MatchesTheFigures_AndRankedAndListedDepartmentsAreCountedApart()
    {
        var district = District();
        var text = Read(district, "district");

        text.AssertSummaryIsTrue();
        text.AssertLineBreaking();
        text.AssertNoRateAbove100();
        Assert.Contains("12个专业部门中2个案件数达到排名门槛（案件数≥30件）参与排名；其余10个案件数不足，只列分数不排名", text.Joined, StringComparison.Ordinal);
        Assert.DoesNotContain("参与排名的2个专业部门中", text.Joined, StringComparison.Ordinal);
        var ranked = district.Departments.Where(d => d.Rank is not null).ToList();
        Assert.Contains($"等级：参与排名的2个中", text.Joined, StringComparison.Ordinal);
        Assert.Contains($"{ranked[0].Name}总分最高", text.Joined, StringComparison.Ordinal);
        Assert.Contains("各月受理的案件已结案的比例在", text.Joined, StringComparison.Ordinal);
        Assert.Contains("；另结案以前受理的案件1,800件。", text.Joined, StringComparison.Ordinal);
    }

    [Fact]
    public void StreetReportWithOneCommunity_SaysThereIsNothingToCompare_NamesTiesAsTies_AndStatesNoRateAbove100()
    {
        var street = AppraisalSamples.StreetWithOneCommunity();
        var text = Read(street, "street");

        text.AssertSummaryIsTrue();
        text.AssertLineBreaking();
        text.AssertNoRateAbove100();
        var joined = text.Joined;
        Assert.Contains("本期只有1个社区（东庄社区，总分90.42分，A级），不作比较。", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("东庄社区总分最高", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("拓东街道总分最高", joined, StringComparison.Ordinal);
        Assert.Contains("区城市管理局与区住房和城乡建设局并列最高（93.10分，A级），区市场监督管理局最低（55.00分，D级）", joined, StringComparison.Ordinal);
        Assert.Contains("等级：参与排名的3个中A级2个、D级1个；只列分数的1个中A级1个", joined, StringComparison.Ordinal);
        // 641 closings of 632 receipts: 结案率 counts 应结案, the cohort is its own share, the 55 older cases only a count.
        Assert.Contains("应结案575件，其中已结案548件，结案率95.3%。", joined, StringComparison.Ordinal);
        Assert.Contains("本期受理632件，截至2026年9月30日已结案586件（92.7%）；另结案以前受理的案件55件。", joined, StringComparison.Ordinal);
        Assert.DoesNotContain("各月结案率", joined, StringComparison.Ordinal);
        // The communities' chart would be one bar: a sentence says why there is none.
        Assert.Contains("“参与排名的社区考核总分（按等级着色）”只有东庄社区一项，无从比较，不作图。", joined, StringComparison.Ordinal);
        // The departments' chart shows the three ranked, not 区水务局 with its 12 cases (whose 100 points would top it).
        Assert.DoesNotContain("100.0", text.Text[text.Text.IndexOf("参与排名的专业部门考核总分", StringComparison.Ordinal)..text.Text.IndexOf("三、", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.Contains("本期没有值班长的考核数据。", joined, StringComparison.Ordinal);
    }

    [Fact]
    public void Rankings_OfNoneOneOrAllTied_SaySoInsteadOfNamingABestAndAWorst()
    {
        var year = AppraisalSamples.Year(communities: 10, grids: 20, people: 20);
        // No street with enough cases; one department with enough.
        var text = Read(year with
        {
            Streets = AppraisalSamples.WithCases(year.Streets, [.. year.Streets.Select(_ => 12)]),
            Departments = AppraisalSamples.WithCases([.. year.Departments.Take(6)], 80, 3, 3, 3, 3, 3),
        }, "none-and-one");
        text.AssertSummaryIsTrue();
        text.AssertLineBreaking();
        var joined = text.Joined;
        Assert.Contains("12个街道的案件数均不足排名门槛（案件数≥30件），本期不作排名，只列分数。全部12个街道的等级：", joined, StringComparison.Ordinal);
        Assert.Contains($"参与排名的只有{year.Departments[0].Name}（", joined, StringComparison.Ordinal);
        Assert.Contains("“参与排名的街道考核总分（按等级着色）”没有可列的项，不作图。", joined, StringComparison.Ordinal);
        Assert.Contains($"“参与排名的专业部门考核总分（按等级着色）”只有{year.Departments[0].Name}一项，无从比较，不作图。", joined, StringComparison.Ordinal);

        var tied = Read(year with { Streets = AppraisalSamples.WithCases([.. year.Streets.Select(r => r with { Total = 85.5, Grade = Grade.B })]) }, "tied");
        tied.AssertSummaryIsTrue();
        Assert.Contains("参与排名的12个街道总分相同（85.50分，B级）。", tied.Joined, StringComparison.Ordinal);
        Assert.DoesNotContain("街道总分最高", tied.Joined, StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyPeriod_SaysThereWereNoCases_AndMakesNoRankingOrClaim()
    {
        var empty = AppraisalSamples.EmptyMonth();
        var text = Read(empty, "empty");

        var sentence = Assert.Single(text.AssertSummaryIsTrue());
        Assert.Contains("没有受理、立案、派遣或结案的案件", sentence, StringComparison.Ordinal);
        text.AssertLineBreaking();
        // The body: from the summary up to the appendix (the cover and the appendix explain the ranking minimum).
        var joined = text.Joined[text.Joined.IndexOf("一、总体情况", StringComparison.Ordinal)..text.Joined.IndexOf("附录：", StringComparison.Ordinal)];
        Assert.Contains("本期没有案件，不作图表。", joined, StringComparison.Ordinal);
        Assert.Contains("本期没有案件，不作排名和等级评价。", joined, StringComparison.Ordinal);
        foreach (var claim in new[] { "最高", "最低", "参与排名", "等级：", "月度受理与结案走势", "考核总分", "街道考核排名", "A级" })
        {
            Assert.DoesNotContain(claim, joined, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Workbook_ClosureRate_IsOverTheCasesDueToClose_AndTheCohortIsAShareApart()
    {
        var street = AppraisalSamples.StreetWithOneCommunity();
        using var workbook = new XLWorkbook(new MemoryStream(new AppraisalWorkbookRenderer().Render(Document(street))));

        var summary = workbook.Worksheet("汇总");
        double Cell(string name) => summary.Column(1).CellsUsed().Single(c => c.GetString() == name).CellRight().GetDouble();
        Assert.Equal(548.0 / 575, Cell("结案率"), 9);
        Assert.Equal(586.0 / 632, Cell("本期受理已结案比例"), 9);
        Assert.Equal(55, Cell("往期案件本期结案数"));
        Assert.Equal(11.0 / 575, Cell("返工率"), 9);
        Assert.Equal((double)street.Summary.FiledOnTime / street.Summary.FilingsDue, Cell("按时立案率"), 9);
        // Each month's cohort: July closed 200 of its 212, August 226 of 240, September 160 of 180.
        var trend = workbook.Worksheet("走势");
        Assert.Equal("当月受理已结案比例", trend.Cell(1, 6).GetString());
        Assert.Equal(200.0 / 212, trend.Cell(2, 6).GetDouble(), 9);
        Assert.Equal(226.0 / 240, trend.Cell(3, 6).GetDouble(), 9);
        Assert.Equal(160.0 / 180, trend.Cell(4, 6).GetDouble(), 9);
    }

    [Fact]
    public void Report_WhereOlderClosingsOutnumberTheReceipts_StatesThemAsACount_AndNoRateAbove100()
    {
        var street = AppraisalSamples.StreetWithOneCommunity();
        // A quiet quarter that cleared a backlog: 40 received (30 of them closed), 300 older cases closed.
        var quiet = street with
        {
            Summary = street.Summary with { Received = 40, PublicReports = 4, Closed = 30, ClosedOnTime = 28, ClosedEarlier = 300 },
            Trend = [new(new DateOnly(2026, 7, 1), 15, 14, 12, 11), new(new DateOnly(2026, 8, 1), 15, 14, 10, 9), new(new DateOnly(2026, 9, 1), 10, 9, 8, 8)],
        };
        var text = Read(quiet, "backlog");

        text.AssertSummaryIsTrue();
        text.AssertNoRateAbove100();
        text.AssertLineBreaking();
        Assert.Contains("本期受理40件，截至2026年9月30日已结案30件（75.0%）；另结案以前受理的案件300件。", text.Joined, StringComparison.Ordinal);
    }

    private ReportText Read(AppraisalResult result, string name)
    {
        var doc = Document(result);
        var bytes = _pdf.Render(doc);
        var file = Path.Combine(Path.GetTempPath(), $"panlong-appraisal-{name}.pdf");
        File.WriteAllBytes(file, bytes);
        output.WriteLine(file);
        return ReportText.Of(bytes, doc);
    }

    internal static AppraisalDocument Document(AppraisalResult result) => new(result, AppraisalConfig.Default, $"{result.ScopeName}考核评价报告", "2026年",
        new DateTimeOffset(2027, 1, 3, 1, 30, 0, TimeSpan.Zero), "王海燕", null, [], [0, 0, 0, 0, 0]);
}
