using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Core;
using OpenIddict.EntityFrameworkCore.Models;
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

    /// <summary>
    /// The race a whole run once lost (two nodes starting at the same moment): this node looks, finds no client, and before it
    /// writes another node's row appears. OpenIddict's own uniqueness check then refuses the create; the node must take the
    /// winner's row and bring its addresses up to date rather than fail its start.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Register_AnotherNodeCreatesItBetweenTheLookAndTheWrite_TakesThatRowAndUpdatesIt(DatabaseProvider provider)
    {
        Uri[] theirs = [new("https://panlong.example/app/signed-in")];
        Uri[] ours = [new("https://app.panlong.example/app/signed-in")];
        await using var database = TestDatabase.For(provider, services =>
        {
            services.AddOpenIddict().AddCore(o =>
            {
                o.UseEntityFrameworkCore().UseDbContext<PanlongDbContext>();
                o.ReplaceApplicationManager(typeof(OtherNodeWritesFirst<>));
            });
            services.AddSingleton(new OtherNodeWritesFirstOptions(theirs));
        });
        await database.MigratedAsync(seed: false);

        await PhoneApp.RegisterAsync(database.Services, ours, keepStored: false);

        await using var scope = database.Services.CreateAsyncScope();
        var apps = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        Assert.True(database.Services.GetRequiredService<OtherNodeWritesFirstOptions>().Wrote);
        Assert.Equal(1, await apps.CountAsync());
        var app = await apps.FindByClientIdAsync(PhoneApp.ClientId);
        Assert.NotNull(app);
        Assert.Equal([ours[0].ToString()], (await apps.GetRedirectUrisAsync(app)).ToArray());
    }

    private sealed class OtherNodeWritesFirstOptions(Uri[] redirectUris)
    {
        public Uri[] RedirectUris { get; } = redirectUris;
        public bool Wrote { get; set; }
    }

    /// <summary>The first look for the phone client misses: at that moment the other node writes its row (through its own scope).</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1812", Justification = "Made by OpenIddict's service registration.")]
    private sealed class OtherNodeWritesFirst<TApplication>(IOpenIddictApplicationCache<TApplication> cache, ILogger<OpenIddictApplicationManager<TApplication>> logger,
        IOptionsMonitor<OpenIddictCoreOptions> options, IOpenIddictApplicationStore<TApplication> store, IServiceProvider services, OtherNodeWritesFirstOptions other)
        : OpenIddictApplicationManager<TApplication>(cache, logger, options, store) where TApplication : class
    {
        public override async ValueTask<TApplication?> FindByClientIdAsync(string identifier, CancellationToken cancellationToken = default)
        {
            if (identifier == PhoneApp.ClientId && !other.Wrote)
            {
                other.Wrote = true;
                await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
                var otherNode = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
                await otherNode.CreateAsync(new OpenIddictApplicationDescriptor
                {
                    ClientId = PhoneApp.ClientId, ClientType = ClientTypes.Public, RedirectUris = { other.RedirectUris[0] },
                    Permissions = { Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code },
                }, cancellationToken);
                return null;
            }
            return await base.FindByClientIdAsync(identifier, cancellationToken);
        }
    }
}
