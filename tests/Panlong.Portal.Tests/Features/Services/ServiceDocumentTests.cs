using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Services;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Services;
using QRCoder;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>The service documents read back with PdfPig, and their QR codes decoded from the page as a printer would see it.</summary>
public sealed class ServiceDocumentTests(InstalledPdfFonts installed, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<InstalledPdfFonts>
{
    private const string Url = "https://portal.panlong.gov.cn/services/progress/BJ2026112700001";

    private readonly ServiceDocumentRenderer _renderer = new(installed.Fonts);

    public static TheoryData<ServiceDocumentKind> Kinds => new(Enum.GetValues<ServiceDocumentKind>());

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachKind_ReadsBackWithItsChineseTextFactsUrlAndMetadata_OnOnePage(ServiceDocumentKind kind)
    {
        var content = Document(kind);
        var bytes = _renderer.Render(content);
        output.WriteLine($"{kind}: {bytes.Length:N0} bytes");

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var text = TextOf(pdf.GetPage(1));
        foreach (var expected in new[] { content.Title, content.DocumentNumber, content.ApplicantName, content.IssuerName, "2026年11月27日", content.QrCaption, content.QrPayload, "第1页共1页" }
                     .Concat(content.Paragraphs).Concat(content.Facts.SelectMany(f => new[] { f.Key, f.Value })))
        {
            Assert.Contains(Compact(expected), text, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(text, c => c is >= '\u2E80' and <= '\u2FDF');
        Assert.Equal(content.Title, pdf.Information.Title);
        Assert.Equal(content.IssuerName, pdf.Information.Author);
        Assert.Equal(content.ServiceName, pdf.Information.Subject);
        Assert.Equal(content.ApplicationNumber, pdf.Information.Keywords);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void QrCode_OnThePrintedPage_DecodesToThePayload(ServiceDocumentKind kind)
    {
        var content = Document(kind);
        var qr = PrintedPage.Qr(_renderer.Render(content), page: 1);
        Assert.Equal(content.QrPayload, qr.Text);
    }

    [Fact]
    public void QrCodeAndItsQuietZone_AreClearOfEveryLetter()
    {
        var content = Document(ServiceDocumentKind.Certificate);
        var bytes = _renderer.Render(content);
        var qr = PrintedPage.Qr(bytes, page: 1);

        // ZXing reports the centres of the finder patterns (bottom-left, top-left, top-right), 3.5 modules in from the symbol's edge.
        using var data = QRCodeGenerator.GenerateQrCode(content.QrPayload, QRCodeGenerator.ECCLevel.M);
        var modulesPerSide = 17 + (4 * data.Version);
        var (topLeft, topRight) = (qr.ResultPoints[1], qr.ResultPoints[2]);
        var module = (topRight.X - topLeft.X) / (modulesPerSide - 7) * 72 / PrintedPage.Dpi;
        Assert.InRange(module * (modulesPerSide + 8), ServiceDocumentRenderer.QrSize - 3, ServiceDocumentRenderer.QrSize + 3);
        var reach = (3.5 + 4) * module - 1; // to the outer edge of the quiet zone, less a point for raster rounding
        var (left, top) = (topLeft.X * 72.0 / PrintedPage.Dpi - reach, topLeft.Y * 72.0 / PrintedPage.Dpi - reach);
        var side = (modulesPerSide + 8) * module - 2;

        using var pdf = PdfDocument.Open(bytes);
        var page = pdf.GetPage(1);
        // PdfPig measures up from the bottom of the page.
        var (bottom, right) = (page.Height - top - side, left + side);
        var inside = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Where(l => l.BoundingBox.Left < right && l.BoundingBox.Right > left && l.BoundingBox.Bottom < page.Height - top && l.BoundingBox.Top > bottom)
            .Select(l => l.Value).ToList();
        Assert.Empty(inside);
    }

    [Fact]
    public void Portal_RegistersOneRenderer_OverItsFonts()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.AddPortal();
        using var services = builder.Services.BuildServiceProvider();
        Assert.Same(services.GetRequiredService<ServiceDocumentRenderer>(), services.GetRequiredService<ServiceDocumentRenderer>());
    }

    [Fact]
    public void LongBody_FlowsOntoMorePagesWithNumberedFooters_AndTheQrCodeOnTheLast()
    {
        var content = Document(ServiceDocumentKind.SupplementNotice) with
        {
            Paragraphs = Enumerable.Range(1, 80).Select(i => $"第{i}项：请补充提交与申请事项相关的证明材料原件及复印件一份，复印件须加盖申请人印章或签字确认。").ToList(),
        };
        var bytes = _renderer.Render(content);

        using var pdf = PdfDocument.Open(bytes);
        var pages = pdf.NumberOfPages;
        Assert.True(pages >= 2, $"{pages} page(s)");
        for (var i = 1; i <= pages; i++)
        {
            Assert.Contains($"第{i}页共{pages}页", TextOf(pdf.GetPage(i)), StringComparison.Ordinal);
        }
        var all = string.Concat(Enumerable.Range(1, pages).Select(i => TextOf(pdf.GetPage(i))));
        Assert.Contains(Compact(content.Paragraphs[^1]), all, StringComparison.Ordinal);
        Assert.True(all.IndexOf("第80项", StringComparison.Ordinal) > all.IndexOf("第79项", StringComparison.Ordinal));
        var last = TextOf(pdf.GetPage(pages));
        Assert.Contains(Url, last, StringComparison.Ordinal);
        Assert.Contains("2026年11月27日", last, StringComparison.Ordinal);
        Assert.Equal(content.QrPayload, PrintedPage.Qr(bytes, pages).Text);
    }

    /// <summary>Issue 16: "ff" was set as one ligature glyph, so the URL copied from the PDF lost letters and the link broke.</summary>
    [Theory]
    [InlineData("https://portal.panlong.gov.cn/verify/3ffa0fi9ffl2")]
    [InlineData("https://office.panlong.gov.cn/track/TFF-2026-fifl")]
    public void VerifyUrlUnderTheQrCode_CopiedFromThePdf_IsTheUrl(string url)
    {
        var content = Document(ServiceDocumentKind.Certificate) with { QrPayload = url };

        var lines = Appraisal.ReportText.PdfToText(_renderer.Render(content)).Split('\n').Select(l => l.Trim());

        Assert.Contains(url, lines);
    }

    private static ServiceDocumentContent Document(ServiceDocumentKind kind)
    {
        var (title, mark, paragraph) = kind switch
        {
            ServiceDocumentKind.Receipt => ("申请材料接收凭证", "收", "你（单位）提交的申请材料已于2026年11月27日收到。本凭证仅证明材料已接收，不代表申请已被受理，审查结果将另行告知。"),
            ServiceDocumentKind.AcceptanceNotice => ("受理通知书", "受", "你（单位）提出的居住证明开具申请，经审查，申请材料齐全、符合法定形式，根据《中华人民共和国行政许可法》第三十二条的规定，决定予以受理。"),
            ServiceDocumentKind.RejectionNotice => ("不予受理通知书", "不受", "你（单位）提出的申请事项依法不属于本机关职权范围，根据《中华人民共和国行政许可法》第三十二条第一款第（二）项的规定，决定不予受理。"),
            ServiceDocumentKind.SupplementNotice => ("补齐补正材料通知书", "补", "你（单位）提交的申请材料不齐全，请于5个工作日内补齐以下材料：（一）居民身份证复印件；（二）房屋租赁合同。"),
            ServiceDocumentKind.DenialNotice => ("不予许可决定书", "不许", "经审查，你（单位）的申请不符合法定条件，决定不予许可。如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者在六个月内提起行政诉讼。"),
            _ => ("居住证明", "证", "兹证明李明华（公民身份号码530103********1234）自2024年3月1日起居住于昆明市盘龙区拓东街道东庄社区，特此证明。"),
        };
        var certificate = kind == ServiceDocumentKind.Certificate;
        return new ServiceDocumentContent(kind, title, $"盘政服〔2026〕{mark} BJ2026112700001 号", "BJ2026112700001", "居住证明开具", "李明华",
            certificate ? "昆明市盘龙区民政局" : "昆明市盘龙区政务服务中心",
            new DateTimeOffset(2026, 11, 27, 2, 15, 0, TimeSpan.Zero),
            [new("申请编号", "BJ2026112700001"), new("事项名称", "居住证明开具"), new("申请人", "李明华"), new("承诺办结时限", "5个工作日")],
            [paragraph],
            certificate ? "https://portal.panlong.gov.cn/verify/BJ2026112700001" : Url,
            certificate ? "扫码核验证照真伪" : "扫码查看办理进度");
    }

    private static string Compact(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));

    private static string TextOf(Page page) => Compact(string.Concat(page.Letters.Select(l => l.Value)));
}
