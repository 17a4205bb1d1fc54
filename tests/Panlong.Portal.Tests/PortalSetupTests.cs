using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Panlong.Portal.Tests;

/// <summary>What the portal publishes about itself depends on the environment (issue 15).</summary>
[Collection(nameof(PortalCollection))]
public class PortalSetupTests(PortalFactory portal)
{
    [Fact]
    public async Task OpenApi_InDevelopment_IsOpen()
    {
        var response = await portal.Anonymous().GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_InProduction_NeedsSignIn()
    {
        await using var factory = new PortalFactory();
        await using var production = factory.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("Seed:DemoData", "false")
            .UseSetting("Privacy:Key", Convert.ToBase64String(new byte[32])));
        var anonymous = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }
}
