using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Operations;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Tests.Features.Operations;

/// <summary>
/// A periodic job's last run is stored, one row per job, by whichever node ran it, and the operations page on another node
/// reads it (docs/decisions/0102-job-runs-in-the-database.md): two runners on one database, on each provider.
/// </summary>
public class JobRunsTests
{
    private sealed class LeaseJob : PeriodicJob
    {
        public string? Failure;

        public override string Name => "ops-lease-job";
        public override TimeSpan Interval => TimeSpan.FromMinutes(1);
        public override bool OnOneNode => true;

        public override Task RunAsync(CancellationToken ct) =>
            Failure is { } message ? throw new InvalidOperationException(message) : Task.CompletedTask;
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Overview_LeaseJobRunByNodeA_ReadThroughNodeB_ShowsAsRunAndItsFailureInPlace(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        var job = new LeaseJob();
        var a = new PeriodicJobs([job], database.Factory, clock, NullLogger<PeriodicJobs>.Instance);
        var b = new PeriodicJobs([job], database.Factory, clock, NullLogger<PeriodicJobs>.Instance);
        var throughB = QueriesOn(database, b, clock);

        Assert.Null((await throughB.OverviewAsync()).Workers.Single().LastRun);
        Assert.Equal((true, false), (await a.TickAsync(job), await b.TickAsync(job)));

        var ran = (await throughB.OverviewAsync()).Workers.Single();
        Assert.NotEqual(a.Node, b.Node);
        Assert.Equal((a.Node, clock.Now, JobRunOutcome.Ran, (string?)null), (ran.LastRun!.Node, ran.LastRun.At, ran.LastRun.Outcome, ran.LastRun.Error));
        Assert.Equal(a.Node, ran.LeaseHolder);

        // A minute on, A's run fails: the same row now says so, with the first line of the message only.
        clock.Now += TimeSpan.FromMinutes(1);
        job.Failure = "the upstream answered 503\n   at Somewhere.Deep()";
        Assert.False(await a.TickAsync(job));
        Assert.False(await b.TickAsync(job)); // B still does not run it: A holds the lease

        var failed = (await throughB.OverviewAsync()).Workers.Single().LastRun!;
        Assert.Equal((a.Node, clock.Now, JobRunOutcome.Failed, "InvalidOperationException: the upstream answered 503"),
            (failed.Node, failed.At, failed.Outcome, failed.Error));
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.JobRuns.CountAsync(r => r.Name == job.Name));

        // A restarted node (nothing in memory) reads the same; once A's lease lapses B runs it, and its success clears the error.
        clock.Now += PeriodicJobs.LeaseFor(job) + TimeSpan.FromSeconds(1);
        job.Failure = null;
        Assert.True(await b.TickAsync(job));
        var restarted = new PeriodicJobs([job], database.Factory, clock, NullLogger<PeriodicJobs>.Instance);
        var byB = (await QueriesOn(database, restarted, clock).OverviewAsync()).Workers.Single();
        Assert.Equal((b.Node, clock.Now, JobRunOutcome.Ran, (string?)null), (byB.LastRun!.Node, byB.LastRun.At, byB.LastRun.Outcome, byB.LastRun.Error));
    }

    /// <summary>
    /// The page named a lease's holder long after the lease lapsed (a report rendered hours ago, the timers' lease of the
    /// process before a restart) and listed each scheduled report's hundred-year mark as a held lease: an operator read them
    /// as another node at work. Only leases held now are shown.
    /// </summary>
    [Fact]
    public async Task Overview_LapsedLeasesAndScheduledReportMarks_AreNotShownAsHeld()
    {
        await using var database = await TestDatabase.For(DatabaseProvider.Sqlite).MigratedAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 2, 2, 0, 0, TimeSpan.Zero));
        var job = new LeaseJob();
        var node = new PeriodicJobs([job], database.Factory, clock, NullLogger<PeriodicJobs>.Instance);
        Assert.True(await node.TickAsync(job));
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.TimerLeases.AddRange(
                new TimerLease { Name = TimerRunner.LeaseName, Holder = "other/1/aaaa", ExpiresAt = clock.Now + TimeSpan.FromSeconds(30) },
                new TimerLease { Name = "appraisal-report:7", Holder = "gone/2/bbbb", ExpiresAt = clock.Now - TimeSpan.FromHours(3) },
                new TimerLease { Name = Panlong.Portal.Features.Appraisal.AppraisalReports.ScheduleClaimPrefix + "2026-11:530103", Holder = "gone/2/bbbb", ExpiresAt = clock.Now.AddYears(100) });
            await db.SaveChangesAsync();
        }

        var now = await QueriesOn(database, node, clock).OverviewAsync();
        Assert.Equal(node.Node, now.Workers.Single().LeaseHolder);
        Assert.Equal([TimerRunner.LeaseName], now.OtherLeases.Select(l => l.Name));

        clock.Now += PeriodicJobs.LeaseFor(job) + TimeSpan.FromSeconds(1);
        var later = await QueriesOn(database, node, clock).OverviewAsync();
        Assert.Null(later.Workers.Single().LeaseHolder);
        Assert.Empty(later.OtherLeases);
    }

    /// <summary>One process is one node: its timers, periodic jobs and reports hold leases under one name, the page's "this node".</summary>
    [Fact]
    public async Task NodeName_OneHost_TimersAndPeriodicJobsShareIt_TwoHostsDiffer()
    {
        static TestDatabase Host() => TestDatabase.Sqlite(services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
            services.AddPeriodicJob<LeaseJob>();
        });
        await using var one = Host();
        await using var two = Host();
        var name = one.Services.GetRequiredService<NodeName>().Value;
        Assert.Equal(name, one.Services.GetRequiredService<PeriodicJobs>().Node);
        Assert.Equal(name, one.Services.GetRequiredService<TimerRunner>().Node);
        Assert.NotEqual(name, two.Services.GetRequiredService<NodeName>().Value);
    }

    private static OperationsQueries QueriesOn(TestDatabase database, PeriodicJobs node, TimeProvider clock) =>
        new(database.Factory, new ServiceCollection().AddSingleton(node).BuildServiceProvider(), clock,
            new ConfigurationBuilder().Build(), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() });
}
