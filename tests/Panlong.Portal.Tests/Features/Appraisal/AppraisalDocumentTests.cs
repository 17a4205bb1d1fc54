using System.Diagnostics;
using ClosedXML.Excel;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Panlong.Portal.Tests.Features.Appraisal;

/// <summary>The appraisal report read back: the PDF with PdfPig (and pdftoppm for colour), the workbook with ClosedXML.</summary>
public sealed class AppraisalDocumentTests(InstalledPdfFonts installed, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<InstalledPdfFonts>
{
    private readonly AppraisalPdfRenderer _pdf = new(installed.Fonts);
    private readonly AppraisalWorkbookRenderer _workbook = new();

    /// <summary>Small enough to render quickly, large enough that the community and grid tables run over several pages.</summary>
    private static readonly AppraisalResult Sample = AppraisalSamples.Year(communities: 60, grids: 150, people: 200);

    [Fact]
    public void Pdf_IsChineseWithNumberedPages_AndItsMetadataNamesTheReport()
    {
        var doc = Document(Sample);
        using var pdf = PdfDocument.Open(_pdf.Render(doc));

        Assert.True(pdf.NumberOfPages > 2, $"{pdf.NumberOfPages} pages");
        var cover = TextOf(pdf.GetPage(1));
        Assert.Contains("盘龙区", cover, StringComparison.Ordinal);
        Assert.Contains("考核", cover, StringComparison.Ordinal);
        Assert.Contains("2026年1月1日至2026年12月31日", cover, StringComparison.Ordinal);
        Assert.Contains("王海燕", cover, StringComparison.Ordinal);
        for (var i = 1; i <= pdf.NumberOfPages; i++)
        {
            var text = TextOf(pdf.GetPage(i));
            Assert.Contains($"第{i}页共{pdf.NumberOfPages}页", text, StringComparison.Ordinal);
            // 龙 shares its glyph with the radical ⻰: the extracted text names the ideograph (ADR 13).
            Assert.DoesNotContain(text, c => c is >= '\u2E80' and <= '\u2FDF');
        }
        Assert.Equal(doc.Title, pdf.Information.Title);
        Assert.Equal(AppraisalDocument.Issuer, pdf.Information.Author);
        Assert.Contains("2026年度", pdf.Information.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RunningOverAPage_RepeatsItsHeaderRowOnTheNext()
    {
        using var pdf = PdfDocument.Open(_pdf.Render(Document(Sample)));
        var pages = Enumerable.Range(1, pdf.NumberOfPages).Select(i => TextOf(pdf.GetPage(i))).ToList();
        var start = pages.FindIndex(p => p.Contains("社区考核排名", StringComparison.Ordinal));
        Assert.True(start > 0, "no community ranking");
        const string header = "排名社区所属街道案件数监督举报率分值立案数分值结案率按时结案率总分等级";
        Assert.Contains(header, pages[start], StringComparison.Ordinal);
        // 60 communities do not fit on one page: the next page continues the table under the same header.
        Assert.DoesNotContain("社区考核排名", pages[start + 1], StringComparison.Ordinal);
        Assert.Contains(header, pages[start + 1], StringComparison.Ordinal);
        Assert.Contains(Sample.Communities[^1].Name, pages[start + 1], StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_StatesTheFigures_AndTheBestAndWorstRankedStreet()
    {
        var doc = Document(Sample);
        using var pdf = PdfDocument.Open(_pdf.Render(doc));
        var text = string.Concat(Enumerable.Range(2, 2).Select(i => TextOf(pdf.GetPage(i))));
        var s = Sample.Summary;
        Assert.Contains($"共受理案件{s.Received:N0}件", text, StringComparison.Ordinal);
        Assert.Contains($"结案率{s.ClosureOfDueRate:0.0}%", text, StringComparison.Ordinal);
        Assert.Contains($"按时结案率{s.CloseOnTimeRate:0.0}%", text, StringComparison.Ordinal);
        var ranked = Sample.Streets.Where(r => r.Rank is not null).ToList();
        Assert.Contains($"{ranked[0].Name}总分最高（{ranked[0].Total:0.00}分，{ranked[0].Grade}级）", text, StringComparison.Ordinal);
        Assert.Contains($"{ranked[^1].Name}最低（{ranked[^1].Total:0.00}分，{ranked[^1].Grade}级）", text, StringComparison.Ordinal);
        Assert.Contains("月度受理与结案走势", text, StringComparison.Ordinal);
        Assert.Contains("案件数（件）", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GradeCell_IsPrintedInTheGradeColour()
    {
        var bytes = _pdf.Render(Document(Sample));
        using var pdf = PdfDocument.Open(bytes);
        var (number, page) = Enumerable.Range(1, pdf.NumberOfPages).Select(i => (i, pdf.GetPage(i))).First(p => TextOf(p.Item2).Contains("街道考核排名", StringComparison.Ordinal));
        var best = Sample.Streets[0];
        // The grade is the last letter on the best street's row: the row's baseline is the street name's.
        var name = page.Letters.First(l => l.Value == best.Name[0].ToString() && l.BoundingBox.Left < 150);
        var grade = page.Letters.Where(l => l.Value == best.Grade.ToString() && Math.Abs(l.StartBaseLine.Y - name.StartBaseLine.Y) < 1).MaxBy(l => l.BoundingBox.Left)!;
        var color = PrintedPage.ColorAt(bytes, number, grade.BoundingBox.Left - 5, (grade.BoundingBox.Bottom + grade.BoundingBox.Top) / 2);
        var band = SkiaSharp.SKColor.Parse(AppraisalConfig.Default.Bands.Single(b => b.Grade == best.Grade).Color);
        Assert.InRange(Math.Abs(color.Red - band.Red) + Math.Abs(color.Green - band.Green) + Math.Abs(color.Blue - band.Blue), 0, 30);
    }

    [Fact]
    public void WindowServiceSectionAndConfigurationAppendix_ArePrinted()
    {
        using var pdf = PdfDocument.Open(_pdf.Render(Document(Sample)));
        var text = AllText(pdf);
        Assert.Contains("窗口服务", text, StringComparison.Ordinal);
        Assert.Contains("按时办结率92.5%", text, StringComparison.Ordinal);
        Assert.Contains("非常满意", text, StringComparison.Ordinal);
        Assert.Contains("区政务服务管理局", text, StringComparison.Ordinal);
        Assert.Contains("附录：本报告使用的考核配置", text, StringComparison.Ordinal);
        // docs/domain.md §3: a supervisor's 有效上报率 weighs 40 %; grade A runs from 90 to 100.
        Assert.Contains("监督员有效上报率40%", text, StringComparison.Ordinal);
        Assert.Contains("A[90,100]", text, StringComparison.Ordinal);
        Assert.Contains("≤100", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowServiceSection_WithoutServiceData_SaysSo()
    {
        using var pdf = PdfDocument.Open(_pdf.Render(Document(Sample) with { ServiceTotal = null, ServiceByDepartment = [], Ratings = [0, 0, 0, 0, 0] }));
        var text = AllText(pdf);
        Assert.Contains("本期没有政务服务办件数据。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_AsSectionsAreLaidOut_RisesFrom0To100()
    {
        var seen = new List<int>();
        _pdf.Render(Document(Sample), new Recorder(seen));
        Assert.Equal(0, seen[0]);
        Assert.Equal(100, seen[^1]);
        Assert.True(seen.Count >= 10, $"{seen.Count} reports");
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public void DistrictYear_WithEveryGridListed_StaysUnderTheSizeBudget()
    {
        var district = AppraisalSamples.Year();
        Assert.Equal(610, district.Grids.Count);
        var doc = Document(district);
        _pdf.Render(doc with { Result = AppraisalSamples.Year(communities: 1, grids: 1, departments: 1, people: 4) });
        var watch = Stopwatch.StartNew();
        var bytes = _pdf.Render(doc);
        var elapsed = watch.Elapsed;
        using var pdf = PdfDocument.Open(bytes);
        output.WriteLine($"district PDF: {pdf.NumberOfPages} pages, {bytes.Length:N0} bytes, {elapsed.TotalMilliseconds:N0} ms");
        // Issue 7: under 2 MB.
        Assert.InRange(bytes.Length, 100_000, 2 * 1024 * 1024);
        var last = district.Grids[^1].Name;
        Assert.Contains(Enumerable.Range(1, pdf.NumberOfPages), i => TextOf(pdf.GetPage(i)).Contains(last, StringComparison.Ordinal));
    }

    [Fact]
    public void Workbook_HasASheetPerObjectType_WithFrozenFilteredHeadersAndFormattedNumbers()
    {
        var doc = Document(Sample);
        using var workbook = new XLWorkbook(new MemoryStream(_workbook.Render(doc)));

        Assert.Equal(["汇总", "走势", "街道", "社区", "网格", "专业部门", "监督员", "受理员", "值班长", "派遣员", "窗口服务", "考核配置"],
            workbook.Worksheets.Select(w => w.Name));
        foreach (var sheet in workbook.Worksheets)
        {
            Assert.Equal(1, sheet.SheetView.SplitRow);
            Assert.True(sheet.AutoFilter.IsEnabled, $"{sheet.Name} has no filter");
            Assert.True(sheet.Column(1).Width >= 8, $"{sheet.Name} column A is {sheet.Column(1).Width} wide");
        }

        var streets = workbook.Worksheet("街道");
        var headers = streets.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        Assert.Equal(["排名", "街道", "案件数"], headers.Take(3));
        Assert.Equal(["监督举报率分值", "立案数分值", "结案率", "按时结案率", "总分", "等级"], headers.TakeLast(6));
        var best = Sample.Streets[0];
        var row = streets.Row(2);
        Assert.Equal(1, row.Cell(1).GetValue<int>());
        Assert.Equal(best.Name, row.Cell(2).GetString());
        var total = row.Cell(headers.IndexOf("总分") + 1);
        Assert.Equal(best.Total, total.GetDouble(), 6);
        Assert.Equal("0.00", total.Style.NumberFormat.Format);
        var grade = row.Cell(headers.IndexOf("等级") + 1);
        Assert.Equal(best.Grade.ToString(), grade.GetString());
        Assert.Equal(XLColor.FromHtml(doc.ColorOf(best.Grade)), grade.Style.Fill.BackgroundColor);

        // Below the minimum case count: listed, without a rank.
        var grids = workbook.Worksheet("网格");
        var unranked = Sample.Grids.Count(g => g.Rank is null);
        Assert.True(unranked > 0);
        Assert.Equal("—", grids.Row(Sample.Grids.Count + 1).Cell(1).GetString());
        Assert.Equal(Sample.Grids.Count + 1, grids.LastRowUsed().RowNumber());

        var summary = workbook.Worksheet("汇总");
        var closure = summary.Column(1).CellsUsed().Single(c => c.GetString() == "结案率").CellRight();
        Assert.Equal((double)Sample.Summary.ClosedOfDue / Sample.Summary.HandlingsDue, closure.GetDouble(), 9);
        Assert.Equal("0.0%", closure.Style.NumberFormat.Format);

        var trend = workbook.Worksheet("走势");
        Assert.Equal("2026年01月", trend.Cell(2, 1).GetString());
        Assert.Equal(Sample.Trend[0].Received, trend.Cell(2, 2).GetValue<int>());

        var service = workbook.Worksheet("窗口服务");
        Assert.Equal("合计", service.Cell(2, 1).GetString());
        Assert.Equal(0.925, service.Cell(2, 6).GetDouble(), 9);
        Assert.Equal("非常满意", service.Cell(2, 9).GetString());
        Assert.Equal(310, service.Cell(2, 10).GetValue<int>());

        var config = workbook.Worksheet("考核配置");
        var minimum = config.Column(2).CellsUsed().Single(c => c.GetString() == "最低案件数").CellRight();
        Assert.Equal(30, minimum.GetValue<int>());
    }

    private static AppraisalDocument Document(AppraisalResult result) => new(result, AppraisalConfig.Default, "盘龙区2026年度城市管理考核报告", "2026年度",
        new DateTimeOffset(2027, 1, 3, 1, 30, 0, TimeSpan.Zero), "王海燕",
        new ServiceFigure("", "", 2150, 2000, 1890, 1850, 3.42),
        [new ServiceFigure("530103-BM14", "区政务服务管理局", 1200, 1150, 1100, 1090, 2.85), new ServiceFigure("530103-BM06", "区民政局", 950, 850, 790, 760, 4.18)],
        [12, 25, 140, 420, 310]);

    private static string AllText(PdfDocument pdf) => string.Concat(Enumerable.Range(1, pdf.NumberOfPages).Select(i => TextOf(pdf.GetPage(i))));

    private static string TextOf(Page page) => string.Concat(page.Letters.Select(l => l.Value).Where(v => !string.IsNullOrWhiteSpace(v)));

    /// <summary>Records synchronously; <see cref="Progress{T}"/> would post to the thread pool and arrive late.</summary>
    private sealed class Recorder(List<int> seen) : IProgress<int>
    {
        public void Report(int value) => seen.Add(value);
    }
}
