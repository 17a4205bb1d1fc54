using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Tests;

/// <summary>The shared portal's signed-in clients, which many test classes use at once.</summary>
[Collection(nameof(PortalCollection))]
public class PortalFactoryTests(PortalFactory portal)
{
    /// <summary>
    /// A whole run once failed on an API photo answered 401 to a signed-in resident: another test had ended all of that demo
    /// account's sessions, and the kept client retried only a page's redirect to the sign-in page, not an API's 401.
    /// </summary>
    [Fact]
    public async Task GetAsAsync_SessionEndedElsewhere_ApiPathSignsInAgain()
    {
        using (var first = await portal.GetAsAsync("resident", "/api/antiforgery"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        using (var scope = portal.Services.CreateScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>().FindByNameAsync("resident");
            Assert.True(await scope.ServiceProvider.GetRequiredService<SessionRegistry>().EndAllAsync(user!.Id, SessionEndReasons.AccountChanged) > 0);
        }

        using var again = await portal.GetAsAsync("resident", "/api/antiforgery");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
