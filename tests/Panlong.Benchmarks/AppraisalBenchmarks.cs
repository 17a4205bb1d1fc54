using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Documents;

namespace Panlong.Benchmarks;

/// <summary>
/// Every indicator of docs/domain.md §3 over a year of cases (the generator's 47,199 with their step facts): the district's
/// year, one street's year and the district's latest month.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 8)]
public class AppraisalBenchmarks
{
    private TestDatabase _database = null!;
    private PdfFonts _fonts = null!;
    private AppraisalPdfRenderer _pdf = null!;
    private readonly AppraisalWorkbookRenderer _workbook = new();
    private AppraisalDocument _document = null!;
    private AppraisalCalculator _calculator = null!;
    private AppraisalPeriod _year = null!;
    private AppraisalPeriod _month = null!;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await YearOfCases.OpenAsync(Provider, "appraisal");
        _calculator = _database.Get<AppraisalCalculator>();
        // The generator spreads cases over the 365 days before now: the last twelve whole months plus this one.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        _year = new AppraisalPeriod(new DateOnly(today.Year, today.Month, 1).AddMonths(-12), new DateOnly(today.Year, today.Month, 1));
        _month = AppraisalPeriods.Of(Data.Appraisal.AppraisalPeriodKind.Month, today.AddMonths(-1));

        // The report of the computed year, as the report worker makes it (without the window-service part).
        _fonts = new PdfFonts(new ConfigurationBuilder().Build());
        _pdf = new AppraisalPdfRenderer(_fonts);
        var result = await DistrictYearAsync();
        _document = new AppraisalDocument(result, AppraisalConfig.Default, "盘龙区近12个月考核评价报告", "近12个月", DateTimeOffset.UtcNow, "基准测试", null, [], [0, 0, 0, 0, 0]);
        var watch = Stopwatch.StartNew();
        var pdf = RenderPdf();
        var pdfMs = watch.ElapsedMilliseconds;
        watch.Restart();
        var workbook = RenderWorkbook();
        var pages = System.Text.RegularExpressions.Regex.Count(System.Text.Encoding.Latin1.GetString(pdf), @"/Type /Page\b(?!s)");
        Console.WriteLine($"// computed year: {result.Summary.Received:N0} received; PDF {pages} pages, {pdf.Length:N0} bytes ({pdfMs} ms incl. font preparation); " +
            $"workbook {workbook.Length:N0} bytes ({watch.ElapsedMilliseconds} ms)");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _fonts.Dispose();
        await _database.DisposeAsync();
    }

    [Benchmark(Description = "all indicators: district, 12 months")]
    public Task<AppraisalResult> DistrictYearAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _year, "/530103/");

    [Benchmark(Description = "all indicators: one street, 12 months")]
    public Task<AppraisalResult> StreetYearAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _year, "/530103/530103001/");

    [Benchmark(Description = "report PDF of the computed district year")]
    public byte[] RenderPdf() => _pdf.Render(_document);

    [Benchmark(Description = "report workbook of the computed district year")]
    public byte[] RenderWorkbook() => _workbook.Render(_document);

    [Benchmark(Description = "all indicators: district, last month")]
    public Task<AppraisalResult> DistrictMonthAsync() => _calculator.ComputeAsync(AppraisalConfig.Default, _month, "/530103/");
}
