using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Panlong.Workflows.Engine.Timers;

/// <summary>Runs <see cref="TimerRunner"/> every <c>Workflows:TimerPollSeconds</c> (15 by default) on every node; the lease picks one.</summary>
public sealed class TimerService(TimerRunner runner, IConfiguration configuration, TimeProvider clock, ILogger<TimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(configuration.GetValue("Workflows:TimerPollSeconds", 15));
        using var timer = new PeriodicTimer(period, clock);
        try
        {
            await RunAsync(timer, period, stoppingToken);
        }
        finally
        {
            await ReleaseAsync();
        }
    }

    private async Task RunAsync(PeriodicTimer timer, TimeSpan period, CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                var fired = await runner.RunDueAsync(ct: stoppingToken);
                if (fired > 0)
                {
                    logger.LogInformation("Fired {Count} workflow timers as {Node}", fired, runner.Node);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database hiccup must not stop the timers for good; the next tick tries again.
                logger.LogError(ex, "Workflow timers failed; retrying in {Period}", period);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReleaseAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await runner.ReleaseLeaseAsync(quick.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease then simply expires (TimerRunner.LeaseDuration) and another node takes over.
            logger.LogWarning(ex, "Could not give up the timer lease on stopping");
        }
    }
}
