using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Audit;

/// <summary>
/// Writes audit rows in their own short transaction, so a failed business write cannot take its audit row with it.
/// Saving links them into the hash chain (<see cref="AuditChain"/>); a row given no address gets the client's from
/// the current request (behind the proxy, the forwarded one).
/// </summary>
public sealed class AuditLog(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock, IHttpContextAccessor? http = null)
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
        IpAddress = Truncate(ip ?? ClientAddress(), 64),
    };

    /// <summary>The request's client (a Blazor circuit's is its connection's); none outside a request.</summary>
    private string? ClientAddress()
    {
        try
        {
            return http?.HttpContext?.Connection.RemoteIpAddress?.ToString();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
