using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>The check every bearer call makes of its account, and the revocation it leads to (ADR 103), on both databases.</summary>
public class TokenAccountsTests
{
    private static TestDatabase Database(DatabaseProvider provider) => TestDatabase.For(provider, services =>
    {
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>());
        services.AddSingleton<TokenAccounts>();
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Account_DisabledLockedOrGone_IsNotActive_AndRevokingStopsOnlyItsTokens(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: false);
        var accounts = database.Get<TokenAccounts>();
        var person = new PanlongUser { UserName = "token.person", NormalizedUserName = "TOKEN.PERSON" };
        var other = new PanlongUser { UserName = "token.other", NormalizedUserName = "TOKEN.OTHER" };
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.Users.AddRange(person, other);
            await db.SaveChangesAsync();
        }
        var held = await TokenAsync(database, person.Id);
        var kept = await TokenAsync(database, other.Id);

        Assert.True(await accounts.IsActiveAsync(person.Id));
        await SetAsync(database, person.Id, lockoutEnd: DateTimeOffset.UtcNow.AddMinutes(15));
        Assert.False(await accounts.IsActiveAsync(person.Id));
        await SetAsync(database, person.Id, lockoutEnd: DateTimeOffset.UtcNow.AddMinutes(-1));
        Assert.True(await accounts.IsActiveAsync(person.Id));
        await SetAsync(database, person.Id, disabledAt: DateTimeOffset.UtcNow);
        Assert.False(await accounts.IsActiveAsync(person.Id));
        Assert.False(await accounts.IsActiveAsync("no-such-account"));

        Assert.Equal(1, await accounts.RevokeAsync(person.Id));
        await using var scope = database.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        Assert.True(await tokens.HasStatusAsync((await tokens.FindByIdAsync(held))!, Statuses.Revoked));
        Assert.True(await tokens.HasStatusAsync((await tokens.FindByIdAsync(kept))!, Statuses.Valid));
    }

    private static async Task<string> TokenAsync(TestDatabase database, string subject)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var token = await tokens.CreateAsync(new OpenIddictTokenDescriptor
        {
            Subject = subject, Status = Statuses.Valid, Type = TokenTypeHints.AccessToken,
            CreationDate = DateTimeOffset.UtcNow, ExpirationDate = DateTimeOffset.UtcNow.AddMinutes(10),
        });
        return (await tokens.GetIdAsync(token))!;
    }

    private static async Task SetAsync(TestDatabase database, string userId, DateTimeOffset? disabledAt = null, DateTimeOffset? lockoutEnd = null)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisabledAt, disabledAt).SetProperty(u => u.LockoutEnd, lockoutEnd));
    }
}
