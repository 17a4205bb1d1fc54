using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>The partner clients and the token keys on both databases the district runs (ADR 82): OpenIddict's tables and ours.</summary>
public class PartnerClientsTests
{
    private static readonly ClaimsPrincipal SecurityAdmin = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "secadmin")], "test"));

    private static TestDatabase Database(DatabaseProvider provider) => TestDatabase.For(provider, services =>
    {
        services.AddSingleton<AuditLog>();
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>());
        services.AddScoped<PartnerClients>();
        services.AddTransient<TokenKeyRing>();
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Client_CreateRotateDisable_KeepsOnlyTheHashAndDisablesItsAccount(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: true);
        await using var scope = database.Services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<PartnerClients>();
        var apps = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var center = (await clients.BindableUnitsAsync()).First(u => u.Kind == OrgUnitKind.CommandCenter);

        var created = await clients.CreateAsync(new PartnerClientForm("12345 热线", center.Id, [TokenScopes.Open311, TokenScopes.CasesRead]), SecurityAdmin);
        var rotated = await clients.RotateSecretAsync(created.Secret!.ClientId, SecurityAdmin);

        var app = await apps.FindByClientIdAsync(created.Secret.ClientId);
        Assert.NotNull(app);
        Assert.False(await apps.ValidateClientSecretAsync(app, created.Secret.Secret));
        Assert.True(await apps.ValidateClientSecretAsync(app, rotated!.Secret));
        var account = await clients.ActiveAccountAsync(created.Secret.ClientId);
        Assert.Equal(center.Id, account!.OrgUnitId);
        Assert.Null(account.PasswordHash);
        Assert.True(await clients.DisableAsync(created.Secret.ClientId, SecurityAdmin));
        Assert.Null(await clients.ActiveAccountAsync(created.Secret.ClientId));
        var row = Assert.Single(await clients.ListAsync());
        Assert.Equal([TokenScopes.CasesRead, TokenScopes.Open311], row.Scopes.Order());
        Assert.True(row.Disabled);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal([TokenAuditActions.ClientCreated, TokenAuditActions.SecretRotated, TokenAuditActions.ClientDisabled],
            await db.AuditEntries.Where(e => e.Target == created.Secret.ClientId).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TokenKeys_MadeOnceAndReadBackByAnotherRing(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: false);

        var first = database.Get<TokenKeyRing>();
        var second = database.Get<TokenKeyRing>();

        Assert.Equal(first.Signing.KeyId, second.Signing.KeyId);
        Assert.Equal(first.Signing.Rsa.ExportParameters(false).Modulus, second.Signing.Rsa.ExportParameters(false).Modulus);
        Assert.NotEqual(first.Signing.KeyId, first.Encryption.KeyId);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.TokenKeys.CountAsync());
        Assert.DoesNotContain("PRIVATE KEY", (await db.TokenKeys.FirstAsync()).ProtectedKey, StringComparison.Ordinal);
    }
}
