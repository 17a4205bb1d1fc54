using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>A browser of the tests: its cookies in view, so a test can copy the sign-in cookie as an attacker would.</summary>
public sealed record CookieClient(HttpClient Http, CookieContainer Cookies)
{
    public string? AuthCookie => Cookies.GetCookies(Http.BaseAddress!)["panlong.auth"]?.Value;
}

/// <summary>Accounts of their own for tests that end sessions, disable or reset, so that no demo account is touched.</summary>
public static class TestAccounts
{
    /// <summary>An org-tree API every street dispatcher may call: 200 while signed in, 401 once the session is gone.</summary>
    public const string StaffApi = "/api/org/units";

    public static async Task<PanlongUser> CreateStaffAsync(PortalFactory portal, string userName, string role = Roles.Dispatcher)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        if (await users.FindByNameAsync(userName) is { } existing)
        {
            return existing;
        }
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var street = await db.OrgUnits.SingleAsync(u => u.Code == "530103001");
        var user = new PanlongUser { UserName = userName, DisplayName = userName, OrgUnitId = street.Id, CreatedAt = DateTimeOffset.UtcNow };
        Assert.True((await DemoAccounts.CreateWithDemoPasswordAsync(users, user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    public static async Task<CookieClient> SignInAsync(PortalFactory portal, string userName, string password = DemoAccounts.Password)
    {
        var client = Client(portal);
        var response = await PortalFactory.PostLoginAsync(client.Http, userName, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static CookieClient Client(PortalFactory portal)
    {
        var cookies = new CookieContainer();
        return new CookieClient(portal.CreateDefaultClient(new CookieContainerHandler(cookies)), cookies);
    }

    /// <summary>A bare request carrying only the given sign-in cookie, as a copy of it would be sent from elsewhere.</summary>
    public static async Task<HttpResponseMessage> ReplayAsync(PortalFactory portal, string authCookie, string path)
    {
        var client = portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "panlong.auth=" + authCookie);
        return await client.SendAsync(request);
    }

    public static async Task<ClaimsPrincipal> ActorAsync(PortalFactory portal, string userName) => await portal.PrincipalAsync(userName);

    public static async Task<IReadOnlyList<UserSession>> SessionsOfAsync(PortalFactory portal, string userId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await db.UserSessions.AsNoTracking().Where(s => s.UserId == userId).OrderBy(s => s.CreatedAt).ToListAsync();
    }
}
