using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>Moving the key ring from its folder into the database signs nobody out (docs/decisions/0046-two-nodes.md).</summary>
public class SharedKeyRingTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task CookieSignedWithTheFolderKeys_IsStillAccepted_AfterTheStoreMovesToTheDatabase()
    {
        var jar = new CookieContainer();
        var address = ClientAddress.Next();
        using var before = TwoNodes.Client(portal, jar, address);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(before, "inspector", DemoAccounts.Password)).StatusCode);

        // The same database and key folder, the store switched: the first read copies the folder's keys into the table.
        await using var upgraded = portal.WithWebHostBuilder(b => b.UseSetting("DataProtection:Store", "Database"));
        using var after = TwoNodes.Client(upgraded, jar, address);
        var desk = await after.GetAsync("/api/cases?kind=Reported");

        Assert.Equal(HttpStatusCode.OK, desk.StatusCode);
        await using var db = await upgraded.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.DataProtectionKeys.AnyAsync());
    }

    [Fact]
    public void UnknownStore_StopsStartUp_NamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [Portal.Features.Shell.SharedKeyRing.StoreKey] = "Redis" }).Build();

        var refused = Assert.Throws<Panlong.Data.Providers.StartupConfigurationException>(
            () => { _ = Portal.Features.Shell.SharedKeyRing.InDatabase(configuration, Panlong.Data.Providers.DatabaseProvider.Postgres); });

        Assert.Contains("DataProtection:Store", refused.Message, StringComparison.Ordinal);
    }
}
