using System.Net;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>The headers every answer carries (issue 15), over HTTP against the real portal.</summary>
[Collection(nameof(PortalCollection))]
public class SecurityHeadersTests(PortalFactory portal)
{
    [Theory]
    [InlineData("/api/org/units")] // an API
    [InlineData("/registry/people")] // a page with personal data
    [InlineData("/api/cases/nonexistent")] // a problem answer
    public async Task DynamicAnswer_IsNotSniffedNotCachedAndLeaksOnlyTheOrigin(string path)
    {
        var gridworker = await portal.SignedInAsync("gridworker");

        var response = await gridworker.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control is '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task StaticAsset_KeepsItsOwnCaching_AndIsNotSniffed()
    {
        var response = await portal.Anonymous().GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task SignInPage_CarriesTheHeadersToo()
    {
        var response = await portal.Anonymous().GetAsync("/account/login");

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
