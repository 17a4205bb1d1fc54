using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Workflows.Tests.Engine.Timers;

/// <summary>The one runner of periodic jobs (docs/decisions/0076-periodic-jobs.md): interval, lease, clock and failures.</summary>
public class PeriodicJobsTests
{
    private sealed class CountingJob(TimeSpan interval, bool oneNode = false, bool atStart = false, bool atStop = false, int failFirst = 0) : PeriodicJob
    {
        private int _failures = failFirst;
        public int Runs;
        public int Attempts;

        public override string Name => "counting";
        public override TimeSpan Interval => interval;
        public override bool OnOneNode => oneNode;
        public override bool AtStart => atStart;
        public override bool AtStop => atStop;

        public override Task RunAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref Attempts);
            if (Interlocked.Decrement(ref _failures) >= 0)
            {
                throw new InvalidOperationException("the database is away");
            }
            Interlocked.Increment(ref Runs);
            return Task.CompletedTask;
        }
    }

    private static PeriodicJobs Node(TestEngine engine, params PeriodicJob[] jobs) =>
        new(jobs, engine.Database.Factory, engine.Clock, NullLogger<PeriodicJobs>.Instance);

    [Fact]
    public async Task Tick_JobOnOneNode_RunsOnTheLeaseHolderOnlyUntilTheLeaseLapses()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.FromSeconds(30), oneNode: true);
        var (a, b) = (Node(engine, job), Node(engine, job));

        var first = (await a.TickAsync(job), await b.TickAsync(job), await a.TickAsync(job));
        engine.Clock.Advance(PeriodicJobs.LeaseFor(job) + TimeSpan.FromSeconds(1)); // A died: its lease runs out
        var afterA = await b.TickAsync(job);

        Assert.Equal((true, false, true), first);
        Assert.True(afterA);
        Assert.Equal(3, job.Runs);
    }

    [Fact]
    public async Task Tick_JobOnEveryNode_RunsOnBoth()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.FromSeconds(30));

        Assert.True(await Node(engine, job).TickAsync(job));
        Assert.True(await Node(engine, job).TickAsync(job));
        Assert.Equal(2, job.Runs);
    }

    [Fact]
    public async Task Loop_FailingRunAndFakeClock_RunsAtEachIntervalAndGoesOnAfterTheFailure()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.FromMinutes(5), atStart: true, failFirst: 1);
        var node = Node(engine, job);
        await node.StartAsync(CancellationToken.None);

        // At start: the first run fails (logged), and nothing more happens until the clock moves an interval.
        await Eventually(() => job.Attempts == 1);
        Assert.Equal(0, job.Runs);
        for (var i = 1; i <= 3; i++)
        {
            var runs = job.Runs;
            engine.Clock.Advance(TimeSpan.FromMinutes(5));
            await Eventually(() => job.Runs == runs + 1);
        }
        await node.StopAsync(CancellationToken.None);

        Assert.Equal(3, job.Runs);
    }

    [Fact]
    public async Task Stop_JobAtStopOnOneNode_RunsOnceMoreAndGivesTheLeaseUp()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.FromHours(1), oneNode: true, atStop: true);
        var (a, b) = (Node(engine, job), Node(engine, job));
        await a.StartAsync(CancellationToken.None);
        Assert.True(await a.TickAsync(job));
        Assert.False(await b.TickAsync(job));

        await a.StopAsync(CancellationToken.None);

        Assert.Equal(2, job.Runs);
        Assert.True(await b.TickAsync(job)); // at once, not a lease later
    }

    [Fact]
    public async Task Loop_IntervalOfZero_NeverRuns()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.Zero, atStart: true);
        var node = Node(engine, job);
        await node.StartAsync(CancellationToken.None);
        engine.Clock.Advance(TimeSpan.FromDays(1));
        await node.StopAsync(CancellationToken.None);

        Assert.Equal(0, job.Runs);
    }

    [Fact]
    public async Task Tick_LastRunCannotBeStored_StillRunsAndSaysSo()
    {
        await using var engine = await TestEngine.StartAsync();
        var job = new CountingJob(TimeSpan.FromMinutes(1), oneNode: true);
        var node = Node(engine, job);
        Assert.True(await node.TickAsync(job));
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            Assert.Equal(node.Node, (await db.JobRuns.SingleAsync(r => r.Name == job.Name)).Node);
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"JobRuns\""); // the write now fails on every run
        }

        Assert.True(await node.TickAsync(job));
        Assert.Equal(2, job.Runs);
    }

    [Fact]
    public void FirstLine_LongMultiLineMessage_KeepsTheTypeAndTheFirstLineWithinTheColumn()
    {
        var line = PeriodicJobs.FirstLine(new InvalidOperationException(new string('x', 500) + "\r\nstack"));

        Assert.Equal(Panlong.Data.Workflows.JobRun.ErrorLength, line.Length);
        Assert.StartsWith("InvalidOperationException: xxx", line, StringComparison.Ordinal);
        Assert.EndsWith("x…", line, StringComparison.Ordinal);
        Assert.Equal("TimeoutException: slow", PeriodicJobs.FirstLine(new TimeoutException("slow\r\nmore")));
    }

    /// <summary>Waits for the runner's own task (the fake clock fires its timers on another thread), up to a generous limit on a loaded machine.</summary>
    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the periodic job did not run in time");
            await Task.Delay(20);
        }
    }
}
