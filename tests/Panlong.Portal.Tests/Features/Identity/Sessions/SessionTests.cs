using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Identity.Sessions;

/// <summary>Issue 15 hole 7: a sign-in cookie is only as good as its server-side session.</summary>
[Collection(nameof(PortalCollection))]
public class SessionTests(PortalFactory portal)
{
    [Fact]
    public async Task CopiedCookie_AfterSignOut_IsRefused()
    {
        await TestAccounts.CreateStaffAsync(portal, "session.copied");
        var browser = await TestAccounts.SignInAsync(portal, "session.copied");
        var copy = browser.AuthCookie!;
        Assert.Equal(HttpStatusCode.OK, (await TestAccounts.ReplayAsync(portal, copy, TestAccounts.StaffApi)).StatusCode);

        var home = await browser.Http.GetStringAsync("/");
        var signOut = await browser.Http.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = PortalFactory.AntiforgeryTokenOf(home),
            ["reason"] = "user",
        }));
        var api = await TestAccounts.ReplayAsync(portal, copy, TestAccounts.StaffApi);
        var page = await TestAccounts.ReplayAsync(portal, copy, "/organization");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleRemoved_NextRequestWithTheSameCookie_IsRefused()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.demoted");
        var browser = await TestAccounts.SignInAsync(portal, "session.demoted");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);

        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        Assert.True((await admin.SetRolesAsync(await TestAccounts.ActorAsync(portal, "secadmin"), user.Id, [Roles.GridWorker])).Ok);
        var after = await browser.Http.GetAsync(TestAccounts.StaffApi);

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(SessionEndReasons.RoleChanged, (await TestAccounts.SessionsOfAsync(portal, user.Id))[^1].EndReason);
    }

    [Fact]
    public async Task AbsoluteLifetime_Passed_SessionIsRefusedAndEndedAsExpired()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.expired");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var sessions = Registry(clock);
        var start = await sessions.SignedInAsync(user.Id, null, "127.0.0.1", "test");
        var principal = await PrincipalWithSessionAsync(user.UserName!, start.SessionId);

        var fresh = await sessions.IsActiveAsync(principal);
        clock.Now += TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1);
        var lastSecond = await sessions.IsActiveAsync(principal);
        clock.Now += TimeSpan.FromSeconds(1);
        var expired = await sessions.IsActiveAsync(principal);
        clock.Now -= TimeSpan.FromHours(1); // an ended session stays ended, whatever the clock says
        var afterwards = await sessions.IsActiveAsync(principal);

        Assert.True(fresh);
        Assert.True(lastSecond);
        Assert.False(expired);
        Assert.False(afterwards);
        Assert.Equal(SessionEndReasons.Expired, (await TestAccounts.SessionsOfAsync(portal, user.Id)).Single(s => s.Id == start.SessionId).EndReason);
    }

    [Fact]
    public async Task AbsoluteLifetime_ComesFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Security:AbsoluteLifetime"] = "08:00:00" }).Build();

        Assert.Equal(TimeSpan.FromHours(8), SessionSettings.From(configuration).AbsoluteLifetime);
        Assert.Equal(TimeSpan.FromHours(12), portal.Services.GetRequiredService<SessionSettings>().AbsoluteLifetime);
    }

    [Fact]
    public async Task ForcedSignOut_ByTheSecurityAdministrator_EndsEverySession_AndIsAudited()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.forced");
        var office = await TestAccounts.SignInAsync(portal, "session.forced");
        var phone = await TestAccounts.SignInAsync(portal, "session.forced");

        using var scope = portal.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .SignOutEverywhereAsync(await TestAccounts.ActorAsync(portal, "secadmin"), user.Id);

        Assert.True(result.Ok);
        Assert.Equal(HttpStatusCode.Unauthorized, (await office.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.All(await TestAccounts.SessionsOfAsync(portal, user.Id), s => Assert.NotNull(s.EndedAt));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AccountAuditActions.SessionsEnded && a.Target == "session.forced");
        Assert.Equal("secadmin", entry.UserName);
    }

    [Fact]
    public async Task ForcedSignOut_ByAnAccountWithNoUsersInScope_IsRefused()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.outofscope");

        using var scope = portal.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .SignOutEverywhereAsync(await TestAccounts.ActorAsync(portal, "resident"), user.Id);

        Assert.Equal("Common.NotInScope", result.ErrorKey);
    }

    [Fact]
    public async Task SignOutEverywhereElse_KeepsThisSession()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.elsewhere");
        var here = await TestAccounts.SignInAsync(portal, "session.elsewhere");
        var there = await TestAccounts.SignInAsync(portal, "session.elsewhere");
        var hereId = (await TestAccounts.SessionsOfAsync(portal, user.Id))[0].Id;

        var ended = await portal.Services.GetRequiredService<SessionRegistry>().EndAllAsync(user.Id, SessionEndReasons.SignedOutElsewhere, hereId);

        Assert.Equal(1, ended);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await there.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal([hereId], (await portal.Services.GetRequiredService<SessionRegistry>().ActiveOfAsync(user.Id)).Select(s => s.Id));
    }

    [Fact]
    public async Task Lockout_EndsTheSessionsOfTheAccount()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.lockout");
        var browser = await TestAccounts.SignInAsync(portal, "session.lockout");

        for (var i = 0; i < IdentitySetup.MaxFailedAttempts; i++)
        {
            await PortalFactory.PostLoginAsync(portal.Anonymous(), "session.lockout", "Wrong#Pass1");
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(SessionEndReasons.LockedOut, (await TestAccounts.SessionsOfAsync(portal, user.Id)).Single().EndReason);
    }

    [Fact]
    public async Task SignIn_RecordsTheSession_WithItsAddressBrowserAndAbsoluteExpiry()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.recorded");
        var browser = TestAccounts.Client(portal);
        browser.Http.DefaultRequestHeaders.UserAgent.ParseAdd("PanlongTest/1.0");
        await PortalFactory.PostLoginAsync(browser.Http, "session.recorded", Panlong.Workflows.Demo.DemoAccounts.Password);

        var session = Assert.Single(await TestAccounts.SessionsOfAsync(portal, user.Id));
        Assert.Equal(32, session.Id.Length);
        Assert.Equal("PanlongTest/1.0", session.UserAgent);
        Assert.Equal(TimeSpan.FromHours(12), session.ExpiresAt - session.CreatedAt);
        Assert.Null(session.EndedAt);
    }

    [Fact]
    public async Task MySessionsPage_ListsTheOpenSessions_MarkingThisOne()
    {
        await TestAccounts.CreateStaffAsync(portal, "session.page");
        await TestAccounts.SignInAsync(portal, "session.page");
        var browser = await TestAccounts.SignInAsync(portal, "session.page");

        var page = await browser.Http.GetStringAsync("/account/sessions");

        Assert.Contains("我的登录会话", page, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "data-testid=\"session-current\""));
        Assert.Contains("退出其他所有登录", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cookie_WithoutASession_IsRefused()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.none");
        var principal = await portal.PrincipalAsync(user.UserName!);

        Assert.False(await portal.Services.GetRequiredService<SessionRegistry>().IsActiveAsync(principal));
    }

    [Fact]
    public async Task Circuit_WhenItsSessionEnds_IsSignedOutAtOnce()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "session.circuit");
        var sessions = portal.Services.GetRequiredService<SessionRegistry>();
        var start = await sessions.SignedInAsync(user.Id, null, null, null);
        using var provider = new RevalidatingIdentityStateProvider(NullLoggerFactory.Instance, sessions);
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(await PrincipalWithSessionAsync(user.UserName!, start.SessionId))));
        var changed = new TaskCompletionSource<AuthenticationState>();
        provider.AuthenticationStateChanged += async task => changed.TrySetResult(await task);

        await sessions.EndAsync(start.SessionId, SessionEndReasons.SignedOutElsewhere);
        var state = await changed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    private SessionRegistry Registry(TimeProvider clock) => new(
        portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>(), clock,
        new MemoryCache(new MemoryCacheOptions()), new SessionSettings(TimeSpan.FromHours(12)),
        portal.Services.GetRequiredService<IOptions<IdentityOptions>>());

    private async Task<ClaimsPrincipal> PrincipalWithSessionAsync(string userName, string sessionId)
    {
        var principal = await portal.PrincipalAsync(userName);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(SessionRegistry.ClaimType, sessionId));
        return principal;
    }
}
