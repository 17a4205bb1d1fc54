using System.Globalization;
using ClosedXML.Excel;
using Panlong.Data;
using Panlong.Data.Services;
using Panlong.Portal.Features.Documents;
using static Panlong.Portal.Features.Documents.ListWorkbook;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Appraisal;
using SkiaSharp;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>
/// What an appraisal report says: the computed result, the configuration it was computed with (printed in the appendix,
/// so an archived report explains itself), who made it and when, and the window-service figures of the same period
/// (<see cref="Ratings"/> counts satisfaction levels 1..5, 5 = 非常满意; <see cref="ServiceTotal"/> is null without service data).
/// </summary>
public sealed record AppraisalDocument(
    AppraisalResult Result,
    AppraisalConfig Config,
    string Title,
    string PeriodLabel,
    DateTimeOffset GeneratedAt,
    string GeneratedBy,
    ServiceFigure? ServiceTotal,
    IReadOnlyList<ServiceFigure> ServiceByDepartment,
    IReadOnlyList<int> Ratings)
{
    public const string Issuer = "盘龙区数字化城市管理指挥中心";

    /// <summary>The rankings, one per kind of object, in the order of the workbook's sheets.</summary>
    public IReadOnlyList<AppraisalTable> Tables =>
    [
        new("街道", "街道", null, AppraisedKind.Region, Result.Streets),
        new("社区", "社区", "所属街道", AppraisedKind.Region, Result.Communities),
        new("网格", "网格", "所属社区", AppraisedKind.Region, Result.Grids),
        new("专业部门", "部门", null, AppraisedKind.Department, Result.Departments),
        new("监督员", "姓名", "岗位", AppraisedKind.Supervisor, Result.Supervisors),
        new("受理员", "姓名", null, AppraisedKind.Acceptor, Result.Acceptors),
        new("值班长", "姓名", null, AppraisedKind.ShiftLead, Result.ShiftLeads),
        new("派遣员", "姓名", null, AppraisedKind.Dispatcher, Result.Dispatchers),
    ];

    /// <summary>"2026年1月1日至2026年12月31日": the period's last day, not the exclusive end the calculator keeps.</summary>
    public string Dates => $"{Result.From.Year}年{Result.From.Month}月{Result.From.Day}日至{Last.Year}年{Last.Month}月{Last.Day}日";

    public string GeneratedAtText => ChinaTime.ChineseDateTime(GeneratedAt);

    /// <summary>
    /// "2026年9月30日": the day the cohort is counted up to — the period's last day, or the day the report was made while the
    /// period runs (the calculator's as-of, docs/appraisal.md).
    /// </summary>
    public string AsOfDate => ChinaTime.DateOf(GeneratedAt) is var made && made < Result.To ? $"{made.Year}年{made.Month}月{made.Day}日" : $"{Last.Year}年{Last.Month}月{Last.Day}日";

    private DateOnly Last => Result.To.AddDays(-1);

    public string ColorOf(Grade grade) => Config.Bands.FirstOrDefault(b => b.Grade == grade)?.Color ?? "#757575";

    public static string KindName(AppraisedKind kind) => kind switch
    {
        AppraisedKind.Supervisor => "监督员",
        AppraisedKind.Acceptor => "受理员",
        AppraisedKind.ShiftLead => "值班长",
        AppraisedKind.Dispatcher => "派遣员",
        AppraisedKind.Department => "专业部门",
        _ => "区域（街道、社区、网格）",
    };

    /// <summary>"[90, 100]", "[75, 90)": each band runs from its own bound up to the next higher one.</summary>
    public string RangeOf(GradeBand band)
    {
        var above = Config.Bands.Where(b => b.From > band.From).Select(b => (double?)b.From).Min();
        return above is { } upper ? $"[{band.From:0.##}, {upper:0.##})" : $"[{band.From:0.##}, 100]";
    }

    /// <summary>A score table's rows as ranges of monthly counts: "≤ 100", "101–300", "≥ 2001".</summary>
    public static IEnumerable<(string Range, double Score)> Steps(IReadOnlyList<ScoreStep> table) => table.Select((step, i) =>
    {
        var from = i == 0 ? (int?)null : table[i - 1].UpTo + 1;
        var range = from is null ? step.UpTo == 0 ? "0" : $"≤ {step.UpTo}" : step.UpTo == int.MaxValue ? $"≥ {from}" : from == step.UpTo ? $"{from}" : $"{from}–{step.UpTo}";
        return (range, step.Score);
    });

    public IEnumerable<(string Name, IReadOnlyList<ScoreStep> Steps)> ScoreTables =>
    [
        ("受理数、派遣数分值表（每月件数）", Config.VolumeTable),
        ("专业部门立案数分值表（每月件数）", Config.DepartmentFiledTable),
        ("网格立案数分值表·城区（每网格每月件数）", Config.GridFiledUrbanTable),
        ("网格立案数分值表·农村（每网格每月件数）", Config.GridFiledRuralTable),
    ];
}

/// <summary>One ranking: its name (a sheet's name too), what its name and parent columns are called, and whose weights score it.</summary>
public sealed record AppraisalTable(string Name, string NameHeader, string? ParentHeader, AppraisedKind Kind, IReadOnlyList<AppraisedRow> Rows)
{
    /// <summary>The indicators in the order the configuration weighs them.</summary>
    public IReadOnlyList<string> Indicators(AppraisalConfig config) => [.. config.Weights[Kind].Keys];

    /// <summary>Rank, name, parent (when the table has one), cases, the indicators, total and grade.</summary>
    public IReadOnlyList<string> Headers(AppraisalConfig config) =>
        [
            "排名", NameHeader, .. ParentHeader is null ? Array.Empty<string>() : [ParentHeader], "案件数", .. Indicators(config), "总分", "等级",
        ];

    /// <summary>Objects below the minimum case count have no place in the ranking.</summary>
    public static string RankText(AppraisedRow row) => row.Rank?.ToString(CultureInfo.InvariantCulture) ?? "—";
}

/// <summary>
/// The appraisal report as PDF, on the project's one toolkit (ADR 13): a cover, a summary in plain sentences worked out
/// from the figures (<see cref="AppraisalSentences"/>), charts (the monthly trend; the ranked regions' one level below the
/// scope and departments' totals in their grade colours; a sentence instead of a chart that compares nothing), a ranked table
/// per kind of object with the grade cell coloured, the window-service figures and an appendix with the configuration
/// used. All 610 grids are listed: a district year measured 0.18 s, 54 pages and 1.04 MB (docs/benchmarks.md), well
/// inside the issue's 3 s and 2 MB, so there is no need to cut the grid table to the lowest ones.
/// </summary>
public sealed class AppraisalPdfRenderer(PdfFonts fonts)
{
    private const float TableSize = 8;
    private static readonly SKColor ReceivedColor = SKColor.Parse("#1565c0");
    private static readonly SKColor ClosedColor = SKColor.Parse("#2e7d32");

    public byte[] Render(AppraisalDocument doc, IProgress<int>? progress = null)
    {
        var face = fonts.Typeface ?? throw new InvalidOperationException(fonts.Problem);
        var result = doc.Result;
        progress?.Report(0);
        using var pdf = new PdfBuilder(face, new PdfMetadata(doc.Title, AppraisalDocument.Issuer, $"{result.ScopeName} {doc.PeriodLabel} 城市管理考核报告", "考核,CJ/T 292"),
            $"{doc.Title} · {doc.PeriodLabel}");
        pdf.Cover(doc.Title, $"{result.ScopeName} · {doc.PeriodLabel}",
            [new("考核范围", result.ScopeName), new("考核期间", doc.Dates), new("生成时间", doc.GeneratedAtText), new("生成人", doc.GeneratedBy),
             new("编制单位", AppraisalDocument.Issuer)],
            $"本报告的全部数据由数字化城市管理系统的案件和办件记录自动计算，未经人工录入。指标、权重、分值表和等级按生成时的考核配置计算" +
            $"（排名的最低案件数为 {doc.Config.MinimumCases} 件，详见附录）；配置此后的修改不影响本报告。");
        progress?.Report(5);

        Summary(pdf, doc);
        progress?.Report(10);
        Charts(pdf, doc);
        progress?.Report(20);

        // Grids last: the longest table reads as a listing after the rankings leaders look at first. An empty period has no ranking to show.
        var tables = AppraisalSentences.IsEmpty(result) ? [] : doc.Tables.OrderBy(t => t.Rows == result.Grids).ToList();
        if (tables.Count == 0)
        {
            pdf.Heading("三、考核排名", 16).Paragraph("\u3000\u3000本期没有案件，不作排名和等级评价。", 11);
        }
        var rows = Math.Max(1, tables.Sum(t => t.Rows.Count));
        var done = 0;
        for (var i = 0; i < tables.Count; i++)
        {
            Ranking(pdf, doc, tables[i], $"{ChineseNumber(i + 3)}、{tables[i].Name}考核排名");
            done += tables[i].Rows.Count;
            progress?.Report(20 + (55 * done / rows));
        }
        Services(pdf, doc, $"{ChineseNumber(Math.Max(tables.Count, 1) + 3)}、窗口服务");
        progress?.Report(80);
        Appendix(pdf, doc);
        progress?.Report(85);
        var bytes = pdf.Build();
        progress?.Report(100);
        return bytes;
    }

    /// <summary>The sentences of <see cref="AppraisalSentences"/> and the figures' table (without it for an empty period: there are no figures).</summary>
    private static void Summary(PdfBuilder pdf, AppraisalDocument doc)
    {
        pdf.Heading("一、总体情况", 16);
        foreach (var paragraph in AppraisalSentences.Summary(doc))
        {
            pdf.Paragraph($"\u3000\u3000{paragraph}", 11);
        }
        if (AppraisalSentences.IsEmpty(doc.Result))
        {
            return;
        }
        var s = doc.Result.Summary;
        var rates = AppraisalSentences.Timeliness(s);
        string Shown(ReportRate rate) => rate.Percent ?? Ratio.Missing;
        pdf.Table(["指标", "数值", "指标", "数值"], [2, 1.3f, 2, 1.3f],
            [
                ["受理案件", $"{s.Received:N0} 件", rates[0].Name, Shown(rates[0])],
                ["立案", $"{s.Filed:N0} 件", rates[1].Name, Shown(rates[1])],
                ["派遣", $"{s.Dispatched:N0} 件", rates[2].Name, Shown(rates[2])],
                ["应结案", $"{s.HandlingsDue:N0} 件", rates[3].Name, Shown(rates[3])],
                ["应结案中已结案", $"{s.ClosedOfDue:N0} 件", AppraisalConfig.Closure, Shown(AppraisalSentences.Closure(s))],
                ["本期受理已结案", $"{s.Closed:N0} 件", AppraisalSentences.CohortName, Shown(AppraisalSentences.Cohort(s))],
                ["往期案件本期结案", $"{s.ClosedEarlier:N0} 件", "返工率（应结案中）", Shown(AppraisalSentences.Rework(s))],
            ], 10, [PdfAlign.Left, PdfAlign.Right, PdfAlign.Left, PdfAlign.Right]);
    }

    /// <summary>The monthly trend and the regions' and departments' totals; a chart that compares nothing is replaced by a sentence saying why.</summary>
    private static void Charts(PdfBuilder pdf, AppraisalDocument doc)
    {
        var result = doc.Result;
        if (AppraisalSentences.IsEmpty(result))
        {
            pdf.Heading("二、图表", 16).Paragraph("\u3000\u3000本期没有案件，不作图表。", 11);
            return;
        }
        pdf.PageBreak().Heading("二、图表", 16);
        var sameYear = result.Trend.Select(m => m.Month.Year).Distinct().Count() <= 1;
        var months = result.Trend.Select(m => sameYear ? $"{m.Month.Month}月" : $"{m.Month.Year % 100}年{m.Month.Month}月").ToList();
        var legend = doc.Config.Bands.Select(b => new PdfLegendEntry($"{b.Grade} 级 {doc.RangeOf(b)}", SKColor.Parse(b.Color))).ToList();
        // Only the ranked: a bar for an object with too few cases would read as a place in the ranking it does not have.
        PdfChart Totals(AppraisalTable table)
        {
            var rows = table.Rows.Where(r => r.Rank is not null).ToList();
            return new(PdfChartKind.Bar, $"参与排名的{table.Name}考核总分（按等级着色）", [.. rows.Select(r => r.Name)],
                [new PdfSeries("总分", [.. rows.Select(r => r.Total)], SKColors.Gray, [.. rows.Select(r => SKColor.Parse(doc.ColorOf(r.Grade)))])])
            {
                ValueAxis = "总分",
                Max = 100,
                Legend = legend,
                ValueFormat = "0.0",
            };
        }

        ChartOrSentence(pdf, new PdfChart(result.Trend.Count < 3 ? PdfChartKind.Bar : PdfChartKind.Line, "月度受理与结案走势", months,
            [new PdfSeries("受理", [.. result.Trend.Select(m => (double)m.Received)], ReceivedColor),
             new PdfSeries("当月受理已结案", [.. result.Trend.Select(m => (double)m.Closed)], ClosedColor)])
        {
            ValueAxis = "案件数（件）",
            CategoryAxis = "月份",
            ValueFormat = "0",
        }, 230);
        ChartOrSentence(pdf, Totals(AppraisalSentences.Regions(doc)), 240);
        ChartOrSentence(pdf, Totals(AppraisalSentences.Departments(doc)), 330);
    }

    private static void ChartOrSentence(PdfBuilder pdf, PdfChart chart, float height)
    {
        if (chart.SaysSomething)
        {
            pdf.Chart(chart, height);
        }
        else
        {
            pdf.Paragraph($"\u3000\u3000{AppraisalSentences.NoChart(chart)}", 11);
        }
    }

    private static void Ranking(PdfBuilder pdf, AppraisalDocument doc, AppraisalTable table, string heading)
    {
        var indicators = table.Indicators(doc.Config);
        var headers = table.Headers(doc.Config);
        var hasParent = table.ParentHeader is not null;
        float[] widths = [0.75f, 2.4f, .. hasParent ? [1.9f] : Array.Empty<float>(), 0.9f, .. indicators.Select(_ => 1.15f), 0.95f, 0.7f];
        PdfAlign[] align = [PdfAlign.Center, PdfAlign.Left, .. hasParent ? [PdfAlign.Left] : Array.Empty<PdfAlign>(), PdfAlign.Right,
            .. indicators.Select(_ => PdfAlign.Right), PdfAlign.Right, PdfAlign.Center];
        var grade = headers.Count - 1;
        var colors = doc.Config.Bands.ToDictionary(b => b.Grade.ToString(), b => SKColor.Parse(b.Color));

        pdf.PageBreak().Heading(heading, 16);
        if (table.Rows.Count == 0)
        {
            pdf.Paragraph($"本期没有{table.Name}的考核数据。", 10);
            return;
        }
        var unranked = table.Rows.Count(r => r.Rank is null);
        var order = table.Rows.Count == 1 ? "" : "按总分从高到低排列" + (unranked == 0 ? "。" : "，未排名的列在后面（排名记为“—”）。");
        pdf.Paragraph(AppraisalSentences.Membership(table, doc.Config) + order + "各指标为 0–100 分，总分按附录中的权重加权。", 10)
           .Table(headers, widths, table.Rows.Select(r => (IReadOnlyList<string>)
               [
                   AppraisalTable.RankText(r), r.Name, .. hasParent ? [r.Parent ?? ""] : Array.Empty<string>(), r.Cases.ToString("N0", CultureInfo.InvariantCulture),
                   .. indicators.Select(k => r.Indicators.TryGetValue(k, out var v) ? v.ToString("0.00", CultureInfo.InvariantCulture) : ""),
                   r.Total.ToString("0.00", CultureInfo.InvariantCulture), r.Grade.ToString(),
               ]), TableSize, align, (cells, i) => i == grade && colors.TryGetValue(cells[i], out var c) ? c : null);
    }

    private static void Services(PdfBuilder pdf, AppraisalDocument doc, string heading)
    {
        pdf.PageBreak().Heading(heading, 16);
        if (doc.ServiceTotal is not { } total)
        {
            pdf.Paragraph("本期没有政务服务办件数据。", 11);
            return;
        }
        var satisfaction = ServiceReport.Satisfaction(doc.Ratings);
        var (satisfied, rated) = satisfaction;
        pdf.Paragraph($"\u3000\u3000本期政务服务共受理申请 {total.Received:N0} 件，办结 {total.Finished:N0} 件，其中准予 {total.Approved:N0} 件；" +
                      $"按时办结率 {Ratio.Format(total.OnTimeRate)}，平均用时 {Days(total.AverageDays)}。" +
                      (rated == 0 ? "本期没有办事群众评价。" : $"办事群众评价 {rated:N0} 次，满意及非常满意 {satisfied:N0} 次，占 {satisfaction}。"), 11);
        var levels = Enumerable.Range(1, 5).Select(l => (Name: ServiceRating.LevelNames[l], N: doc.Ratings.ElementAtOrDefault(l - 1))).ToList();
        pdf.Table(["评价", "次数", "占比"], [2, 1, 1],
                levels.Select(l => (IReadOnlyList<string>)[l.Name, l.N.ToString("N0", CultureInfo.InvariantCulture), new ReportRate(l.Name, l.N, rated).Percent ?? Ratio.Missing]), 10,
                [PdfAlign.Left, PdfAlign.Right, PdfAlign.Right]);
        ChartOrSentence(pdf, new PdfChart(PdfChartKind.Bar, "满意度分布", [.. levels.Select(l => l.Name)],
            [new PdfSeries("评价次数", [.. levels.Select(l => (double)l.N)], ReceivedColor,
                [SKColor.Parse("#c62828"), SKColor.Parse("#ef6c00"), SKColor.Parse("#f9a825"), SKColor.Parse("#1565c0"), SKColor.Parse("#2e7d32")])])
        {
            ValueAxis = "次数",
            ValueFormat = "0",
            Legend = [],
        }, 190);
        pdf.Heading("按部门", 13)
           .Table(["部门", "受理", "办结", "准予", "按时办结率", "平均用时（工作日）"], [3, 1, 1, 1, 1.3f, 1.5f],
                doc.ServiceByDepartment.Select(f => (IReadOnlyList<string>)
                    [f.Name, f.Received.ToString("N0", CultureInfo.InvariantCulture), f.Finished.ToString("N0", CultureInfo.InvariantCulture),
                     f.Approved.ToString("N0", CultureInfo.InvariantCulture), Ratio.Format(f.OnTimeRate), f.AverageDays?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—"]),
                9, [PdfAlign.Left, PdfAlign.Right, PdfAlign.Right, PdfAlign.Right, PdfAlign.Right, PdfAlign.Right]);
    }

    private static void Appendix(PdfBuilder pdf, AppraisalDocument doc)
    {
        var config = doc.Config;
        var colors = config.Bands.ToDictionary(b => b.Grade.ToString(), b => SKColor.Parse(b.Color));
        pdf.PageBreak().Heading("附录：本报告使用的考核配置", 16)
           .Paragraph($"本报告按生成时（{doc.GeneratedAtText}）的考核配置计算，配置随报告一并存档。案件数不足 {config.MinimumCases} 件的对象不参与排名。" +
                      "无应办事项的比率按全部完成计，无案件的不良占比（漏报、返工、公众举报）按零计；总分保留两位小数后定级。", 10)
           .Heading("权重", 13)
           .Table(["考核对象", "指标及权重"], [1, 4],
                config.Weights.Select(k => (IReadOnlyList<string>)[AppraisalDocument.KindName(k.Key), string.Join("，", k.Value.Select(w => $"{w.Key} {w.Value:0.##%}"))]), 9)
           .Heading("等级", 13)
           .Table(["等级", "总分区间", "颜色"], [1, 2, 2],
                config.Bands.Select(b => (IReadOnlyList<string>)[b.Grade.ToString(), doc.RangeOf(b), b.Color]), 9,
                [PdfAlign.Center, PdfAlign.Left, PdfAlign.Left], (cells, i) => i == 0 && colors.TryGetValue(cells[0], out var c) ? c : null)
           .Heading("分值表", 13);
        // Each table as two rows, counts over scores, as docs/domain.md §3 sets them out.
        foreach (var (name, table) in doc.ScoreTables)
        {
            var steps = AppraisalDocument.Steps(table).ToList();
            pdf.Heading(name, 10.5f)
               .Table(["件数", .. steps.Select(s => s.Range)], [1.2f, .. steps.Select(_ => 1f)],
                   [["分值", .. steps.Select(s => s.Score.ToString("0.##", CultureInfo.InvariantCulture))]], 9,
                   [PdfAlign.Left, .. steps.Select(_ => PdfAlign.Center)]);
        }
    }

    private static string Days(double? days) => days is { } d ? $"{d:0.00} 个工作日" : "—";

    private static string ChineseNumber(int n) => n switch
    {
        <= 10 => "零一二三四五六七八九十"[n].ToString(),
        < 20 => "十" + "零一二三四五六七八九"[n - 10],
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// The appraisal report as an Excel workbook (ClosedXML): 汇总, 走势, one sheet per kind of object with its raw counts
/// beside the indicators, 窗口服务 and 考核配置. Every sheet freezes its header row and filters on it; rates are
/// percentages, scores two decimals, grade cells in their colour. Column widths are worked out from the text, because
/// ClosedXML's AdjustToContents needs libgdiplus, which Linux servers lack.
/// </summary>
public sealed class AppraisalWorkbookRenderer
{
    private const string Score = "0.00";
    private const string Percent = "0.0%";
    private const string Whole = "#,##0";

    public byte[] Render(AppraisalDocument doc)
    {
        using var workbook = new XLWorkbook();
        workbook.Properties.Title = doc.Title;
        workbook.Properties.Author = AppraisalDocument.Issuer;
        workbook.Properties.Subject = $"{doc.Result.ScopeName} {doc.PeriodLabel}";
        SummarySheet(workbook, doc);
        TrendSheet(workbook, doc);
        foreach (var table in doc.Tables)
        {
            RankingSheet(workbook, doc, table);
        }
        ServiceSheet(workbook, doc);
        ConfigSheet(workbook, doc);
        return Save(workbook);
    }

    private static void SummarySheet(XLWorkbook workbook, AppraisalDocument doc)
    {
        var s = doc.Result.Summary;
        // Rates from the counts, so Excel holds the exact ratio and shows it as a percentage; a rate with nothing due, or
        // whose part outgrew its whole, stays empty as in the PDF (issue 14: no shown rate above 100 %).
        object?[][] rows =
        [
            ["报告", doc.Title], ["考核范围", doc.Result.ScopeName], ["考核期间", doc.Dates], ["生成时间", doc.GeneratedAtText], ["生成人", doc.GeneratedBy],
            ["受理数", new Formatted(s.Received, Whole)], ["公众举报数", new Formatted(s.PublicReports, Whole)], ["立案数", new Formatted(s.Filed, Whole)],
            ["不予立案数", new Formatted(s.NotFiled, Whole)], ["作废数", new Formatted(s.Voided, Whole)], ["派遣数", new Formatted(s.Dispatched, Whole)],
            ["处置数", new Formatted(s.Handled, Whole)], ["应结案数", new Formatted(s.HandlingsDue, Whole)], ["应结案中已结案数", new Formatted(s.ClosedOfDue, Whole)],
            ["本期受理已结案数", new Formatted(s.Closed, Whole)], ["往期案件本期结案数", new Formatted(s.ClosedEarlier, Whole)],
            ["返工数", new Formatted(s.Reworked, Whole)], ["应结案中返工数", new Formatted(s.ReworkedOfDue, Whole)],
            ["延期数", new Formatted(s.Extended, Whole)], ["挂账数", new Formatted(s.Shelved, Whole)],
            .. new[] { AppraisalSentences.Closure(s) }.Concat(AppraisalSentences.Timeliness(s)).Append(AppraisalSentences.Cohort(s)).Append(AppraisalSentences.Rework(s))
                .Select(r => new object?[] { r.Name, Rate(r) }),
        ];
        Write(workbook.AddWorksheet("汇总"), [new("项目"), new("数值")], rows);
    }

    private static void TrendSheet(XLWorkbook workbook, AppraisalDocument doc) => Write(workbook.AddWorksheet("走势"),
        [new("月份"), new("受理数", Whole), new("立案数", Whole), new("当月受理已结案数", Whole), new("其中按期结案数", Whole), new("当月受理已结案比例", Percent)],
        doc.Result.Trend.Select(m => new object?[]
        {
            $"{m.Month.Year}年{m.Month.Month:00}月", m.Received, m.Filed, m.Closed, m.ClosedOnTime,
            AppraisalSentences.Cohort(m).Share,
        }));

    private static Formatted? Rate(ReportRate rate) => rate.Share is { } share ? new Formatted(share, Percent) : null;

    /// <summary>Rank, name, parent, cases, the raw counts the indicators come from, the indicators, total and grade.</summary>
    private static void RankingSheet(XLWorkbook workbook, AppraisalDocument doc, AppraisalTable table)
    {
        var indicators = table.Indicators(doc.Config);
        var counts = table.Rows.SelectMany(r => r.Counts.Keys).Distinct().ToList();
        var hasParent = table.ParentHeader is not null;
        Column[] columns =
        [
            new("排名", "0"), new(table.NameHeader), .. hasParent ? [new Column(table.ParentHeader!)] : Array.Empty<Column>(), new("案件数", Whole),
            .. counts.Select(c => new Column(c, Whole)), .. indicators.Select(i => new Column(i, Score)), new("总分", Score), new("等级"),
        ];
        var sheet = workbook.AddWorksheet(table.Name);
        Write(sheet, columns, table.Rows.Select(r => (object?[])
        [
            r.Rank is { } rank ? (object)rank : AppraisalTable.RankText(r), r.Name, .. hasParent ? [r.Parent ?? ""] : Array.Empty<object?>(), r.Cases,
            .. counts.Select(c => (object)r.Counts.GetValueOrDefault(c)), .. indicators.Select(i => (object)r.Indicators.GetValueOrDefault(i)), r.Total, r.Grade.ToString(),
        ]));
        for (var i = 0; i < table.Rows.Count; i++)
        {
            GradeCell(sheet.Cell(i + 2, columns.Length), doc.ColorOf(table.Rows[i].Grade));
        }
    }

    private static void ServiceSheet(XLWorkbook workbook, AppraisalDocument doc)
    {
        var sheet = workbook.AddWorksheet("窗口服务");
        IEnumerable<ServiceFigure> figures = doc.ServiceTotal is { } total ? [total with { Name = "合计" }, .. doc.ServiceByDepartment] : doc.ServiceByDepartment;
        Write(sheet, [new("部门"), new("受理", Whole), new("办结", Whole), new("准予", Whole), new("按时办结", Whole), new("按时办结率", Percent), new("平均用时（工作日）", Score)],
            figures.Select(f => new object?[]
            {
                f.Name, f.Received, f.Finished, f.Approved, f.OnTime, f.Finished > 0 ? AppraisalRules.Share(f.OnTime, f.Finished) : null, f.AverageDays,
            }));

        // The satisfaction distribution beside the table, outside its filter: 非常满意 first.
        var rated = doc.Ratings.Sum();
        string[] headers = ["评价", "次数", "占比"];
        for (var i = 0; i < headers.Length; i++)
        {
            Set(sheet.Cell(1, 9 + i), headers[i]);
        }
        sheet.Range(1, 9, 1, 11).Style.Font.Bold = true;
        for (var level = 5; level >= 1; level--)
        {
            var n = doc.Ratings.ElementAtOrDefault(level - 1);
            Set(sheet.Cell(7 - level, 9), ServiceRating.LevelNames[level]);
            Set(sheet.Cell(7 - level, 10), n);
            Set(sheet.Cell(7 - level, 11), new Formatted(AppraisalRules.Share(n, rated), Percent));
        }
        sheet.Column(9).Width = 14;
    }

    private static void ConfigSheet(XLWorkbook workbook, AppraisalDocument doc)
    {
        var config = doc.Config;
        var rows = new List<object?[]> { new object?[] { "排名", "最低案件数", config.MinimumCases, "不足的对象不参与排名" } };
        rows.AddRange(config.Weights.SelectMany(k => k.Value.Select(w => new object?[] { $"权重·{AppraisalDocument.KindName(k.Key)}", w.Key, new Formatted(w.Value, "0%"), "" })));
        var bands = rows.Count;
        rows.AddRange(config.Bands.Select(b => new object?[] { "等级", b.Grade.ToString(), new Formatted(b.From, "0.##"), $"总分 {doc.RangeOf(b)}，颜色 {b.Color}" }));
        rows.AddRange(doc.ScoreTables.SelectMany(t => AppraisalDocument.Steps(t.Steps).Select(s => new object?[] { t.Name, s.Range, new Formatted(s.Score, "0.##"), "分值" })));
        var sheet = workbook.AddWorksheet("考核配置");
        Write(sheet, [new("类别"), new("项目"), new("值"), new("说明")], rows);
        for (var i = 0; i < config.Bands.Count; i++)
        {
            GradeCell(sheet.Cell(bands + i + 2, 2), config.Bands[i].Color);
        }
    }

    private static void GradeCell(IXLCell cell, string color)
    {
        var style = cell.Style;
        style.Fill.BackgroundColor = XLColor.FromHtml(color);
        style.Font.FontColor = PdfBuilder.IsDark(SKColor.Parse(color)) ? XLColor.White : XLColor.Black;
        style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
    }
}
