using System.Globalization;
using Microsoft.Extensions.Configuration;
using Panlong.Portal.Features.Documents;
using SkiaSharp;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Panlong.Portal.Tests.Features.Documents;

/// <summary>The PDF toolkit read back with PdfPig: Chinese text, page count, a repeated table header, metadata, subset size.</summary>
public sealed class PdfBuilderTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly PdfFonts _fonts = new(new ConfigurationBuilder().Build());

    public void Dispose() => _fonts.Dispose();

    private byte[] LongReport()
    {
        Assert.Null(_fonts.Problem);
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("盘龙区城市管理考核报告", "盘龙区综合指挥中心", "2026年10月"), "盘龙区城市管理考核报告 · 2026年10月");
        pdf.Heading("盘龙区城市管理考核报告")
           .Paragraph("本报告根据数字化城市管理系统记录的案件数据生成，所有指标均由系统自动计算，未经人工录入。Closure rate and on-time rates follow the configured weights.")
           .Table(["序号", "街道", "受理数", "结案数", "结案率"], [1, 3, 2, 2, 2],
                Enumerable.Range(1, 90).Select(i => (IReadOnlyList<string>)[i.ToString(CultureInfo.InvariantCulture), $"拓东街道第{i}网格", (400 + i).ToString(CultureInfo.InvariantCulture), (380 + i).ToString(CultureInfo.InvariantCulture), "95.4%"]));
        Assert.True(pdf.PageCount >= 3);
        return pdf.Build();
    }

    [Fact]
    public void Text_IsChinese_TableHeaderRepeatsOnTheNextPage_AndPagesAreNumbered()
    {
        var bytes = LongReport();
        using var document = PdfDocument.Open(bytes);
        Assert.True(document.NumberOfPages >= 3);
        var first = string.Concat(document.GetPage(1).Letters.Select(l => l.Value));
        var second = string.Concat(document.GetPage(2).Letters.Select(l => l.Value));
        // 龙 and 月 share their glyphs with the radicals ⻰ and ⽉: the extracted text must name the ideographs (ADR 13).
        Assert.DoesNotContain(first, c => c is >= '\u2E80' and <= '\u2FDF');
        Assert.Contains("2026年10月", first, StringComparison.Ordinal);
        Assert.Contains("盘龙区城市管理考核报告", first, StringComparison.Ordinal);
        Assert.Contains("结案率", second, StringComparison.Ordinal);
        Assert.Contains("街道", second, StringComparison.Ordinal);
        Assert.Contains($"第2页共{document.NumberOfPages}页", second.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("盘龙区城市管理考核报告", document.Information.Title);
        Assert.Equal("盘龙区综合指挥中心", document.Information.Author);
    }

    [Fact]
    public void Wrap_AtEveryWidth_KeepsClosingPunctuationOffLineStartsAndOpeningOffLineEnds_AndNumbersWhole()
    {
        const string text = "本期结案 641 件（含本期以前受理的案件），结案率 95.4%。《数字化城市管理信息系统》规定：“按期处置”——按时完成……" +
                            "区城市管理局与区住房和城乡建设局并列最高（93.10 分，A 级）；受理 47,199 件、派遣 45,016 件！是否？";
        using var font = new SKFont(_fonts.Typeface!, 11);
        for (var width = 40f; width <= 460; width += 1)
        {
            var lines = PdfBuilder.Wrap(text, font, width);
            Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
            for (var i = 0; i < lines.Count; i++)
            {
                Assert.False(i > 0 && PdfBuilder.NoLineStart.Contains(lines[i][0], StringComparison.Ordinal), $"width {width}: line starts with {lines[i]}");
                Assert.False(i < lines.Count - 1 && PdfBuilder.NoLineEnd.Contains(lines[i][^1], StringComparison.Ordinal), $"width {width}: line ends with {lines[i]}");
                Assert.False(i > 0 && char.IsAsciiDigit(lines[i - 1][^1]) && char.IsAsciiDigit(lines[i][0]), $"width {width}: a number split at {lines[i]}");
            }
        }
    }

    [Fact]
    public void ParagraphsAndTableCells_ReadBack_WithNoClosingPunctuationAtALineStart()
    {
        Assert.Null(_fonts.Problem);
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("断行", "盘龙区综合指挥中心"));
        // Each paragraph one character longer than the last, so that every character in turn falls at the line's end.
        const string sentence = "各月受理数相同，结案率在九十四至九十九之间。评为 D、E 级的有：东庄社区（未排名）。";
        for (var i = 0; i < 40; i++)
        {
            pdf.Paragraph(new string('字', 30 + i) + sentence, 11);
        }
        pdf.Table(["说明", "数值"], [1, 1], Enumerable.Range(0, 20).Select(i => (IReadOnlyList<string>)[new string('字', 8 + i) + sentence, "95.4%"]), 10);
        var text = Features.Appraisal.ReportText.PdfToText(pdf.Build());
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0))
        {
            Assert.False("。，、；：！？）》」』%".Contains(line[0], StringComparison.Ordinal), $"line starts with closing punctuation: {line}");
            Assert.False("（《「『“".Contains(line[^1], StringComparison.Ordinal), $"line ends with opening punctuation: {line}");
        }
    }

    [Fact]
    public void Digits_AfterLatinLetters_ExtractAsDigits()
    {
        // Shaped as Latin script, Noto Sans CJK swaps these digits for glyphs without a ToUnicode entry.
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("编号", "盘龙区"));
        pdf.Paragraph("BJ2026112700001")
           .Table(["编号"], [1], [["No. 42"]])
           .Paragraph("https://portal.panlong.gov.cn/services/progress/BJ2026112700001", align: PdfAlign.Right);
        using var document = PdfDocument.Open(pdf.Build());
        var text = string.Concat(document.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("BJ2026112700001", text, StringComparison.Ordinal);
        Assert.Contains("No.42", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("https://portal.panlong.gov.cn/services/progress/BJ2026112700001", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PdfAlign.Left, 56 + 48)]
    [InlineData(PdfAlign.Center, 595.28 / 2)]
    [InlineData(PdfAlign.Right, 595.28 - 56 - 48)]
    public void QrCode_OnThePrintedPage_DecodesAndIsAlignedWithItsCaption(PdfAlign align, double centre)
    {
        const string url = "https://portal.panlong.gov.cn/verify/BJ2026112700001";
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("核验", "盘龙区"));
        pdf.Paragraph("请扫描下方二维码核验。").Qr(url, 96, $"扫码核验\n{url}", align);
        var bytes = pdf.Build();

        var qr = PrintedPage.Qr(bytes, page: 1);
        Assert.Equal(url, qr.Text);
        // ZXing's points are the finder patterns' centres: top-left [1] and top-right [2].
        Assert.InRange((qr.ResultPoints[1].X + qr.ResultPoints[2].X) / 2 * 72 / PrintedPage.Dpi, centre - 3, centre + 3);
        using var document = PdfDocument.Open(bytes);
        var text = string.Concat(document.GetPage(1).Letters.Select(l => l.Value));
        Assert.Contains("扫码核验" + url, text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClosingBlock_TallerThanItsQrCode_StaysBelowTheTextBeforeIt()
    {
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("落款", "盘龙区"));
        pdf.Paragraph("正文到此结束。")
           .Signature(["甲单位", "乙单位", "丙单位", "丁单位", "戊单位", "己单位", "2026年11月27日"], new PdfQr("https://portal.panlong.gov.cn/verify/1", 60), atFoot: false);
        using var document = PdfDocument.Open(pdf.Build());
        var letters = document.GetPage(1).Letters;
        // PdfPig measures up from the bottom of the page.
        var bodyBottom = letters.Where(l => l.Value == "正").Min(l => l.BoundingBox.Bottom);
        var firstLineTop = letters.Where(l => l.Value == "甲").Max(l => l.BoundingBox.Top);
        Assert.True(firstLineTop < bodyBottom, $"the closing block's first line ({firstLineTop:N1}) reaches into the body ({bodyBottom:N1})");
        var text = string.Concat(letters.Select(l => l.Value));
        Assert.Contains("甲单位乙单位丙单位丁单位戊单位己单位2026年11月27日", text, StringComparison.Ordinal);
    }

    [Fact]
    public void CjkFace_IsEmbeddedAsASubset_SoAReportStaysSmall()
    {
        var bytes = LongReport();
        using var document = PdfDocument.Open(bytes);
        output.WriteLine($"{document.NumberOfPages} pages, {bytes.Length:N0} bytes");
        Assert.InRange(bytes.Length, 10_000, 400_000);
    }

    [Fact]
    public void CoverPage_HasNoRunningHeader_AndAPageBreakStartsTheNextPartOnANewPage()
    {
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("封面", "盘龙区"), "页眉：盘龙区考核报告");
        pdf.Cover("盘龙区城市管理考核报告", "2026年10月", [new("考核范围", "盘龙区"), new("生成人", "王海燕")], "本报告由系统自动生成。")
           .Paragraph("第一部分")
           .PageBreak()
           .PageBreak()
           .Paragraph("第二部分");
        using var document = PdfDocument.Open(pdf.Build());
        Assert.Equal(3, document.NumberOfPages);
        var cover = Compact(document.GetPage(1));
        Assert.Contains("盘龙区城市管理考核报告", cover, StringComparison.Ordinal);
        Assert.Contains("考核范围盘龙区", cover, StringComparison.Ordinal);
        Assert.Contains("生成人王海燕", cover, StringComparison.Ordinal);
        Assert.Contains("本报告由系统自动生成。", cover, StringComparison.Ordinal);
        Assert.DoesNotContain("页眉", cover, StringComparison.Ordinal);
        Assert.Contains("页眉", Compact(document.GetPage(2)), StringComparison.Ordinal);
        Assert.Contains("第一部分", Compact(document.GetPage(2)), StringComparison.Ordinal);
        // Two breaks in a row make one new page, not an empty one.
        Assert.Contains("第二部分", Compact(document.GetPage(3)), StringComparison.Ordinal);
    }

    [Fact]
    public void Chart_IsDrawnAsVectors_WithItsChineseTitleLegendAxisLabelsAndCategories()
    {
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("图表", "盘龙区"));
        string[] streets = ["拓东街道", "鼓楼街道", "东华街道", "联盟街道", "金辰街道", "青云街道", "龙泉街道", "茨坝街道", "双龙街道", "松华街道", "滇源街道", "阿子营街道"];
        pdf.Chart(new PdfChart(PdfChartKind.Line, "月度受理与结案走势", ["1月", "2月", "3月"],
                [new PdfSeries("受理", [3900, 4100, 3800], SKColors.Blue), new PdfSeries("结案", [3600, 3900, 3700], SKColors.Green)])
            {
                ValueAxis = "案件数（件）",
                CategoryAxis = "月份",
            })
           .Chart(new PdfChart(PdfChartKind.Bar, "各街道考核总分", streets, [new PdfSeries("总分", [.. streets.Select((_, i) => 60.0 + (i * 3))], SKColors.Gray)])
            {
                Max = 100,
                Legend = [new PdfLegendEntry("A 级", SKColors.Green), new PdfLegendEntry("E 级", SKColors.Black)],
            });
        using var document = PdfDocument.Open(pdf.Build());
        var page = document.GetPage(1);
        Assert.Empty(page.GetImages());
        var text = Compact(page);
        foreach (var expected in new[] { "月度受理与结案走势", "受理", "结案", "案件数（件）", "月份", "1月", "3月", "各街道考核总分", "A级", "E级", "93" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        // Turned 45°, the street names still extract whole.
        Assert.All(streets, s => Assert.Contains(s, text, StringComparison.Ordinal));
    }

    [Fact]
    public void Fill_ColoursTheCellsItNames_AndWhiteTextSitsOnADarkFill()
    {
        var green = new SKColor(0x2E, 0x7D, 0x32);
        using var pdf = new PdfBuilder(_fonts.Typeface!, new PdfMetadata("着色", "盘龙区"));
        pdf.Table(["名称", "等级"], [3, 1], [["拓东街道", "A"], ["鼓楼街道", "C"]], 12, [PdfAlign.Left, PdfAlign.Center],
            (cells, column) => column == 1 && cells[1] == "A" ? green : null);
        var bytes = pdf.Build();
        using var document = PdfDocument.Open(bytes);
        var letters = document.GetPage(1).Letters;
        var a = letters.Single(l => l.Value == "A").BoundingBox;
        var c = letters.Single(l => l.Value == "C").BoundingBox;
        // Just left of each letter, inside its cell's padding.
        var filled = PrintedPage.ColorAt(bytes, 1, a.Left - 6, (a.Bottom + a.Top) / 2);
        var plain = PrintedPage.ColorAt(bytes, 1, c.Left - 6, (c.Bottom + c.Top) / 2);
        Assert.InRange(filled.Green, 0x6D, 0x8D);
        Assert.InRange(filled.Red, 0x1E, 0x3E);
        Assert.Equal(SKColors.White, plain);
        // Centred in its column: the letter sits in the middle of the last quarter of the page width.
        Assert.InRange((a.Left + a.Right) / 2, 56 + (483.28 * 7 / 8) - 4, 56 + (483.28 * 7 / 8) + 4);
    }

    [Fact]
    public void MissingFontFile_IsNamed_WithWhatToDo()
    {
        using var fonts = new PdfFonts(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PdfFonts.FontSetting] = "/nowhere/font.otf" }).Build());
        Assert.Null(fonts.Typeface);
        Assert.Contains("Reports:FontFile", fonts.Problem, StringComparison.Ordinal);
    }

    private static string Compact(Page page) => string.Concat(page.Letters.Select(l => l.Value).Where(v => !string.IsNullOrWhiteSpace(v)));
}
