using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Identity;

namespace Panlong.Portal.Features.Operations;

public sealed record CaseLevelCounts(CaseLevel Level, int Received, int Filed, int Closed);

public sealed record UnitTaskCounts(string UnitCode, int Open, int Overdue);

public sealed record StateCount(string State, int Count);

/// <summary>The loop's health at one moment: what the metrics export and the operations page shows (docs/operations.md).</summary>
public sealed record SignalSnapshot(
    DateTimeOffset At,
    IReadOnlyList<CaseLevelCounts> Cases,
    IReadOnlyList<UnitTaskCounts> Tasks,
    int OutboxBacklog,
    TimeSpan OutboxOldestAge,
    int TimersDue,
    TimeSpan TimerLag,
    int ReportQueue,
    IReadOnlyList<StateCount> Applications,
    int SignInFailures,
    int Lockouts);

/// <summary>
/// Reads the platform's own signals from the database, at most once per <c>Telemetry:SignalsSeconds</c> (5 s by default)
/// whoever asks — each scrape, each instrument, each open operations page shares the one read. A read is a fixed handful of
/// grouped queries (one per signal, none per unit or per row), each served by an existing index except the case totals, which
/// count the case table once per read (docs/decisions/0084-telemetry.md).
/// </summary>
public sealed class PlatformSignals(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>Sign-in failures and lockouts are counted over this window before now (a burst, not a lifetime).</summary>
    public static readonly TimeSpan SignInWindow = TimeSpan.FromMinutes(15);

    private readonly TimeSpan _maxAge = TimeSpan.FromSeconds(configuration.GetValue("Telemetry:SignalsSeconds", 5.0));
    private readonly Lock _gate = new();
    private SignalSnapshot? _last;

    /// <summary>
    /// The last read when it is fresh enough, else a new one. Synchronous on purpose: the metrics SDK calls its observable
    /// instruments synchronously during a scrape, and a blocking wait on an async read there would hold a pool thread all the same.
    /// </summary>
    public SignalSnapshot Current()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (_last is null || now - _last.At >= _maxAge || now < _last.At)
            {
                _last = Read(now);
            }
            return _last;
        }
    }

    /// <summary>Forgets the last read, so the next <see cref="Current"/> reads again (tests, and the page's refresh button).</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _last = null;
        }
    }

    private SignalSnapshot Read(DateTimeOffset now)
    {
        using var db = dbFactory.CreateDbContext();
        var cases = db.Cases.AsNoTracking().GroupBy(c => c.Level)
            .Select(g => new CaseLevelCounts(g.Key, g.Count(), g.Count(c => c.FiledAt != null), g.Count(c => c.ClosedAt != null)))
            .ToList();
        var openTasks = db.WorkTasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open)
            .GroupBy(t => t.OrgUnitId)
            .Select(g => new { Unit = g.Key, Open = g.Count(), Overdue = g.Count(t => t.DueAt != null && t.DueAt < now) })
            .ToList();
        var units = db.OrgUnits.AsNoTracking().Select(u => new { u.Id, u.Code }).ToDictionary(u => u.Id, u => u.Code);
        var tasks = openTasks
            .Select(t => new UnitTaskCounts(t.Unit is { } id && units.TryGetValue(id, out var code) ? code : "none", t.Open, t.Overdue))
            .OrderBy(t => t.UnitCode, StringComparer.Ordinal).ToList();
        var pending = db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null);
        var backlog = pending.Count();
        var oldestMessage = pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefault();
        var due = db.ProcessTimers.AsNoTracking().Where(t => t.FiredAt == null && t.DueAt <= now);
        var timersDue = due.Count();
        var oldestTimer = due.OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefault();
        var reports = db.AppraisalReports.AsNoTracking().Count(r => r.Status == AppraisalReportStatus.Queued || r.Status == AppraisalReportStatus.Rendering);
        var applications = db.ServiceApplications.AsNoTracking().GroupBy(a => a.State)
            .Select(g => new StateCount(g.Key, g.Count())).ToList().OrderBy(s => s.State, StringComparer.Ordinal).ToList();
        var since = now - SignInWindow;
        // A row per failure naming an account; failures naming none come as one summary row per address and period (SignInSummary), counted by what it says.
        var failed = db.AuditEntries.AsNoTracking().Where(a => a.Action == AuditActions.SignInFailed && a.At >= since);
        var summaries = failed.Where(a => a.Detail != null && (a.Detail.StartsWith(SignInSummary.UnknownNamePrefix) || a.Detail.StartsWith(SignInSummary.ThrottledPrefix)))
            .Select(a => a.Detail).ToList();
        var failures = failed.Count() - summaries.Count + summaries.Sum(SignInSummary.FailuresIn);
        var lockouts = db.AuditEntries.AsNoTracking().Count(a => a.Action == AuditActions.LockedOut && a.At >= since);
        return new SignalSnapshot(now, [.. cases.OrderBy(c => c.Level)], tasks, backlog, Age(now, oldestMessage), timersDue, Age(now, oldestTimer),
            reports, applications, failures, lockouts);
    }

    private static TimeSpan Age(DateTimeOffset now, DateTimeOffset? since) => since is { } at && at < now ? now - at : TimeSpan.Zero;
}
