using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Panlong.Data;
using Panlong.Data.Services;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Services;

namespace Panlong.Benchmarks;

/// <summary>
/// One service document rendered to PDF bytes, as a download does it: layout, HarfBuzz shaping, the QR code, and Skia
/// subsetting the CJK face. The face is cleaned once in the setup (about 1.5 s, paid by a portal's first document).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class ServiceDocumentBenchmarks
{
    private PdfFonts _fonts = null!;
    private ServiceDocumentRenderer _renderer = null!;
    private ServiceDocumentContent _receipt = null!;
    private ServiceDocumentContent _certificate = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fonts = new PdfFonts(new ConfigurationBuilder().Build());
        if (_fonts.Typeface is null)
        {
            throw new InvalidOperationException(_fonts.Problem);
        }
        _renderer = new ServiceDocumentRenderer(_fonts);
        const string number = "BJ2026112700001";
        var issued = new DateTimeOffset(2026, 11, 27, 10, 15, 0, ChinaTime.Offset);
        KeyValuePair<string, string>[] facts = [new("申请编号", number), new("事项名称", "居住证明开具"), new("申请人", "李明华"), new("受理窗口", "拓东街道便民服务中心 3 号窗口"), new("承诺办结时限", "5个工作日")];
        _receipt = new ServiceDocumentContent(ServiceDocumentKind.Receipt, "申请材料接收凭证", $"盘政服〔2026〕收 {number} 号", number, "居住证明开具", "李明华",
            "昆明市盘龙区政务服务中心", issued, facts,
            ["你（单位）提交的申请材料已于2026年11月27日收到。本凭证仅证明材料已接收，不代表申请已被受理，审查结果将另行告知。", "请妥善保管本凭证，可凭申请编号或扫描下方二维码查询办理进度。"],
            $"https://portal.panlong.gov.cn/services/progress/{number}", "扫码查看办理进度");
        _certificate = _receipt with
        {
            Kind = ServiceDocumentKind.Certificate,
            Title = "居住证明",
            DocumentNumber = $"盘民证〔2026〕{number} 号",
            IssuerName = "昆明市盘龙区民政局",
            Paragraphs = ["兹证明李明华（公民身份号码530103********1234）自2024年3月1日起居住于昆明市盘龙区拓东街道东庄社区，特此证明。"],
            QrPayload = $"https://portal.panlong.gov.cn/verify/{number}",
            QrCaption = "扫码核验证照真伪",
        };
        Console.WriteLine($"// PDF sizes: receipt {Receipt().Length:N0} bytes, certificate {Certificate().Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _fonts.Dispose();

    [Benchmark(Description = "receipt (申请材料接收凭证), one page")]
    public byte[] Receipt() => _renderer.Render(_receipt);

    [Benchmark(Description = "certificate (居住证明), border and seal")]
    public byte[] Certificate() => _renderer.Render(_certificate);
}
