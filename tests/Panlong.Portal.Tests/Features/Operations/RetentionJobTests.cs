using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Portal.Features.Operations;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Tests.Features.Operations;

/// <summary>The portal runs the retention as a periodic job on one node at a time, one audit row per run (docs/decisions/0085-backup-restore-retention.md).</summary>
[Collection(nameof(PortalCollection))]
public class RetentionJobTests(PortalFactory portal)
{
    [Fact]
    public async Task Tick_OnTheNodeHoldingTheLease_RunsAndAuditsOnce_AndASecondNodeDoesNot()
    {
        var runner = portal.Services.GetRequiredService<PeriodicJobs>();
        var job = runner.Jobs.OfType<RetentionJob>().Single();
        var dbFactory = portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
        var other = new PeriodicJobs([job], dbFactory, TimeProvider.System, NullLogger<PeriodicJobs>.Instance);
        await using var db = await dbFactory.CreateDbContextAsync();
        var before = await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionRun);

        var ran = await runner.TickAsync(job);
        var ranElsewhere = await other.TickAsync(job);

        Assert.True(job.OnOneNode);
        Assert.Equal((true, false), (ran, ranElsewhere));
        Assert.Equal(before + 1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionRun));
    }
}
