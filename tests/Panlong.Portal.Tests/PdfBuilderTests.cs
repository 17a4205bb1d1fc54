using Microsoft.Extensions.Configuration;
using Panlong.Portal.Features.Documents;
using UglyToad.PdfPig;

namespace Panlong.Portal.Tests;

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
                Enumerable.Range(1, 90).Select(i => (IReadOnlyList<string>)[i.ToString(), $"拓东街道第{i}网格", (400 + i).ToString(), (380 + i).ToString(), "95.4%"]));
        Assert.True(pdf.PageCount >= 3);
        return pdf.Build();
    }

    [Fact]
    public void The_text_is_Chinese_the_table_header_repeats_on_the_next_page_and_pages_are_numbered()
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
    public void Digits_after_Latin_letters_extract_as_digits()
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
    public void A_QR_code_decodes_from_the_printed_page_where_it_is_aligned_with_its_caption(PdfAlign align, double centre)
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
    public void A_closing_block_taller_than_its_QR_code_stays_below_the_text_before_it()
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
    public void The_CJK_face_is_embedded_as_a_subset_so_a_report_stays_small()
    {
        var bytes = LongReport();
        using var document = PdfDocument.Open(bytes);
        output.WriteLine($"{document.NumberOfPages} pages, {bytes.Length:N0} bytes");
        Assert.InRange(bytes.Length, 10_000, 400_000);
    }

    [Fact]
    public void A_missing_font_file_is_named_with_what_to_do()
    {
        using var fonts = new PdfFonts(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PdfFonts.FontSetting] = "/nowhere/font.otf" }).Build());
        Assert.Null(fonts.Typeface);
        Assert.Contains("Reports:FontFile", fonts.Problem, StringComparison.Ordinal);
    }
}
