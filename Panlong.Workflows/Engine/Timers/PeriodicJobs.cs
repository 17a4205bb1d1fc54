using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Timers;

/// <summary>
/// A small piece of work run every <see cref="Interval"/> by <see cref="PeriodicJobs"/> (docs/decisions/0076-periodic-jobs.md).
/// The job says what it does and how often; the runner owns the timer, the lease across nodes, the clock and the logging.
/// </summary>
public abstract class PeriodicJob
{
    /// <summary>For the log, and the lease's name (<c>job:{Name}</c>) when <see cref="OnOneNode"/>.</summary>
    public abstract string Name { get; }

    /// <summary>How often it runs; zero or less turns it off.</summary>
    public abstract TimeSpan Interval { get; }

    /// <summary>Only the node holding the job's lease runs it; false for work every node does (its own files, its own counts) or that is idempotent.</summary>
    public virtual bool OnOneNode => false;

    /// <summary>Also run once as the node starts (before the first interval has passed).</summary>
    public virtual bool AtStart => false;

    /// <summary>Also run once as the node stops (what it holds in memory would otherwise be lost).</summary>
    public virtual bool AtStop => false;

    public abstract Task RunAsync(CancellationToken ct);
}

/// <summary>
/// The one hosted loop of the <see cref="PeriodicJob"/>s: a timer per job on the app's clock, the job's lease taken before
/// each run when it must run on one node, a failed run logged and tried again at the next tick (a database hiccup must not
/// stop a job for good), leases given up on stopping so another node takes over at once.
/// </summary>
public sealed class PeriodicJobs(IEnumerable<PeriodicJob> jobs, IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock, ILogger<PeriodicJobs> log,
    NodeName? node = null)
    : BackgroundService
{
    /// <summary>The shortest a lease is held: a node that dies mid-run leaves the job to another after this.</summary>
    public static readonly TimeSpan MinimumLease = TimeSpan.FromMinutes(2);

    /// <summary>This node's name in the leases it holds and the runs it records: the host's, or its own outside a host.</summary>
    public string Node { get; } = (node ?? new NodeName()).Value;

    public IReadOnlyList<PeriodicJob> Jobs { get; } = [.. jobs];

    public static string LeaseOf(PeriodicJob job) => $"job:{job.Name}";

    /// <summary>Held for two intervals (at least <see cref="MinimumLease"/>), renewed by each run of the holder.</summary>
    public static TimeSpan LeaseFor(PeriodicJob job) => job.Interval * 2 > MinimumLease ? job.Interval * 2 : MinimumLease;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Jobs.Where(j => j.Interval > TimeSpan.Zero).Select(j => LoopAsync(j, stoppingToken)));

    private async Task LoopAsync(PeriodicJob job, CancellationToken ct)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(job.Interval, clock);
        try
        {
            if (job.AtStart)
            {
                await TickAsync(job, ct);
            }
            while (await timer.WaitForNextTickAsync(ct))
            {
                await TickAsync(job, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// One run of the job, as a tick of its timer does it: true when it ran, false when another node holds it or it failed
    /// (logged). A run, ended or failed, is stored as the job's <see cref="JobRun"/> for the operations page on every node.
    /// </summary>
    public async Task<bool> TickAsync(PeriodicJob job, CancellationToken ct = default)
    {
        var started = clock.GetTimestamp();
        try
        {
            if (job.OnOneNode && !await Leases.TryTakeAsync(dbFactory, LeaseOf(job), Node, clock.GetUtcNow(), LeaseFor(job), ct))
            {
                return false;
            }
            started = clock.GetTimestamp();
            await job.RunAsync(ct);
            await RecordAsync(job, JobRunOutcome.Ran, clock.GetElapsedTime(started), null, ct);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(e, "The periodic job {Job} failed; it runs again in {Interval}", job.Name, job.Interval);
            await RecordAsync(job, JobRunOutcome.Failed, clock.GetElapsedTime(started), FirstLine(e), ct);
            return false;
        }
    }

    /// <summary>
    /// Overwrites the job's one row in a single UPDATE (an INSERT only for the job's first run ever); a write that fails is
    /// logged and never fails the run — the page then shows the run before (docs/decisions/0102-job-runs-in-the-database.md).
    /// </summary>
    private async Task RecordAsync(PeriodicJob job, JobRunOutcome outcome, TimeSpan took, string? error, CancellationToken ct)
    {
        try
        {
            var at = clock.GetUtcNow();
            var milliseconds = (long)took.TotalMilliseconds;
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var updated = await db.JobRuns.Where(r => r.Name == job.Name).ExecuteUpdateAsync(set => set
                .SetProperty(r => r.At, at).SetProperty(r => r.Node, Node).SetProperty(r => r.Outcome, outcome)
                .SetProperty(r => r.DurationMilliseconds, milliseconds).SetProperty(r => r.Error, error), ct);
            if (updated == 0)
            {
                db.JobRuns.Add(new JobRun { Name = job.Name, At = at, Node = Node, Outcome = outcome, DurationMilliseconds = milliseconds, Error = error });
                await db.SaveChangesAsync(ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Another node's first run inserted the row at the same moment, or the database is away.
            log.LogWarning(e, "The last run of the periodic job {Job} could not be stored", job.Name);
        }
    }

    /// <summary>"InvalidOperationException: the database is away" — the message's first line, cut to what the row holds.</summary>
    internal static string FirstLine(Exception e)
    {
        var message = e.Message.Split('\n', 2)[0].TrimEnd('\r');
        var line = $"{e.GetType().Name}: {message}";
        return line.Length <= JobRun.ErrorLength ? line : line[..(JobRun.ErrorLength - 1)] + "…";
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        foreach (var job in Jobs)
        {
            try
            {
                if (job.AtStop)
                {
                    await job.RunAsync(cancellationToken);
                }
                if (job.OnOneNode)
                {
                    await Leases.ReleaseAsync(dbFactory, LeaseOf(job), Node, clock.GetUtcNow(), cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database already gone at shutdown must not turn a clean stop into a crash; an unreleased lease simply expires.
                log.LogWarning(e, "The periodic job {Job} could not finish on stopping", job.Name);
            }
        }
    }
}

public static class PeriodicJobRegistration
{
    /// <summary>Registers the job (a singleton, also reachable as itself) and, once, the runner that hosts every job.</summary>
    public static IServiceCollection AddPeriodicJob<TJob>(this IServiceCollection services) where TJob : PeriodicJob
    {
        if (services.Any(d => d.ServiceType == typeof(TJob)))
        {
            return services;
        }
        services.AddSingleton<TJob>();
        services.AddSingleton<PeriodicJob>(sp => sp.GetRequiredService<TJob>());
        if (!services.Any(d => d.ServiceType == typeof(PeriodicJobs)))
        {
            services.TryAddSingleton<NodeName>();
            services.AddSingleton<PeriodicJobs>();
            services.AddHostedService(sp => sp.GetRequiredService<PeriodicJobs>());
        }
        return services;
    }
}
