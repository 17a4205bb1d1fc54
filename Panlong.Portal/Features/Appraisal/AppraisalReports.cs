using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>A line of the report history.</summary>
public sealed record AppraisalReportRow(long Id, AppraisalPeriodKind Kind, string Period, string ScopeName, AppraisalReportStatus Status, int Progress,
    string? Error, bool Scheduled, string RequestedByName, DateTimeOffset RequestedAt, DateTimeOffset? FinishedAt, long PdfSize, long WorkbookSize);

/// <summary>A downloaded report file.</summary>
public sealed record AppraisalFile(byte[] Bytes, string ContentType, string FileName);

/// <summary>
/// 考核报告: made on demand (queued, rendered in the background with its progress shown) and at each period's end for the
/// district, archived with the configuration and figures they used, and downloaded by leaders whose scope covers them.
/// </summary>
public sealed class AppraisalReports(IDbContextFactory<PanlongDbContext> dbFactory, AppraisalSettings settings, AppraisalCalculator calculator,
    ServiceStatistics serviceStatistics, AppraisalPdfRenderer pdf, AppraisalWorkbookRenderer workbook, AuditLog audit, TimeProvider clock,
    ILogger<AppraisalReports> log, NodeName node)
{
    public const string PdfType = "application/pdf";
    public const string WorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();
    private readonly ConcurrentDictionary<long, int> _progress = new();
    private readonly ConcurrentDictionary<long, byte> _queued = new();

    public ChannelReader<long> Queue => _queue.Reader;

    /// <summary>Queues a report of a region (district, street or community); null when the user's scope does not cover it.</summary>
    public async Task<long?> RequestAsync(AppraisalPeriodKind kind, AppraisalPeriod period, string scopePath, ClaimsPrincipal user, CancellationToken ct = default)
    {
        if (!DataScope.For(user).Covers(scopePath))
        {
            return null;
        }
        var id = await AddAsync(kind, period, scopePath, user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue("name") ?? user.Identity?.Name ?? "", false, ct);
        if (id is not null)
        {
            await audit.WriteAsync("appraisal.report.request", user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue("name"), $"appraisal-report:{id}",
                $"{AppraisalPeriods.Name(kind, period)} {scopePath}", ct: ct);
        }
        return id;
    }

    private async Task<long?> AddAsync(AppraisalPeriodKind kind, AppraisalPeriod period, string scopePath, string? userId, string userName, bool scheduled, CancellationToken ct)
    {
        try
        {
            return await AddOnceAsync(kind, period, scopePath, userId, userName, scheduled, ct);
        }
        catch (DbUpdateException) when (scheduled)
        {
            // Another node scheduled the period's report at the same moment: its claim row holds the key.
            return null;
        }
    }

    private async Task<long?> AddOnceAsync(AppraisalPeriodKind kind, AppraisalPeriod period, string scopePath, string? userId, string userName, bool scheduled, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().Where(u => u.ScopePath == scopePath && (u.Kind == OrgUnitKind.District || u.Kind == OrgUnitKind.Street || u.Kind == OrgUnitKind.Community))
            .Select(u => new { u.Code, u.Name }).SingleOrDefaultAsync(ct);
        if (unit is null)
        {
            return null;
        }
        var report = new AppraisalReport
        {
            PeriodKind = kind, Period = AppraisalPeriods.Name(kind, period), From = period.From, To = period.To, ScopeCode = unit.Code, ScopeName = unit.Name,
            ScopePath = scopePath, Status = AppraisalReportStatus.Queued, Scheduled = scheduled, RequestedByUserId = userId, RequestedByName = userName,
            RequestedAt = clock.GetUtcNow(),
        };
        db.AppraisalReports.Add(report);
        if (scheduled)
        {
            // A claim row saved with the report: the lease table's key lets one node's period-end report in, every other
            // node's save fails (docs/decisions/0045-live-updates-across-nodes.md).
            db.TimerLeases.Add(new Data.Workflows.TimerLease { Name = ScheduleClaim(report.Period, unit.Code), Holder = Node, ExpiresAt = report.RequestedAt.AddYears(100) });
        }
        await db.SaveChangesAsync(ct);
        _queued.TryAdd(report.Id, 0);
        await _queue.Writer.WriteAsync(report.Id, ct);
        return report.Id;
    }

    /// <summary>
    /// At each period's end: the district's report of the month, quarter and year just ended, once each (a scheduled
    /// report already made, or failed, is not made again). Returns how many were queued.
    /// </summary>
    public async Task<int> ScheduleDueAsync(CancellationToken ct = default)
    {
        var today = ChinaTime.Today(clock);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var district = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.District).Select(u => u.ScopePath).FirstAsync(ct);
        var queued = 0;
        foreach (var (kind, period) in AppraisalPeriods.LatestEnded(today))
        {
            var name = AppraisalPeriods.Name(kind, period);
            if (await db.AppraisalReports.AnyAsync(r => r.Scheduled && r.Period == name && r.ScopePath == district, ct))
            {
                continue;
            }
            if (await AddAsync(kind, period, district, null, "系统（期末定时）", true, ct) is not null)
            {
                queued++;
            }
        }
        return queued;
    }

    /// <summary>This node in the leases of the reports it renders.</summary>
    public string Node { get; } = node.Value;

    /// <summary>How long a node may render one report before another node may take it over (a node that died mid-way).</summary>
    public static readonly TimeSpan RenderLease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A scheduled report's mark that it was queued (kept 100 years, so each period's report is queued once across nodes): a
    /// row in the leases table, but no lease anyone holds — the operations page leaves these out.
    /// </summary>
    public const string ScheduleClaimPrefix = "appraisal-scheduled:";

    private static string ScheduleClaim(string period, string scopeCode) => $"{ScheduleClaimPrefix}{period}:{scopeCode}";

    private static string RenderClaim(long id) => $"appraisal-report:{id}";

    /// <summary>
    /// Reports queued (on any node) or interrupted (a restart, a node stopped) go into this node's queue; the render lease
    /// picks which node renders each.
    /// </summary>
    public async Task RequeueUnfinishedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var id in await db.AppraisalReports.Where(r => r.Status == AppraisalReportStatus.Queued || r.Status == AppraisalReportStatus.Rendering)
                     .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(ct))
        {
            // Once in the queue at a time: the look comes again while a long queue is still being rendered.
            if (_queued.TryAdd(id, 0))
            {
                await _queue.Writer.WriteAsync(id, ct);
            }
        }
    }

    /// <summary>Computes and renders one report: figures with the configuration in force now (copied onto the report), then the PDF and the workbook.</summary>
    public async Task RenderAsync(long id, CancellationToken ct = default)
    {
        _queued.TryRemove(id, out _);
        if (!await Leases.TryTakeAsync(dbFactory, RenderClaim(id), Node, clock.GetUtcNow(), RenderLease, ct))
        {
            return;
        }
        try
        {
            await RenderHeldAsync(id, ct);
        }
        finally
        {
            // Done, failed or stopped: a report left unfinished is another node's at its next look, not a lease later.
            await Leases.ReleaseAsync(dbFactory, RenderClaim(id), Node, clock.GetUtcNow(), CancellationToken.None);
        }
    }

    private async Task RenderHeldAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var report = await db.AppraisalReports.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (report is null || report.Status is AppraisalReportStatus.Ready or AppraisalReportStatus.Failed)
        {
            return;
        }
        try
        {
            _progress[id] = 5;
            report.Status = AppraisalReportStatus.Rendering;
            var (config, settingId) = await settings.CurrentAsync(ct);
            report.ConfigJson = AppraisalSettings.Serialize(config);
            report.SettingId = settingId;
            await db.SaveChangesAsync(ct);

            var period = new AppraisalPeriod(report.From, report.To);
            var result = await calculator.ComputeAsync(config, period, report.ScopePath, ct);
            _progress[id] = 25;
            var services = await serviceStatistics.ReportForAreaAsync(report.ScopePath, report.From, report.To.AddDays(-1), ct);
            _progress[id] = 30;
            var document = new AppraisalDocument(result, config, $"{report.ScopeName}{AppraisalPeriods.Label(report.PeriodKind, period)}考核评价报告",
                AppraisalPeriods.Label(report.PeriodKind, period), clock.GetUtcNow(), report.RequestedByName,
                services.Total.Received == 0 ? null : services.Total, services.ByDepartment, services.Ratings);
            report.Pdf = pdf.Render(document, new Progress<int>(p => _progress[id] = 30 + (p * 55 / 100)));
            report.PdfSize = report.Pdf.Length;
            _progress[id] = 85;
            report.Workbook = workbook.Render(document);
            report.WorkbookSize = report.Workbook.Length;
            report.ResultJson = JsonSerializer.Serialize(result, Json);
            report.Status = AppraisalReportStatus.Ready;
            report.Progress = 100;
            report.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Appraisal report {Id} failed", id);
            report.Status = AppraisalReportStatus.Failed;
            report.Error = e is InvalidOperationException && e.Message.Contains(Documents.PdfFonts.FontSetting, StringComparison.Ordinal)
                ? e.Message[..Math.Min(500, e.Message.Length)]
                : "生成失败，请稍后重试；若再次失败请联系系统管理员。";
            report.FinishedAt = clock.GetUtcNow();
            (report.Pdf, report.PdfSize, report.Workbook, report.WorkbookSize) = (null, 0, null, 0);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        finally
        {
            _progress.TryRemove(id, out _);
        }
    }

    /// <summary>The reports of regions inside the scope, newest first; progress of those rendering now is live.</summary>
    public async Task<IReadOnlyList<AppraisalReportRow>> ListAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.AppraisalReports.AsNoTracking().InScope(scope).OrderByDescending(r => r.Id).Take(200)
            .Select(r => new AppraisalReportRow(r.Id, r.PeriodKind, r.Period, r.ScopeName, r.Status, r.Progress, r.Error, r.Scheduled, r.RequestedByName, r.RequestedAt,
                r.FinishedAt, r.PdfSize, r.WorkbookSize))
            .ToListAsync(ct);
        return rows.Select(r => _progress.TryGetValue(r.Id, out var p) ? r with { Progress = p } : r).ToList();
    }

    /// <summary>The archived figures and configuration of a report the scope covers.</summary>
    public async Task<(AppraisalResult Result, AppraisalConfig Config)?> ArchivedAsync(long id, DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AppraisalReports.AsNoTracking().InScope(scope).Where(r => r.Id == id && r.Status == AppraisalReportStatus.Ready)
            .Select(r => new { r.ResultJson, r.ConfigJson }).SingleOrDefaultAsync(ct);
        return row is null ? null : (JsonSerializer.Deserialize<AppraisalResult>(row.ResultJson!, Json)!, AppraisalSettings.Deserialize(row.ConfigJson!));
    }

    /// <summary>A report's PDF or workbook for a user whose scope covers it (audited), or null.</summary>
    public async Task<AppraisalFile?> FileAsync(long id, bool asPdf, ClaimsPrincipal user, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var reports = db.AppraisalReports.AsNoTracking().InScope(DataScope.For(user)).Where(r => r.Id == id && r.Status == AppraisalReportStatus.Ready);
        var row = asPdf
            ? await reports.Select(r => new { r.ScopeName, r.Period, Bytes = r.Pdf }).SingleOrDefaultAsync(ct)
            : await reports.Select(r => new { r.ScopeName, r.Period, Bytes = r.Workbook }).SingleOrDefaultAsync(ct);
        if (row?.Bytes is null)
        {
            return null;
        }
        await audit.WriteAsync("appraisal.report.download", user.FindFirstValue(ClaimTypes.NameIdentifier), user.FindFirstValue("name"), $"appraisal-report:{id}",
            asPdf ? "pdf" : "xlsx", ct: ct);
        var name = $"{row.ScopeName}-{row.Period}-考核评价报告";
        return asPdf ? new AppraisalFile(row.Bytes, PdfType, name + ".pdf") : new AppraisalFile(row.Bytes, WorkbookType, name + ".xlsx");
    }

    /// <summary>
    /// The finished files, for the leaders whose scope holds the report. They are browser downloads, not an API: a
    /// missing one answers a bare 404 so that the portal's not-found page shows.
    /// </summary>
    public static IEndpointRouteBuilder MapAppraisalFiles(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/appraisal/reports/{id:long}").RequireAuthorization(p => p.RequireRole(Roles.Leader)).WithTags("Appraisal");
        group.MapGet("/report.pdf", PdfAsync).WithName("AppraisalReportPdf").WithSummary("The report as PDF; not found outside the leader's scope").File("application/pdf");
        group.MapGet("/report.xlsx", WorkbookAsync).WithName("AppraisalReportWorkbook").WithSummary("The report as an Excel workbook; not found outside the leader's scope")
            .File("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return app;
    }

    public static Task<Results<FileContentHttpResult, NotFound>> PdfAsync(HttpContext http, AppraisalReports reports, long id, CancellationToken ct) =>
        DownloadAsync(reports, id, true, http.User, ct);

    public static Task<Results<FileContentHttpResult, NotFound>> WorkbookAsync(HttpContext http, AppraisalReports reports, long id, CancellationToken ct) =>
        DownloadAsync(reports, id, false, http.User, ct);

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(AppraisalReports reports, long id, bool asPdf, ClaimsPrincipal user, CancellationToken ct) =>
        await reports.FileAsync(id, asPdf, user, ct) is { } file ? TypedResults.File(file.Bytes, file.ContentType, file.FileName) : TypedResults.NotFound();
}

/// <summary>Renders queued reports one at a time, and looks hourly for periods that have ended (<c>Appraisal:Schedule</c>, on by default).</summary>
public sealed class AppraisalReportWorker(AppraisalReports reports, IConfiguration configuration, ILogger<AppraisalReportWorker> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await reports.RequeueUnfinishedAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not look for unfinished appraisal reports");
        }
        if (configuration.GetValue("Appraisal:Schedule", true))
        {
            _ = ScheduleLoopAsync(stoppingToken);
        }
        _ = LookLoopAsync(TimeSpan.FromSeconds(configuration.GetValue("Appraisal:LookSeconds", 30)), stoppingToken);
        await foreach (var id in reports.Queue.ReadAllAsync(stoppingToken))
        {
            try
            {
                await reports.RenderAsync(id, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database was away: the report stays queued and the next look brings it back.
                log.LogWarning(e, "Could not render appraisal report {Id}; trying again later", id);
            }
        }
    }

    /// <summary>Reports another node queued, or left unfinished when it stopped, are looked for now and then.</summary>
    private async Task LookLoopAsync(TimeSpan period, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(ct))
        {
            try
            {
                await reports.RequeueUnfinishedAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Could not look for unfinished appraisal reports");
            }
        }
    }

    private async Task ScheduleLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await reports.ScheduleDueAsync(ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Scheduling period-end appraisal reports failed; trying again in an hour");
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
