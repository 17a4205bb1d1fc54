using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Configuration;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using System.Text;
using System.Text.RegularExpressions;

namespace Panlong.Benchmarks;

/// <summary>
/// A year's appraisal report for the whole district (issue 7) rendered as PDF and as a workbook, without a database: the
/// result is built by <see cref="AppraisalSamples.Year"/> at the district's real sizes (12 streets, 103 communities,
/// 610 grids, 32 departments, 700 people, twelve months of about 47,000 cases), so the figures measure the renderers
/// alone. The font face is cleaned once in the setup, as a portal's first document pays it.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class AppraisalDocumentBenchmarks
{
    private PdfFonts _fonts = null!;
    private AppraisalPdfRenderer _pdf = null!;
    private readonly AppraisalWorkbookRenderer _workbook = new();
    private AppraisalDocument _document = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fonts = new PdfFonts(new ConfigurationBuilder().Build());
        if (_fonts.Typeface is null)
        {
            throw new InvalidOperationException(_fonts.Problem);
        }
        _pdf = new AppraisalPdfRenderer(_fonts);
        _document = new AppraisalDocument(AppraisalSamples.Year(), AppraisalConfig.Default, "盘龙区2026年度城市管理考核报告", "2026年度",
            new DateTimeOffset(2027, 1, 3, 1, 30, 0, TimeSpan.Zero), "王海燕", new ServiceFigure("", "", 21_500, 20_100, 18_900, 18_500, 3.42),
            [new ServiceFigure("530103-BM14", "区政务服务管理局", 12_000, 11_500, 11_000, 10_900, 2.85), new ServiceFigure("530103-BM06", "区民政局", 9_500, 8_600, 7_900, 7_600, 4.18)],
            [120, 250, 1_400, 4_200, 3_100]);
        var bytes = Pdf();
        // Skia writes page dictionaries uncompressed: counting them is enough for a note beside the timings.
        var pages = Regex.Count(Encoding.Latin1.GetString(bytes), @"/Type /Page\b(?!s)");
        Console.WriteLine($"// appraisal PDF: {pages} pages, {bytes.Length:N0} bytes; workbook {Workbook().Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup() => _fonts.Dispose();

    [Benchmark(Description = "appraisal PDF, district year (all 610 grids)")]
    public byte[] Pdf() => _pdf.Render(_document);

    [Benchmark(Description = "appraisal workbook, district year (12 sheets)")]
    public byte[] Workbook() => _workbook.Render(_document);
}
