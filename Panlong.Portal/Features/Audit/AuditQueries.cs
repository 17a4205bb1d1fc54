using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;

namespace Panlong.Portal.Features.Audit;

public sealed record AuditPage(IReadOnlyList<AuditRow> Items, int Total);

/// <summary>
/// What the audit administrator narrowed the log to: an event, a person (display or login name, or target) and China
/// days; the export's query string too (<c>?action=&amp;user=&amp;from=yyyy-MM-dd&amp;to=yyyy-MM-dd</c>). Applied in the
/// database, so the page, its count and the export hold the same rows.
/// </summary>
public sealed record AuditFilter(string? Action = null, string? User = null, DateOnly? From = null, DateOnly? To = null)
{
    public IQueryable<AuditEntry> Apply(PanlongDbContext db)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Action))
        {
            query = query.Where(a => a.Action == Action);
        }
        if (!string.IsNullOrWhiteSpace(User))
        {
            // Rows name the actor by login name; the display name the administrator knows is the account's.
            var named = db.Users.Where(u => u.DisplayName.Contains(User)).Select(u => u.Id);
            query = query.Where(a => a.UserName!.Contains(User) || a.LoginName!.Contains(User) || a.Target!.Contains(User) || named.Contains(a.UserId!));
        }
        if (From is { } from)
        {
            var start = ChinaTime.StartOf(from);
            query = query.Where(a => a.At >= start);
        }
        if (To is { } to)
        {
            var end = ChinaTime.StartOf(to.AddDays(1));
            query = query.Where(a => a.At < end);
        }
        return query;
    }

    /// <summary>The filter as the export's audit row and query string say it.</summary>
    public override string ToString() => string.Join(' ', new[]
    {
        Action is null ? null : $"action={Action}",
        User is null ? null : $"user={User}",
        From is null ? null : $"from={From:yyyy-MM-dd}",
        To is null ? null : $"to={To:yyyy-MM-dd}",
    }.Where(p => p is not null));
}

/// <summary>The audit administrator's read of the append-only audit log, newest first, paged on the server.</summary>
public sealed class AuditQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<AuditPage> PageAsync(AuditFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = filter.Apply(db);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Id).Page(page, pageSize).ToListAsync(ct);
        return new AuditPage(await AuditTargets.ResolveAsync(db, items, ct), total);
    }
}
