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
}
