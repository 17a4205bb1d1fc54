using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Notifications;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Tests.Features.Cases;

namespace Panlong.Portal.Tests.Features.Notifications;

/// <summary>
/// Two hosts on one PostgreSQL, their background services running at once: every due timer fires, every outbox message
/// is delivered and every period-end report is made exactly once — and when one host stops mid-way the other finishes
/// (docs/decisions/0045-live-updates-across-nodes.md). The tests that keep both nodes running share one pair (each looks
/// only at its own timers, messages or the reports, which the others do not make); a test that stops a node has its own.
/// </summary>
public sealed class ExactlyOnceAcrossNodesTests(PostgresNodes shared) : IClassFixture<PostgresNodes>
{

    [Fact]
    public async Task DueTimers_TwoNodesRunning_EachFiresOnce()
    {
        var nodes = shared;
        var instances = await DueTimersAsync(nodes, 12);

        await UntilAsync(nodes, db => db.ProcessTimers.AllAsync(t => !instances.Contains(t.InstanceId) || t.Kind == TimerKind.Escalation || t.FiredAt != null));

        await AssertFiredOnceAsync(nodes, instances);
    }

    [Fact]
    public async Task DueTimers_NodeStoppedMidway_TheOtherFiresTheRestOnce()
    {
        await using var nodes = await PostgresNodes.StartAsync();
        var instances = await DueTimersAsync(nodes, 30);
        await UntilAsync(nodes, db => db.ProcessTimers.AnyAsync(t => t.FiredAt != null));

        var nodeA = NodeOf(nodes.A);
        var nodeB = NodeOf(nodes.B);
        await nodes.A.DisposeAsync();
        // B keeps firing meanwhile, so only the timers A itself fired are A's share — counted once A has stopped.
        int firedByA;
        await using (var db = await nodes.Db.CreateDbContextAsync())
        {
            firedByA = await db.ProcessTimers.CountAsync(t => instances.Contains(t.InstanceId) && t.FiredAt != null && t.FiredBy == nodeA);
        }
        await UntilAsync(nodes, db => db.ProcessTimers.AllAsync(t => !instances.Contains(t.InstanceId) || t.Kind == TimerKind.Escalation || t.FiredAt != null));

        await AssertFiredOnceAsync(nodes, instances);
        await using var check = await nodes.Db.CreateDbContextAsync();
        var due = await check.ProcessTimers.CountAsync(t => instances.Contains(t.InstanceId) && t.Kind != TimerKind.Escalation);
        // A stopped means A fired nothing more; B fired every other one.
        Assert.Equal(firedByA, await check.ProcessTimers.CountAsync(t => instances.Contains(t.InstanceId) && t.FiredAt != null && t.FiredBy == nodeA));
        Assert.Equal(due - firedByA, await check.ProcessTimers.CountAsync(t => instances.Contains(t.InstanceId) && t.FiredAt != null && t.FiredBy == nodeB));
    }

    [Fact]
    public async Task Outbox_TwoNodesDelivering_EachMessageRingsOnce()
    {
        var nodes = shared;
        var ids = await MessagesAsync(nodes, 300);

        // Besides their own polling, both nodes are asked to deliver at the same moment, several times over.
        await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => new[] { nodes.A, nodes.B })
            .Select(node => Task.Run(() => node.Services.GetRequiredService<OutboxDispatcher>().DeliverPendingAsync())));
        await UntilAsync(nodes, db => db.OutboxMessages.AllAsync(m => !ids.Contains(m.Id) || m.DeliveredAt != null));

        await AssertDeliveredOnceAsync(nodes, ids);
    }

    [Fact]
    public async Task Outbox_NodeStoppedMidway_TheOtherDeliversTheRestOnce()
    {
        await using var nodes = await PostgresNodes.StartAsync();
        var ids = await MessagesAsync(nodes, 600);
        nodes.A.Services.GetRequiredService<OutboxDispatcher>().Kick();
        await UntilAsync(nodes, db => db.OutboxMessages.AnyAsync(m => ids.Contains(m.Id) && m.DeliveredAt != null));

        await nodes.A.DisposeAsync();
        await UntilAsync(nodes, db => db.OutboxMessages.AllAsync(m => !ids.Contains(m.Id) || m.DeliveredAt != null));

        await AssertDeliveredOnceAsync(nodes, ids);
    }

    [Fact]
    public async Task PeriodEndReports_TwoNodesScheduling_EachMadeOnce()
    {
        var nodes = shared;

        // Both nodes scheduled at start; now both again, at the same moment, several times over.
        await Task.WhenAll(Enumerable.Range(0, 4).SelectMany(_ => new[] { nodes.A, nodes.B })
            .Select(node => Task.Run(() => node.Services.GetRequiredService<AppraisalReports>().ScheduleDueAsync())));
        await UntilAsync(nodes, db => db.AppraisalReports.AllAsync(r => r.Status != AppraisalReportStatus.Queued && r.Status != AppraisalReportStatus.Rendering));

        await using var db = await nodes.Db.CreateDbContextAsync();
        var periods = await db.AppraisalReports.Where(r => r.Scheduled).GroupBy(r => r.Period).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.NotEmpty(periods);
        Assert.All(periods, p => Assert.Equal(1, p.Count));
        Assert.All(await db.AppraisalReports.Select(r => r.Status).ToListAsync(), s => Assert.Equal(AppraisalReportStatus.Ready, s));

        // The race itself: a node whose "already made?" check cannot yet see the other's report is stopped by the claim row.
        await db.AppraisalReports.Where(r => r.Scheduled).ExecuteDeleteAsync();
        Assert.Equal(0, await nodes.B.Services.GetRequiredService<AppraisalReports>().ScheduleDueAsync());
    }

    [Fact]
    public async Task Report_NodeStoppedWhileRendering_TheOtherFinishesIt()
    {
        await using var nodes = await PostgresNodes.StartAsync();
        await UntilAsync(nodes, db => db.AppraisalReports.AllAsync(r => r.Status == AppraisalReportStatus.Ready));
        long id;
        await using (var db = await nodes.Db.CreateDbContextAsync())
        {
            // A's render was cut off: the report is left rendering, its lease given up as a stopping node does.
            id = await db.AppraisalReports.Where(r => r.Scheduled).Select(r => r.Id).FirstAsync();
            await db.AppraisalReports.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, AppraisalReportStatus.Rendering)
                .SetProperty(r => r.Pdf, (byte[]?)null).SetProperty(r => r.FinishedAt, (DateTimeOffset?)null));
        }
        await nodes.A.DisposeAsync();

        await UntilAsync(nodes, db => db.AppraisalReports.AnyAsync(r => r.Id == id && r.Status == AppraisalReportStatus.Ready && r.Pdf != null));
    }

    private static string NodeOf(PostgresNode node) => node.Services.GetRequiredService<Panlong.Workflows.Engine.Timers.TimerRunner>().Node;

    /// <summary>Reports cases and makes their warning and overdue timers due now (escalations stay in the future).</summary>
    private static async Task<List<Guid>> DueTimersAsync(PostgresNodes nodes, int cases)
    {
        var numbers = new List<string>();
        for (var i = 0; i < cases; i++)
        {
            numbers.Add(await ResidentReports.ReportAsync(nodes.A.Services, "530103001001", $"两个节点的计时器 {i}"));
        }
        await using var db = await nodes.Db.CreateDbContextAsync();
        var instances = await db.Cases.Where(c => numbers.Contains(c.Number)).Select(c => c.InstanceId).ToListAsync();
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        await db.ProcessTimers.Where(t => instances.Contains(t.InstanceId) && t.FiredAt == null && t.Kind != TimerKind.Escalation)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, past));
        return instances;
    }

    private static async Task AssertFiredOnceAsync(PostgresNodes nodes, List<Guid> instances)
    {
        await using var db = await nodes.Db.CreateDbContextAsync();
        var timers = await db.ProcessTimers.Where(t => instances.Contains(t.InstanceId) && t.Kind != TimerKind.Escalation).ToListAsync();
        var steps = await db.ProcessSteps.Where(s => instances.Contains(s.InstanceId) && (s.Kind == StepKind.Warning || s.Kind == StepKind.Overdue)).ToListAsync();
        Assert.NotEmpty(timers);
        Assert.All(timers, t => Assert.NotNull(t.FiredAt));
        // One history line per fired timer: none lost, none doubled.
        Assert.Equal(timers.Count(t => t.Kind == TimerKind.Warning), steps.Count(s => s.Kind == StepKind.Warning));
        Assert.Equal(timers.Count(t => t.Kind == TimerKind.Overdue), steps.Count(s => s.Kind == StepKind.Overdue));
    }

    private static async Task<List<long>> MessagesAsync(PostgresNodes nodes, int count)
    {
        await using var db = await nodes.Db.CreateDbContextAsync();
        var leader = await db.Users.Where(u => u.UserName == "leader").Select(u => u.Id).SingleAsync();
        var messages = Enumerable.Range(0, count).Select(i => new OutboxMessage
        {
            Topic = "test.two-nodes", Recipient = $"user:{leader}", Title = $"消息 {i}", CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.OutboxMessages.AddRange(messages);
        await db.SaveChangesAsync();
        return messages.Select(m => m.Id).ToList();
    }

    private static async Task AssertDeliveredOnceAsync(PostgresNodes nodes, List<long> ids)
    {
        await using var db = await nodes.Db.CreateDbContextAsync();
        var bells = await db.Notifications.Where(n => n.OutboxMessageId != null && ids.Contains(n.OutboxMessageId.Value))
            .GroupBy(n => n.OutboxMessageId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(ids.Count, bells.Count);
        Assert.All(bells, c => Assert.Equal(1, c));
    }

    private static Task<bool> UntilAsync(PostgresNodes nodes, Func<PanlongDbContext, Task<bool>> done) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = await nodes.Db.CreateDbContextAsync();
            return await done(db);
        }, met => met, "The nodes' work", every: 200);
}
