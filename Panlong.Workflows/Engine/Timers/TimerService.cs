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
}
