using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;

namespace Panlong.Portal.Features.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int Total);

/// <summary>The audit administrator's read of the append-only audit log, newest first, paged on the server.</summary>
public sealed class AuditQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<AuditPage> PageAsync(string? action, string? user, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            query = query.Where(a => a.Action == action);
        }
        if (!string.IsNullOrWhiteSpace(user))
        {
            query = query.Where(a => a.UserName!.Contains(user) || a.Target!.Contains(user));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Page(page, pageSize).ToListAsync(ct);
        return new AuditPage(items, total);
    }
}
