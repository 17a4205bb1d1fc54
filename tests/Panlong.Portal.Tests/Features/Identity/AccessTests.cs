using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Shell;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity;

[Collection(nameof(PortalCollection))]
public class AccessTests(PortalFactory portal)
{
    [Theory]
    [InlineData("/organization")]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit")]
    [InlineData("/admin/departments")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        var response = await portal.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnonymousApiCall_Gets401NotARedirect()
    {
        var response = await portal.Anonymous().GetAsync("/api/org/units");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public static TheoryData<string, string, bool> PagePermissions()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var account in DemoAccounts.All)
        {
            foreach (var item in Navigation.Items)
            {
                // An account with several posts (center.tuodong: acceptor and shift lead) opens what any of its roles may.
                var allowed = item.Roles is null || item.Roles.Split(',').Intersect([account.Role, .. account.MoreRoles ?? []]).Any();
                data.Add(account.UserName, item.Href, allowed);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(PagePermissions))]
    public async Task EachRole_OpensExactlyThePagesItMay(string userName, string path, bool allowed)
    {
        var response = await portal.GetAsAsync(userName, path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/access-denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheOpenApiDocument_NamesTheOrgAndMapEndpoints_WithEveryAnswerTheyGive()
    {
        var document = await portal.Anonymous().GetFromJsonAsync<System.Text.Json.JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        var unit = paths.GetProperty("/api/org/units/{id}").GetProperty("get");
        var regions = paths.GetProperty("/api/map/regions/{kind}").GetProperty("get");
        Assert.Equal("OrgUnit", unit.GetProperty("operationId").GetString());
        // 401 and 403 from the gate in front of it (ADR 94), 404 from the handler.
        Assert.Equal(["200", "401", "403", "404"], unit.GetProperty("responses").EnumerateObject().Select(r => r.Name).Order());
        Assert.Equal("MapRegions", regions.GetProperty("operationId").GetString());
        Assert.Contains("400", regions.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        Assert.Equal("OrgUnits", paths.GetProperty("/api/org/units").GetProperty("get").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task StreetDispatcher_CannotReadAnotherStreetThroughTheApi()
    {
        var client = await portal.SignedInAsync("dispatcher.tuodong");
        int gulouCommunity, tuodongCommunity;
        await using (var db = await Factory().CreateDbContextAsync())
        {
            gulouCommunity = (await db.OrgUnits.SingleAsync(u => u.Code == "530103002001")).Id;
            tuodongCommunity = (await db.OrgUnits.SingleAsync(u => u.Code == "530103001001")).Id;
        }

        var other = await client.GetAsync($"/api/org/units/{gulouCommunity}");
        var own = await client.GetFromJsonAsync<UnitDetail>($"/api/org/units/{tuodongCommunity}");
        var otherChildren = await client.GetFromJsonAsync<List<OrgNode>>($"/api/org/units?parentId={gulouCommunity}");
        var root = await client.GetFromJsonAsync<List<OrgNode>>("/api/org/units");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        // The same answer as for a unit that does not exist, with the stable code a client switches on.
        var problem = await other.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("not-found", problem.GetProperty("code").GetString());
        Assert.Equal("组织单元不存在或不在您的管辖范围内。", problem.GetProperty("title").GetString());
        Assert.Equal("东庄社区", own!.Unit.Name);
        Assert.NotEmpty(own.Grids);
        Assert.Empty(otherChildren!);
        Assert.Equal("拓东街道", Assert.Single(root!).Name);
    }

    [Fact]
    public async Task Resident_CannotCallTheOrgApi()
    {
        var client = await portal.SignedInAsync("resident");

        var response = await client.GetAsync("/api/org/units");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task FiveWrongPasswords_FromTwoAddresses_LockTheAccount_EvenForTheRightPassword_AndAreAudited()
    {
        const string victim = "lockout.victim";
        await CreateUserAsync(victim);
        var first = portal.Anonymous();
        var second = portal.Anonymous();

        // One address may try four wrong passwords, one fewer than lockout needs (docs/decisions/0027-rate-limits.md).
        for (var i = 0; i < 4; i++)
        {
            var wrong = await PortalFactory.PostLoginAsync(first, victim, "Wrong#Pass1");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PortalFactory.PostLoginAsync(first, victim, "Wrong#Pass1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PortalFactory.PostLoginAsync(second, victim, "Wrong#Pass1")).StatusCode);
        var right = await PortalFactory.PostLoginAsync(second, victim, DemoAccounts.Password);
        var page = System.Net.WebUtility.HtmlDecode(await right.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("账户已锁定", page, StringComparison.Ordinal);
        await using var db = await Factory().CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.Target == victim).Select(a => a.Action).ToListAsync();
        // Four failures, the refused one writes nothing, the fifth locks (LockedOut), the next is refused while locked.
        Assert.Equal(1, actions.Count(a => a == AuditActions.LockedOut));
        Assert.Equal(5, actions.Count(a => a == AuditActions.SignInFailed));
        Assert.DoesNotContain(AuditActions.SignIn, actions);
    }

    [Theory]
    [InlineData("/organization", "/organization")]
    [InlineData("//evil.example/phish", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    public async Task SignIn_ReturnsOnlyToPagesOfThePortal(string returnUrl, string expected)
    {
        var response = await PortalFactory.PostLoginAsync(portal.Anonymous(), "leader", DemoAccounts.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", location.Host);
        Assert.Equal(expected, location.AbsolutePath);
    }

    [Fact]
    public async Task SuccessfulSignIn_IsAudited()
    {
        await portal.SignedInAsync("leader");

        await using var db = await Factory().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.SignIn && a.UserName == "leader"));
    }

    private IDbContextFactory<PanlongDbContext> Factory() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    private async Task CreateUserAsync(string userName)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PanlongUser>>();
        if (await users.FindByNameAsync(userName) is null)
        {
            var result = await DemoAccounts.CreateWithDemoPasswordAsync(users, new PanlongUser { UserName = userName, DisplayName = userName });
            Assert.True(result.Succeeded);
        }
    }
}
