using Panlong.Portal.Features.Shell;
using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.Operations;

namespace Panlong.Portal.Features.Operations;

/// <summary>
/// The retention (Panlong.Workflows/Operations/Retention.cs) every <c>Retention:IntervalHours</c> (24) on the node holding
/// the lease <c>job:retention</c>, then the orphan sweep so the photo files it let go are removed at once rather than at
/// the sweep's own next tick (docs/decisions/0085-backup-restore-retention.md).
/// </summary>
public sealed class RetentionJob(Retention retention, RetentionSettings settings, OrphanSweep orphans) : PeriodicJob
{
    public override string Name => "retention";

    public override TimeSpan Interval => settings.Interval;

    public override bool OnOneNode => true;

    public override async Task RunAsync(CancellationToken ct)
    {
        await retention.RunAsync(ct);
        await orphans.SweepAsync(ct);
    }
}

public static class OperationsSetup
{
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddPeriodicJob<RetentionJob>();
}
