using Npgsql;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Live updates across nodes through PostgreSQL LISTEN/NOTIFY (docs/decisions/0045-live-updates-across-nodes.md). The
/// notices are sent by <see cref="LiveNoticeInterceptor"/> inside the transaction of the change itself, so a rolled-back
/// change tells no one and a committed one tells every node — this one included, exactly once, through its own LISTEN.
/// A dedicated connection listens; after a drop it reconnects with back-off and has every page read again.
/// </summary>
public sealed class PostgresLiveBus(DatabaseSettings settings, LiveUpdates live, ILogger<PostgresLiveBus> log) : BackgroundService, ILiveBus
{
    public const string Channel = "panlong_live";
    public const string ApplicationName = "panlong-live";

    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    private TaskCompletionSource<int> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Sent by the change's own transaction already; nothing is left to do after the commit.</summary>
    public void Committed(LiveNotice notice)
    {
    }

    /// <summary>The server process id of the listening connection once it listens (operations and tests).</summary>
    public Task<int> ListeningAsync() => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its own connection outside the pool: LISTEN belongs to the session, and a pooled session would be handed to others.
        // Keepalive makes a silently dead network show as an error instead of a wait that never ends.
        var connectionString = new NpgsqlConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false, Multiplexing = false, KeepAlive = 15, ApplicationName = ApplicationName,
        }.ConnectionString;
        var retry = FirstRetry;
        var dropped = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) =>
                {
                    if (LiveNotice.Parse(e.Payload) is { } notice)
                    {
                        live.Raise(notice);
                    }
                };
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                retry = FirstRetry;
                if (dropped)
                {
                    log.LogInformation("Live updates listen again; open pages read afresh");
                    live.RaiseMissed();
                }
                _listening.TrySetResult(connection.ProcessID);
                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                log.LogWarning(e, "The live-update connection dropped; listening again in {Delay}", retry);
                dropped = true;
                if (_listening.Task.IsCompleted)
                {
                    _listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
