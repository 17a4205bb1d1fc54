using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Identity.TwoFactor;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity.TwoFactor;

public sealed class TwoFactorTests(MandatedPortal fixture) : IClassFixture<MandatedPortal>
{
    private const string CodePage = "/account/login/two-factor?returnUrl=%2Fadmin%2Faudit";

    private async Task<HttpClient> PasswordSignedInAsync(string userName)
    {
        var client = fixture.Client();
        var response = await PortalFactory.PostLoginAsync(client, userName, DemoAccounts.Password, "/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private static Task<HttpResponseMessage> PostCodeAsync(HttpClient client, string code, bool recovery = false) =>
        MandatedPortal.PostFormAsync(client, CodePage, "two-factor", new Dictionary<string, string>
        {
            ["Input.Code"] = code,
            ["Input.Recovery"] = recovery ? "true" : "false",
            ["Input.ReturnUrl"] = "/admin/audit",
        });

    private async Task<List<AuditEntry>> AuditOfAsync(string userName)
    {
        await using var db = await fixture.Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(a => a.UserName == userName).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Administrator_WithoutTwoFactor_IsHeldAtEnrolment()
    {
        var admin = await fixture.AccountAsync(Roles.AuditAdmin, enrolled: false);
        var client = await PasswordSignedInAsync(admin.UserName);

        var page = await client.GetAsync("/admin/audit");
        var hub = await client.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        var enrolment = await client.GetAsync("/account/two-factor");
        var style = await client.GetAsync("/app.css");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/two-factor?returnUrl=%2Fadmin%2Faudit", Target(page));
        Assert.Equal(HttpStatusCode.Forbidden, hub.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enrolment.StatusCode);
        Assert.Contains("data-testid=\"two-factor-mandatory\"", await enrolment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, style.StatusCode);
    }

    [Fact]
    public async Task Leader_WithoutTwoFactor_GetsProblemFromApi()
    {
        var leader = await fixture.AccountAsync(Roles.Leader, enrolled: false);
        var client = await PasswordSignedInAsync(leader.UserName);

        var response = await client.GetAsync("/api/map/regions/grid");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal(ApiProblems.Codes.TwoFactorRequired, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task OtherStaff_WithoutTwoFactor_WorkAsBefore()
    {
        var inspector = await fixture.AccountAsync(Roles.Inspector, enrolled: false);
        var client = await PasswordSignedInAsync(inspector.UserName);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/cases")).StatusCode);
    }

    [Fact]
    public async Task Enrolment_WithTheAppsCode_ShowsTenRecoveryCodes_AndOpensThePortal_AndTheNextSignInAsksForACode()
    {
        var admin = await fixture.AccountAsync(Roles.AuditAdmin, enrolled: false);
        var client = await PasswordSignedInAsync(admin.UserName);
        var key = MandatedPortal.ShownKey(await client.GetStringAsync("/account/two-factor"));

        var enabled = await MandatedPortal.PostFormAsync(client, "/account/two-factor?returnUrl=%2Fadmin%2Faudit", "enable",
            new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(key), ["Input.ReturnUrl"] = "/admin/audit" });

        var page = await enabled.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(page, "<li class=\"mono\">"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/audit")).StatusCode);
        Assert.Contains(await AuditOfAsync(admin.UserName), a => a.Action == TwoFactorAuditActions.Enabled);

        var next = fixture.Client();
        var password = await PortalFactory.PostLoginAsync(next, admin.UserName, DemoAccounts.Password, "/admin/audit");
        Assert.StartsWith("/account/login/two-factor", Target(password), StringComparison.Ordinal);
        var code = await PostCodeAsync(next, TestTotp.Code(key, step: 1));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        Assert.Equal("/admin/audit", Target(code));
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task Enrolment_WithAWrongCode_IsRefused_AndAudited()
    {
        var admin = await fixture.AccountAsync(Roles.SecurityAdmin, enrolled: false);
        var client = await PasswordSignedInAsync(admin.UserName);
        var key = MandatedPortal.ShownKey(await client.GetStringAsync("/account/two-factor"));

        var refused = await MandatedPortal.PostFormAsync(client, "/account/two-factor", "enable",
            new Dictionary<string, string> { ["Input.Code"] = WrongCode(key) });

        Assert.Contains("data-testid=\"two-factor-message\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/users")).StatusCode);
        Assert.Contains(await AuditOfAsync(admin.UserName), a => a.Action == TwoFactorAuditActions.CodeRefused);
    }

    [Fact]
    public async Task Leader_EnrolledElsewhere_IsSignedOutOfThePasswordOnlySession()
    {
        var leader = await fixture.AccountAsync(Roles.Leader, enrolled: false);
        var client = await PasswordSignedInAsync(leader.UserName);
        using (var scope = fixture.Portal.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
            var user = (await users.FindByIdAsync(leader.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var page = await client.GetAsync("/appraisal");

        // Turning two-factor on changed the account's security stamp: the session signed in with the password alone ends
        // (docs/decisions/0025-server-side-sessions.md), and the next sign-in asks for a code.
        Assert.StartsWith("/account/login", Target(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordAlone_DoesNotSignInAnEnrolledUser()
    {
        var admin = await fixture.AccountAsync(Roles.AuditAdmin, enrolled: true);
        var client = fixture.Client();

        var password = await PortalFactory.PostLoginAsync(client, admin.UserName, DemoAccounts.Password, "/admin/audit");
        var page = await client.GetAsync("/admin/audit");

        Assert.StartsWith("/account/login/two-factor", Target(password), StringComparison.Ordinal);
        Assert.StartsWith("/account/login", Target(page), StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditOfAsync(admin.UserName), a => a.Action == AuditActions.SignIn);
    }

    [Fact]
    public async Task WrongCode_IsRefused_AndAudited()
    {
        var admin = await fixture.AccountAsync(Roles.AuditAdmin, enrolled: true);
        var client = await PasswordSignedInAsync(admin.UserName);

        var response = await PostCodeAsync(client, WrongCode(admin.Key!));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"two-factor-message\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await AuditOfAsync(admin.UserName), a => a.Action == AuditActions.SignInFailed && a.Detail == "wrong authenticator code");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task AuthenticatorCode_CountsOnce()
    {
        var admin = await fixture.AccountAsync(Roles.AuditAdmin, enrolled: true);
        var code = TestTotp.Code(admin.Key!);

        var first = await PostCodeAsync(await PasswordSignedInAsync(admin.UserName), code);
        var replay = await PostCodeAsync(await PasswordSignedInAsync(admin.UserName), code);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("data-testid=\"two-factor-message\"", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce()
    {
        var leader = await fixture.AccountAsync(Roles.Leader, enrolled: true);
        var recoveryCode = leader.RecoveryCodes[0];

        var first = await PostCodeAsync(await PasswordSignedInAsync(leader.UserName), recoveryCode, recovery: true);
        var again = await PostCodeAsync(await PasswordSignedInAsync(leader.UserName), recoveryCode, recovery: true);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var audit = await AuditOfAsync(leader.UserName);
        Assert.Contains(audit, a => a.Action == AuditActions.SignIn && a.Detail == "recovery code, 9 left");
        Assert.Contains(audit, a => a.Action == AuditActions.SignInFailed && a.Detail == "wrong recovery code");
    }

    [Fact]
    public async Task Disabling_WithACode_TakesAnAdministratorBackToEnrolment()
    {
        var admin = await fixture.AccountAsync(Roles.SystemAdmin, enrolled: true);
        var client = await PasswordSignedInAsync(admin.UserName);
        Assert.Equal(HttpStatusCode.Redirect, (await PostCodeAsync(client, TestTotp.Code(admin.Key!))).StatusCode);

        var disabled = await MandatedPortal.PostFormAsync(client, "/account/two-factor", "disable",
            new Dictionary<string, string> { ["Input.Code"] = TestTotp.Code(admin.Key!, step: -1) });

        Assert.Contains("data-testid=\"authenticator-key\"", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/admin/departments")).StatusCode);
        Assert.Contains(await AuditOfAsync(admin.UserName), a => a.Action == TwoFactorAuditActions.Disabled);
    }

    [Fact]
    public async Task SecurityAdministrator_ResetsAnotherAccount_Audited()
    {
        var leader = await fixture.AccountAsync(Roles.Leader, enrolled: true);
        using var scope = fixture.Portal.Services.CreateScope();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");

        var result = await scope.ServiceProvider.GetRequiredService<TwoFactorAccount>().ResetAsync(secadmin, leader.Id, "10.0.0.9");

        Assert.True(result.Ok);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        Assert.False((await users.FindByIdAsync(leader.Id))!.TwoFactorEnabled);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == TwoFactorAuditActions.ResetByAdmin && a.UserName == "secadmin" && a.Target == leader.UserName));
    }

    [Fact]
    public async Task SecurityAdministrator_CannotResetOwnTwoFactor()
    {
        using var scope = fixture.Portal.Services.CreateScope();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");
        var id = secadmin.FindFirstValue(ClaimTypes.NameIdentifier)!;

        var result = await scope.ServiceProvider.GetRequiredService<TwoFactorAccount>().ResetAsync(secadmin, id, null);

        Assert.Equal("TwoFactor.ResetOwn", result.ErrorKey);
    }

    [Fact]
    public void Mandate_SwitchedOffInProduction_StopsStartup()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration[TwoFactorSetup.RequireForAdminsKey] = "false";

        var error = Assert.Throws<StartupConfigurationException>(() => builder.AddTwoFactor());

        Assert.Contains(TwoFactorSetup.RequireForAdminsKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecurityStampRefresh_KeepsTheSignInMethod()
    {
        var current = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TwoFactorSetup.MethodClaim, TwoFactorSetup.MultiFactor)], "test"));
        var context = new SecurityStampRefreshingPrincipalContext { CurrentPrincipal = current, NewPrincipal = new ClaimsPrincipal(new ClaimsIdentity([], "test")) };

        await TwoFactorSetup.KeepSignInMethod(context);

        Assert.True(context.NewPrincipal.SignedInWithCode());
    }

    /// <summary>Where a redirect goes: form handlers answer with absolute URLs, middleware with relative ones.</summary>
    private static string Target(HttpResponseMessage response) =>
        response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString;

    /// <summary>A six-digit code that is none of the five the portal would take now.</summary>
    private static string WrongCode(string key)
    {
        var valid = Enumerable.Range(-2, 5).Select(step => TestTotp.Code(key, step)).ToHashSet();
        return Enumerable.Range(0, 10).Select(i => $"{i}{i}{i}{i}{i}{i}").First(c => !valid.Contains(c));
    }
}
