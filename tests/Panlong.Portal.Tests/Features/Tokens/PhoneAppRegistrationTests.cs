using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using Panlong.Data;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Tokens;
using Panlong.Testing;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Panlong.Portal.Tests.Features.Tokens;

/// <summary>The phone app's client on both databases the district runs (ADR 91): registered once, however many nodes start.</summary>
public class PhoneAppRegistrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Register_TwoNodesAtOnceThenAMovedAddress_OnePublicClientWithPkceAndTheNewAddress(DatabaseProvider provider)
    {
        await using var database = TestDatabase.For(provider, services =>
            services.AddOpenIddict().AddCore(o => o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>()));
        await database.MigratedAsync(seed: false);
        Uri[] first = [new("https://panlong.example/app/signed-in")];
        Uri[] moved = [new("https://app.panlong.example/app/signed-in")];

        await Task.WhenAll(PhoneApp.RegisterAsync(database.Services, first, keepStored: false), PhoneApp.RegisterAsync(database.Services, first, keepStored: false));
        await PhoneApp.RegisterAsync(database.Services, moved, keepStored: false);

        await using var scope = database.Services.CreateAsyncScope();
        var apps = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        Assert.Equal(1, await apps.CountAsync());
        var app = await apps.FindByClientIdAsync(PhoneApp.ClientId);
        Assert.NotNull(app);
        Assert.Equal(ClientTypes.Public, await apps.GetClientTypeAsync(app));
        Assert.Equal([moved[0].ToString()], (await apps.GetRedirectUrisAsync(app)).ToArray());
        Assert.True(await apps.HasRequirementAsync(app, Requirements.Features.ProofKeyForCodeExchange));
        Assert.False(await apps.HasPermissionAsync(app, Permissions.GrantTypes.ClientCredentials));
    }
}
