using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Audit;

/// <summary>Writes audit rows in their own short transaction, so a failed business write cannot take its audit row with it.</summary>
public sealed class AuditLog(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task WriteAsync(string action, string? userId, string? userName, string? target = null, string? detail = null, string? ip = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AuditEntries.Add(Create(action, userId, userName, target, detail, ip));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>For writes that must land together with the change they describe.</summary>
    public AuditEntry Create(string action, string? userId, string? userName, string? target = null, string? detail = null, string? ip = null) => new()
    {
        At = clock.GetUtcNow(),
        Action = action,
        UserId = userId,
        UserName = userName,
        Target = Truncate(target, 200),
        Detail = Truncate(detail, 2000),
        IpAddress = ip,
    };

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
