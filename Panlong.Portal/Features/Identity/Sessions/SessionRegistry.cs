using System.Linq.Expressions;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Panlong.Data;
using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Identity.Sessions;

public sealed record SessionSettings(TimeSpan AbsoluteLifetime)
{
    public static SessionSettings From(IConfiguration configuration) =>
        new(configuration.GetValue("Security:AbsoluteLifetime", TimeSpan.FromHours(12)));
}

/// <summary>What a new or continued sign-in puts into its cookie.</summary>
public sealed record SessionStart(string SessionId, bool MustChangePassword);

/// <summary>
/// The server-side sign-in sessions (issue 15 hole 7, docs/decisions/0025-server-side-sessions.md): every cookie names
/// one, and a cookie whose session ended, expired, or whose account changed is refused on its next request. The check
/// reads the database at most once per <see cref="CheckInterval"/> per session; ending a session drops it from the
/// cache and tells the open Blazor circuits through <see cref="Ended"/>, so on one node it takes effect at once.
/// </summary>
public sealed class SessionRegistry(
    IDbContextFactory<PanlongDbContext> dbFactory,
    TimeProvider clock,
    IMemoryCache cache,
    SessionSettings settings,
    IOptions<IdentityOptions> identityOptions)
{
    public const string ClaimType = "panlong:sid";
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LastSeenPrecision = TimeSpan.FromMinutes(1);

    /// <summary>Raised with the ids of the sessions just ended (on this node) and the reason (<see cref="SessionEndReasons"/>).</summary>
    public event Action<IReadOnlyCollection<string>, string>? Ended;

    public static string? SessionIdOf(ClaimsPrincipal principal) => principal.FindFirstValue(ClaimType);

    /// <summary>A new session at sign-in; or, after the user's own password change, the same one carried into the new cookie.</summary>
    public async Task<SessionStart> SignedInAsync(string userId, string? continuedSessionId, string? ip, string? userAgent)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var mustChange = await db.Users.Where(u => u.Id == userId).Select(u => u.MustChangePassword).SingleAsync();
        if (continuedSessionId is not null)
        {
            cache.Remove(continuedSessionId); // the new cookie carries the new security stamp
            return new SessionStart(continuedSessionId, mustChange);
        }
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            ExpiresAt = now + settings.AbsoluteLifetime,
            IpAddress = Truncate(ip, 64),
            UserAgent = Truncate(userAgent, 300),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, now));
        return new SessionStart(session.Id, mustChange);
    }

    /// <summary>The per-request check: the session is open, within its absolute lifetime, and its account unchanged, enabled and not locked.</summary>
    public async ValueTask<bool> IsActiveAsync(ClaimsPrincipal principal)
    {
        if (SessionIdOf(principal) is not { } sessionId || principal.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false; // a cookie from before sessions existed, or a forged one
        }
        if (!cache.TryGetValue(sessionId, out SessionSnapshot? snapshot))
        {
            snapshot = await LoadAsync(sessionId);
            cache.Set(sessionId, snapshot, CheckInterval);
        }
        if (snapshot is null || snapshot.UserId != userId || snapshot.Ended)
        {
            return false;
        }
        var endReason = EndReasonFor(snapshot, principal.FindFirstValue(identityOptions.Value.ClaimsIdentity.SecurityStampClaimType));
        if (endReason is null)
        {
            return true;
        }
        await EndAsync(sessionId, endReason);
        return false;
    }

    private string? EndReasonFor(SessionSnapshot snapshot, string? stamp)
    {
        var now = clock.GetUtcNow();
        return now >= snapshot.ExpiresAt ? SessionEndReasons.Expired
            : snapshot.Disabled ? SessionEndReasons.Disabled
            : snapshot.LockoutEnd > now ? SessionEndReasons.LockedOut
            : snapshot.SecurityStamp != stamp ? SessionEndReasons.AccountChanged
            : null;
    }

    private async Task<SessionSnapshot?> LoadAsync(string sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var snapshot = await db.UserSessions.Where(s => s.Id == sessionId)
            .Select(s => new SessionSnapshot(s.UserId, s.ExpiresAt, s.EndedAt != null, s.User!.SecurityStamp, s.User.DisabledAt != null, s.User.LockoutEnd, s.LastSeenAt))
            .SingleOrDefaultAsync();
        var now = clock.GetUtcNow();
        if (snapshot is { Ended: false } && now - snapshot.LastSeenAt >= LastSeenPrecision)
        {
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now));
        }
        return snapshot;
    }

    public async Task<IReadOnlyList<UserSession>> ActiveOfAsync(string userId)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.LastSeenAt).ToListAsync();
    }

    public Task<int> EndAsync(string sessionId, string reason) => EndWhereAsync(s => s.Id == sessionId, reason);

    /// <summary>Ends every open session of the user, but <paramref name="exceptSessionId"/> ("sign out everywhere else").</summary>
    public Task<int> EndAllAsync(string userId, string reason, string? exceptSessionId = null) =>
        EndWhereAsync(s => s.UserId == userId && s.Id != exceptSessionId, reason);

    private async Task<int> EndWhereAsync(Expression<Func<UserSession, bool>> which, string reason)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var ids = await db.UserSessions.Where(which).Where(s => s.EndedAt == null).Select(s => s.Id).ToListAsync();
        if (ids.Count == 0)
        {
            return 0;
        }
        await db.UserSessions.Where(s => ids.Contains(s.Id) && s.EndedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.EndedAt, now).SetProperty(x => x.EndReason, reason));
        foreach (var id in ids)
        {
            cache.Remove(id);
        }
        Ended?.Invoke(ids, reason);
        return ids.Count;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private sealed record SessionSnapshot(string UserId, DateTimeOffset ExpiresAt, bool Ended, string? SecurityStamp, bool Disabled,
        DateTimeOffset? LockoutEnd, DateTimeOffset LastSeenAt);
}
