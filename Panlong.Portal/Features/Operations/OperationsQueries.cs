using System.Diagnostics;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Operations;

/// <param name="LastRun">The job's last run on whichever node ran it (stored, docs/decisions/0102-job-runs-in-the-database.md); null before the first.</param>
public sealed record WorkerRow(string Name, TimeSpan Interval, bool OnOneNode, JobRun? LastRun, string? LeaseHolder, DateTimeOffset? LeaseExpires);

public sealed record LeaseRow(string Name, string Holder, DateTimeOffset ExpiresAt);

public sealed record OperationsOverview(string Version, TimeSpan Uptime, string Node, string Provider, long? DatabaseBytes,
    int MigrationsApplied, string? LastMigration, int MigrationsPending, IReadOnlyList<WorkerRow> Workers, IReadOnlyList<LeaseRow> OtherLeases,
    Panlong.Data.Backup.BackupRecord? LastBackup);

/// <summary>What the operations page shows beside the signals (issue 22 part 5): the running build, its database and its workers.</summary>
public sealed class OperationsQueries(IDbContextFactory<PanlongDbContext> dbFactory, IServiceProvider services, TimeProvider clock,
    IConfiguration configuration, IHostEnvironment environment)
{
    public async Task<OperationsOverview> OverviewAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        // Only leases held now: an expired one names a node that no longer does the work (often this very process before a
        // restart, or a report rendered hours ago), and a scheduled report's mark is no lease at all.
        var now = clock.GetUtcNow();
        var leases = (await db.TimerLeases.AsNoTracking().OrderBy(l => l.Name).Select(l => new LeaseRow(l.Name, l.Holder, l.ExpiresAt)).ToListAsync(ct))
            .Where(l => l.ExpiresAt > now && !l.Name.StartsWith(Appraisal.AppraisalReports.ScheduleClaimPrefix, StringComparison.Ordinal)).ToList();
        var runs = await db.JobRuns.AsNoTracking().ToDictionaryAsync(r => r.Name, ct);
        var jobs = services.GetService<PeriodicJobs>();
        var workers = jobs?.Jobs.Select(j =>
        {
            var lease = j.OnOneNode ? leases.FirstOrDefault(l => l.Name == PeriodicJobs.LeaseOf(j)) : null;
            return new WorkerRow(j.Name, j.Interval, j.OnOneNode, runs.GetValueOrDefault(j.Name), lease?.Holder, lease?.ExpiresAt);
        }).OrderBy(w => w.Name, StringComparer.Ordinal).ToList() ?? [];
        var version = Version(typeof(OperationsQueries).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion);
        return new OperationsOverview(version, clock.GetUtcNow() - new DateTimeOffset(Process.GetCurrentProcess().StartTime.ToUniversalTime()), jobs?.Node ?? Environment.MachineName,
            db.Database.ProviderName ?? "?", await SizeAsync(db, ct), applied.Count, applied.LastOrDefault(), pending, workers,
            // The leases of no periodic job: the timer runner's, and a job's that this node does not run.
            [.. leases.Where(l => jobs is null || !jobs.Jobs.Any(j => PeriodicJobs.LeaseOf(j) == l.Name))],
            await LastBackupAsync(ct));
    }

    /// <summary>The record the backup command leaves in the configured backups folder (docs/operations.md); null before the first.</summary>
    private async Task<Panlong.Data.Backup.BackupRecord?> LastBackupAsync(CancellationToken ct)
    {
        try
        {
            return await Panlong.Data.Backup.BackupRecord.ReadAsync(BackupCommand.Folder(configuration, environment), ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // A record being written or unreadable: the page says there is none rather than failing.
            return null;
        }
    }

    /// <summary>"1.0.0+0a052b44…" (the SDK appends the whole commit) as "1.0.0 · 0a052b4".</summary>
    internal static string Version(string? informational) => informational?.Split('+') switch
    {
        [var number, var commit] => $"{number} · {commit[..Math.Min(7, commit.Length)]}",
        [var number] => number,
        _ => "?",
    };

    /// <summary>The database's size as the server counts it (SQLite: pages in use × page size); null when it cannot be asked.</summary>
    private static async Task<long?> SizeAsync(PanlongDbContext db, CancellationToken ct)
    {
        var sql = db.Database.IsSqlite() ? "SELECT page_count * page_size AS \"Value\" FROM pragma_page_count(), pragma_page_size()"
            : db.Database.IsNpgsql() ? "SELECT pg_database_size(current_database()) AS \"Value\""
            : db.Database.IsSqlServer() ? "SELECT CAST(SUM(CAST(size AS bigint)) * 8192 AS bigint) AS [Value] FROM sys.database_files"
            : null;
        if (sql is null)
        {
            return null;
        }
        try
        {
            return await db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // A user without the right to ask (SQL Server's VIEW DATABASE STATE) still sees the rest of the page.
            return null;
        }
    }
}
