using Microsoft.EntityFrameworkCore;
using Panlong.Data;

namespace Panlong.Portal.Features.Notifications;

public sealed record NotificationRow(long Id, string Title, string? Body, string? Link, DateTimeOffset CreatedAt, bool Read);

/// <summary>The bell: a user's own messages only.</summary>
public sealed class NotificationQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<int> UnreadCountAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);
    }

    public async Task<IReadOnlyList<NotificationRow>> LatestAsync(string userId, int take = 15, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.Id).Take(take)
            .Select(n => new NotificationRow(n.Id, n.Title, n.Body, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(ct);
    }

    public async Task MarkReadAsync(string userId, long? id = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null && (id == null || n.Id == id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
    }
}
