using System.Net;

namespace Panlong.Portal.Tests.Features.Identity;

[Collection(nameof(PortalCollection))]
public class AccountEndpointsTests(PortalFactory portal)
{
    [Theory]
    [InlineData("%2F%09%2Fevil.example")] // a browser drops the tab: //evil.example
    [InlineData("%2F%0A%2Fevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("https%3A%2F%2Fevil.example")]
    public async Task CultureSet_RedirectOffTheSite_GoesHomeInstead(string redirectUri)
    {
        var response = await portal.Anonymous().GetAsync($"/culture/set?culture=en&redirectUri={redirectUri}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CultureSet_PathOfThisSite_GoesBackThere()
    {
        var response = await portal.Anonymous().GetAsync("/culture/set?culture=en&redirectUri=%2Forganization");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/organization", response.Headers.Location?.OriginalString);
    }

    /// <summary>A search in Chinese on the page the language is switched from (the Location header must be ASCII; it answered 500).</summary>
    [Fact]
    public async Task CultureSet_PathWithChineseQuery_GoesBackThereEncoded()
    {
        var response = await portal.Anonymous().GetAsync("/culture/set?culture=en&redirectUri=%2Fguide%3Fq%3D%E4%BD%8E%E4%BF%9D");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/guide?q=%E4%BD%8E%E4%BF%9D", response.Headers.Location?.OriginalString);
    }
}
