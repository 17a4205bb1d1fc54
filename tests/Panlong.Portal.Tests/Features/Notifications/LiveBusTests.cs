using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Panlong.Data;
using Panlong.Data.Notifications;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Notifications;

/// <summary>Live updates across two nodes on one PostgreSQL (docs/decisions/0045-live-updates-across-nodes.md).</summary>
public sealed class LiveBusTests(PostgresNodes nodes) : IClassFixture<PostgresNodes>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Notification_SavedOnOneNode_RingsTheBellOnBothNodesOnce_AndARolledBackOneNowhere()
    {
        var (onA, onB) = (Arrivals(nodes.A), Arrivals(nodes.B));
        var (rolledBack, first, last) = ("u-rolled-" + Guid.NewGuid().ToString("N")[..8], "u-" + Guid.NewGuid().ToString("N")[..8], "u-last-" + Guid.NewGuid().ToString("N")[..8]);
        var lastOnA = onA.WaitFor(last);
        var lastOnB = onB.WaitFor(last);

        await using (var db = await Factory(nodes.A).CreateDbContextAsync())
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.Notifications.Add(new Notification { UserId = rolledBack, Title = "t", CreatedAt = DateTimeOffset.UtcNow });
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
        }
        await AddAsync(nodes.A, first);
        await AddAsync(nodes.A, last);

        // One listening connection per node receives in commit order: when the last has arrived, so has everything before it.
        await Task.WhenAll(lastOnA, lastOnB).WaitAsync(Patience);
        Assert.Equal(1, onA.Count(first));
        Assert.Equal(1, onB.Count(first));
        Assert.Equal(0, onA.Count(rolledBack) + onB.Count(rolledBack));
    }

    [Fact]
    public async Task ListeningConnection_Killed_ReconnectsAndTellsPagesToReadAgain()
    {
        var bus = nodes.B.Services.GetRequiredService<PostgresLiveBus>();
        var pid = await bus.ListeningAsync().WaitAsync(Patience);
        var onB = Arrivals(nodes.B);
        var refreshed = onB.WaitFor(LiveUpdates.Everyone);

        await using (var admin = new NpgsqlConnection(nodes.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(@pid)", admin);
            kill.Parameters.AddWithValue("pid", pid);
            Assert.Equal(true, await kill.ExecuteScalarAsync());
        }

        await refreshed.WaitAsync(Patience);
        Assert.NotEqual(pid, await bus.ListeningAsync().WaitAsync(Patience));
        var after = "u-after-" + Guid.NewGuid().ToString("N")[..8];
        var arrived = onB.WaitFor(after);
        await AddAsync(nodes.A, after);
        await arrived.WaitAsync(Patience);
    }

    private static IDbContextFactory<PanlongDbContext> Factory(PostgresNode node) => node.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    private static async Task AddAsync(PostgresNode node, string userId)
    {
        await using var db = await Factory(node).CreateDbContextAsync();
        db.Notifications.Add(new Notification { UserId = userId, Title = "t", CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
    }

    private static BellArrivals Arrivals(PostgresNode node) => new(node.Services.GetRequiredService<LiveUpdates>());

    /// <summary>The bells a node's pages were told to ring, counted per user.</summary>
    private sealed class BellArrivals
    {
        private readonly Dictionary<string, int> _counts = [];
        private readonly Dictionary<string, TaskCompletionSource> _waits = [];

        public BellArrivals(LiveUpdates live) => live.NotificationsArrived += OnArrived;

        public int Count(string userId)
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(userId);
            }
        }

        public Task WaitFor(string userId)
        {
            lock (_counts)
            {
                var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waits[userId] = wait;
                return wait.Task;
            }
        }

        private void OnArrived(string userId)
        {
            lock (_counts)
            {
                _counts[userId] = _counts.GetValueOrDefault(userId) + 1;
                if (_waits.Remove(userId, out var wait))
                {
                    wait.TrySetResult();
                }
            }
        }
    }
}
