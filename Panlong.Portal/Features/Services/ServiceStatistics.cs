using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Services;

/// <summary>One line of a breakdown: applications received, finished, approved, on time and the average working days used.</summary>
public sealed record ServiceFigure(string Key, string Name, int Received, int Finished, int Approved, int OnTime, double? AverageDays)
{
    /// <summary>On-time completion rate in percent of the finished ones (half away from zero, like every shown rate); null when none finished.</summary>
    public double? OnTimeRate => new Ratio(OnTime, Finished).Percent;
}

public sealed record ServiceReport(DateOnly From, DateOnly To, ServiceFigure Total, IReadOnlyList<ServiceFigure> ByItem, IReadOnlyList<ServiceFigure> ByDepartment,
    IReadOnlyList<ServiceFigure> ByLevel, IReadOnlyList<int> Ratings, IReadOnlyList<ApplicationRow> Overdue, int OverdueCount)
{
    /// <summary>满意率: ratings 满意 and 非常满意 (levels 4–5) of all ratings, in percent; null when nobody rated.</summary>
    public double? SatisfactionRate => Satisfaction(Ratings).Percent;

    /// <summary>Satisfied (levels 4 and 5) of all rated (levels 1–5 counted in <paramref name="ratings"/>).</summary>
    public static Ratio Satisfaction(IReadOnlyList<int> ratings) => new(ratings.Skip(3).Sum(), ratings.Sum());
}

/// <summary>
/// 政务服务统计 from the applications table, for the viewer's area only (the same rule as seeing an application):
/// received in the period, finished (办结/不予受理), on-time rate, average working days (pauses excluded), the 好差评
/// distribution and what is overdue now.
/// </summary>
public sealed class ServiceStatistics(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The statistics of a whole region (district, street or community), as the appraisal reads them; <paramref name="to"/> inclusive.</summary>
    public Task<ServiceReport> ReportForAreaAsync(string scopePath, DateOnly from, DateOnly to, CancellationToken ct = default) =>
        ReportAsync(new WorkflowActor(null, "考核", new HashSet<string> { Roles.Leader }, new DataScope(scopePath)), from, to, ct);

    public async Task<ServiceReport> ReportAsync(WorkflowActor actor, DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var (start, end) = (ChinaTime.StartOf(from), ChinaTime.StartOf(to.AddDays(1)));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var scoped = ApplicationVisibility.Area(db, actor);
        var rows = await scoped.AsNoTracking().Where(a => a.SubmittedAt >= start && a.SubmittedAt < end)
            .Select(a => new StatRow(a.Id, a.ServiceCode, a.ServiceName, a.ServiceItem!.Level, a.ApprovingUnitCodes, a.Outcome, a.OnTime, a.WorkingDaysUsed, a.CompletedAt))
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var ratings = await db.ServiceRatings.AsNoTracking().Where(r => ids.Contains(r.ApplicationId)).GroupBy(r => r.Level)
            .Select(g => new { Level = g.Key, Count = g.Count() }).ToListAsync(ct);
        var codes = rows.SelectMany(r => (r.ApprovingUnitCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var names = await db.UnitNamesAsync(codes, ct);
        var overdueCount = await Overdue(db, actor).CountAsync(ct);
        var overdue = await Overdue(db, actor).Take(50).ToListAsync(ct);

        static ServiceFigure Figure(string key, string name, IEnumerable<StatRow> group)
        {
            var list = group.ToList();
            var finished = list.Where(r => r.CompletedAt != null).ToList();
            var days = finished.Where(r => r.WorkingDaysUsed != null).Select(r => r.WorkingDaysUsed!.Value).ToList();
            return new ServiceFigure(key, name, list.Count, finished.Count, list.Count(r => r.Outcome == ApplicationOutcome.Approved),
                finished.Count(r => r.OnTime == true), days.Count == 0 ? null : Math.Round(days.Average(), 2));
        }

        var byDepartment = rows.SelectMany(r => (r.ApprovingUnitCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(code => (Code: code, Row: r)))
            .GroupBy(x => x.Code).Select(g => Figure(g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Select(x => x.Row))).OrderByDescending(f => f.Received).ToList();
        return new ServiceReport(from, to, Figure("", "", rows),
            rows.GroupBy(r => r.ServiceCode).Select(g => Figure(g.Key, g.First().ServiceName, g)).OrderByDescending(f => f.Received).ToList(),
            byDepartment,
            rows.GroupBy(r => r.Level).OrderBy(g => g.Key).Select(g => Figure(g.Key.ToString(), g.Key.ToString(), g)).ToList(),
            Enumerable.Range(1, 5).Select(level => ratings.FirstOrDefault(r => r.Level == level)?.Count ?? 0).ToList(),
            overdue, overdueCount);
    }

    /// <summary>
    /// Every application of the viewer's area overdue now, the longest overdue first: the page lists the first 50, its
    /// export all of them, read as the file is written (docs/decisions/0051-every-list-export-streams.md).
    /// </summary>
    public async IAsyncEnumerable<ApplicationRow> AllOverdueAsync(WorkflowActor actor, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in Overdue(db, actor).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    private IQueryable<ApplicationRow> Overdue(PanlongDbContext db, WorkflowActor actor)
    {
        var now = clock.GetUtcNow();
        return ApplicationVisibility.Area(db, actor).AsNoTracking().Where(a => a.Outcome == ApplicationOutcome.InProgress && a.PausedAt == null && a.DueAt < now)
            .OrderBy(a => a.DueAt).ThenBy(a => a.Id)
            .Select(a => new ApplicationRow(a.Id, a.Number, a.ServiceCode, a.ServiceName, a.ApplicantName, a.State, a.StateName, a.Outcome, a.Channel, a.CreatedAt,
                a.SubmittedAt, a.DueAt, a.PausedAt, a.CompletedAt, a.OnTime));
    }

    private sealed record StatRow(long Id, string ServiceCode, string ServiceName, ServiceLevel Level, string? ApprovingUnitCodes, ApplicationOutcome Outcome,
        bool? OnTime, double? WorkingDaysUsed, DateTimeOffset? CompletedAt);
}
