using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Panlong.Data;

namespace Panlong.Portal.Features.Tokens;

/// <summary>
/// The account behind a bearer token, checked on every API call (docs/decisions/0103-token-account-check.md): a token
/// whose person or service account is disabled, locked out or gone is refused at once, and every token and authorization
/// of that account is revoked, so re-enabling the account does not bring its old tokens back — the person signs in again.
/// </summary>
public sealed class TokenAccounts(IDbContextFactory<PanlongDbContext> dbFactory, IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>One read of the account's row by its key; null when there is no such account.</summary>
    public async Task<bool> IsActiveAsync(string userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // LockoutEnd is compared here, not in SQL: SQLite stores DateTimeOffset as text (as SessionRegistry reads it).
        var state = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.DisabledAt, u.LockoutEnd }).SingleOrDefaultAsync(ct);
        return state is { DisabledAt: null } && !(state.LockoutEnd > clock.GetUtcNow());
    }

    /// <summary>Revokes every token and authorization the account holds (the phone app's and a partner's alike).</summary>
    public async Task<long> RevokeAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var authorizations = scope.ServiceProvider.GetRequiredService<IOpenIddictAuthorizationManager>();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        await authorizations.RevokeBySubjectAsync(userId, ct);
        return await tokens.RevokeBySubjectAsync(userId, ct);
    }
}
