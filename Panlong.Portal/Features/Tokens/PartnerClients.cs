using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Features.Tokens;

public sealed record PartnerClientRow(string ClientId, string Name, string? OrgName, IReadOnlyList<string> Scopes, bool Disabled);

/// <summary>A client secret, shown to the security administrator once: only its hash is stored.</summary>
public sealed record IssuedSecret(string ClientId, string Secret);

public sealed record PartnerClientForm(string? Name, int? OrgUnitId, IReadOnlyCollection<string> Scopes);

public sealed record PartnerClientResult(IssuedSecret? Secret, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Secret is not null;
}

/// <summary>
/// Partner systems' clients (client credentials, docs/decisions/0082-token-server.md). Each is an OpenIddict application
/// with a service account of its own: a user without a password, bound to a command center and holding the acceptor role,
/// so a token acts exactly as that account would — its org scope, its role, its idempotency of reports, its name in the
/// audit log — and disabling the account disables the client. Every change is audited.
/// </summary>
public sealed class PartnerClients(IOpenIddictApplicationManager apps, IOpenIddictTokenManager tokens, UserManager<PanlongUser> users,
    IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string UserProperty = "panlong_user";
    public const string UserNamePrefix = "client.";
    public const int MaxNameLength = 60;
    /// <summary>A partner reports as a hotline acceptor does, in the command center it is bound to.</summary>
    public const string ServiceRole = Roles.Acceptor;

    public async Task<IReadOnlyList<OrgUnit>> BindableUnitsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.CommandCenter && u.IsActive).OrderBy(u => u.ScopePath).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<PartnerClientRow>> ListAsync(CancellationToken ct = default)
    {
        var rows = new List<(string ClientId, string Name, string? UserId, IReadOnlyList<string> Scopes)>();
        await foreach (var app in apps.ListAsync(null, null, ct))
        {
            var permissions = await apps.GetPermissionsAsync(app, ct);
            rows.Add((await apps.GetClientIdAsync(app, ct) ?? "", await apps.GetDisplayNameAsync(app, ct) ?? "", await UserIdAsync(app, ct),
                permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..]).ToList()));
        }
        var ids = rows.Select(r => r.UserId).OfType<string>().ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.DisabledAt, Org = u.OrgUnit!.Name }).ToDictionaryAsync(u => u.Id, ct);
        return rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => accounts.TryGetValue(r.UserId ?? "", out var a)
            ? new PartnerClientRow(r.ClientId, r.Name, a.Org, r.Scopes, a.DisabledAt is not null)
            : new PartnerClientRow(r.ClientId, r.Name, null, r.Scopes, true)).ToList();
    }

    public async Task<PartnerClientResult> CreateAsync(PartnerClientForm form, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var name = form.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors["name"] = "Clients.Name.Length";
        }
        var units = await BindableUnitsAsync(ct);
        var unit = units.FirstOrDefault(u => u.Id == form.OrgUnitId);
        if (unit is null)
        {
            errors["org"] = "Clients.Org.Required";
        }
        var scopes = form.Scopes.Where(TokenScopes.All.Contains).Distinct().ToList();
        if (scopes.Count == 0 || scopes.Count != form.Scopes.Count)
        {
            errors["scopes"] = "Clients.Scopes.Required";
        }
        if (errors.Count > 0)
        {
            return new PartnerClientResult(null, errors);
        }
        var clientId = "partner-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        // No password: the account cannot sign in to the portal; it exists to be the token's identity.
        var account = new PanlongUser { UserName = UserNamePrefix + clientId, DisplayName = name, OrgUnitId = unit!.Id, CreatedAt = clock.GetUtcNow(), LastActiveAt = clock.GetUtcNow() };
        Check(await users.CreateAsync(account));
        Check(await users.AddToRoleAsync(account, ServiceRole));
        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            DisplayName = name,
            ClientType = ClientTypes.Confidential,
            Permissions =
            {
                Permissions.Endpoints.Token, Permissions.Endpoints.Introspection, Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials, Permissions.GrantTypes.RefreshToken,
            },
        };
        descriptor.Permissions.UnionWith(scopes.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.Properties[UserProperty] = JsonSerializer.SerializeToElement(account.Id);
        await apps.CreateAsync(descriptor, ct);
        await WriteAuditAsync(TokenAuditActions.ClientCreated, actor, clientId, $"{name} · {unit.Name} · {string.Join(' ', scopes)}", ct);
        return new PartnerClientResult(new IssuedSecret(clientId, secret), new Dictionary<string, string>());
    }

    /// <summary>A new secret replaces the old one at once; tokens already issued run out by themselves (minutes).</summary>
    public async Task<IssuedSecret?> RotateSecretAsync(string clientId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        if (await apps.FindByClientIdAsync(clientId, ct) is not { } app)
        {
            return null;
        }
        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor();
        await apps.PopulateAsync(descriptor, app, ct);
        descriptor.ClientSecret = secret;
        // The manager hashes the new secret as it stores it.
        await apps.UpdateAsync(app, descriptor, ct);
        await WriteAuditAsync(TokenAuditActions.SecretRotated, actor, clientId, null, ct);
        return new IssuedSecret(clientId, secret);
    }

    /// <summary>Disables the client's account, so no token is issued for it any more, and revokes every token it holds.</summary>
    public async Task<bool> DisableAsync(string clientId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        if (await apps.FindByClientIdAsync(clientId, ct) is not { } app || await UserIdAsync(app, ct) is not { } userId)
        {
            return false;
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.Users.Where(u => u.Id == userId && u.DisabledAt == null).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, clock.GetUtcNow()), ct);
        }
        var revoked = await tokens.RevokeByApplicationIdAsync((await apps.GetIdAsync(app, ct))!, ct);
        await WriteAuditAsync(TokenAuditActions.ClientDisabled, actor, clientId, $"{revoked} tokens revoked", ct);
        return true;
    }

    /// <summary>The service account a client acts as, or null when the client is unknown or disabled.</summary>
    public async Task<PanlongUser?> ActiveAccountAsync(string clientId, CancellationToken ct = default)
    {
        if (await apps.FindByClientIdAsync(clientId, ct) is not { } app || await UserIdAsync(app, ct) is not { } userId)
        {
            return null;
        }
        // Read afresh, not through the scope's tracked users: a disable a moment ago must count.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, ct);
        if (account is null || account.DisabledAt is not null)
        {
            return null;
        }
        // A client in use is not dormant (the 90-day rule disables accounts nobody uses); one write a day at most.
        if ((account.LastActiveAt ?? account.CreatedAt) < clock.GetUtcNow().AddDays(-1))
        {
            await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, clock.GetUtcNow()), ct);
        }
        return account;
    }

    private async Task<string?> UserIdAsync(object app, CancellationToken ct) =>
        (await apps.GetPropertiesAsync(app, ct)).TryGetValue(UserProperty, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    private Task WriteAuditAsync(string action, ClaimsPrincipal actor, string clientId, string? detail, CancellationToken ct) =>
        audit.WriteAsync(action, users.GetUserId(actor), actor.Identity?.Name, target: clientId, detail: detail, ct: ct);

    // 256 bits, URL-safe: a partner pastes it into configuration as it is.
    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>What the token server writes to the audit log (listed in the audit catalog).</summary>
public static class TokenAuditActions
{
    public const string ClientCreated = "TokenClient.Create";
    public const string SecretRotated = "TokenClient.RotateSecret";
    public const string ClientDisabled = "TokenClient.Disable";
    /// <summary>A person signed in through the phone app: its code exchanged for tokens (docs/decisions/0091-phone-app-sign-in.md).</summary>
    public const string AppSignIn = "SignIn.App";

    public static readonly IReadOnlyList<string> All = [ClientCreated, SecretRotated, ClientDisabled, AppSignIn];
}
