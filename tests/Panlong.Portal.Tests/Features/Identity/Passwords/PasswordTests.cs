using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Passwords;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity.Passwords;

/// <summary>Issue 15 password management: change one's own, an administrator's reset with a forced change, no common passwords.</summary>
[Collection(nameof(PortalCollection))]
public class PasswordTests(PortalFactory portal)
{
    private const string NewPassword = "Dianchi#Lake26";

    [Fact]
    public async Task ChangePassword_WithTheCurrentOne_EndsOtherSessions_KeepsThisOne()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "password.changer");
        var here = await TestAccounts.SignInAsync(portal, "password.changer");
        var there = await TestAccounts.SignInAsync(portal, "password.changer");

        var response = await PostChangeAsync(here.Http, DemoAccounts.Password, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await here.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await there.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(portal.Anonymous(), "password.changer", NewPassword)).StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AccountAuditActions.PasswordChanged && a.Target == "password.changer"));
        Assert.Equal(["password-changed"], SessionEndReasonsOf(await TestAccounts.SessionsOfAsync(portal, user.Id)));
    }

    [Fact]
    public async Task ChangePassword_WithAWrongCurrentOne_IsRefused_AndCountsTowardLockout()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "password.guesser");
        var browser = await TestAccounts.SignInAsync(portal, "password.guesser");

        var response = await PostChangeAsync(browser.Http, "Wrong#Pass1", NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("当前密码错误", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(1, (await db.Users.SingleAsync(u => u.Id == user.Id)).AccessFailedCount);
    }

    [Fact]
    public async Task ChangePassword_ToACommonOne_IsRefusedInChinese()
    {
        await TestAccounts.CreateStaffAsync(portal, "password.common");
        var browser = await TestAccounts.SignInAsync(portal, "password.common");

        var response = await PostChangeAsync(browser.Http, DemoAccounts.Password, "Woaini1314!");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("密码过于常见", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminReset_GivesATemporaryPassword_ThatMustBeChangedBeforeAnythingElse()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "password.reset");
        var before = await TestAccounts.SignInAsync(portal, "password.reset");

        using var scope = portal.Services.CreateScope();
        var (result, temporary) = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .ResetPasswordAsync(await TestAccounts.ActorAsync(portal, "secadmin"), user.Id);
        Assert.True(result.Ok);
        Assert.Equal(HttpStatusCode.Unauthorized, (await before.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);

        var after = await TestAccounts.SignInAsync(portal, "password.reset", temporary!);
        var home = await after.Http.GetAsync("/");
        var api = await after.Http.GetAsync(TestAccounts.StaffApi);
        var changePage = await after.Http.GetStringAsync(PasswordChangeGate.ChangePath);
        var change = await PostChangeAsync(after.Http, temporary!, NewPassword);
        var homeAfterChange = await after.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal(PasswordChangeGate.ChangePath, home.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("data-testid=\"password-must-change\"", changePage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Equal(HttpStatusCode.OK, homeAfterChange.StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        Assert.False((await db.Users.SingleAsync(u => u.Id == user.Id)).MustChangePassword);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AccountAuditActions.PasswordReset && a.Target == "password.reset" && a.UserName == "secadmin"));
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("sysadmin")]
    public async Task AdminReset_OfAnAdministratorOrLeader_IsRefused(string userName)
    {
        using var scope = portal.Services.CreateScope();
        var target = await scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>().FindByNameAsync(userName);

        var (result, temporary) = await scope.ServiceProvider.GetRequiredService<AccountAdministration>()
            .ResetPasswordAsync(await TestAccounts.ActorAsync(portal, "secadmin"), target!.Id);

        Assert.Equal("Accounts.ResetOfAdministrator", result.ErrorKey);
        Assert.Null(temporary);
    }

    [Theory]
    [InlineData("Password123!")]
    [InlineData("P@ssw0rd")]
    [InlineData("Qwerty@123")]
    [InlineData("1qaz@WSX")]
    [InlineData("Woaini1314!")]
    [InlineData("Aa123456")]
    [InlineData("Panlong#2026")]
    [InlineData("盘龙Abc#2026")]
    [InlineData("Zhang.Wei@2026x")]
    public async Task CommonPasswords_AndOnesBuiltOnTheNames_AreRefused(string password)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();

        var result = await users.CreateAsync(new PanlongUser { UserName = "zhang.wei" }, password);

        Assert.Contains(result.Errors, e => e.Code == "PasswordCommon");
    }

    [Theory]
    [InlineData("Dianchi#Lake26")]
    [InlineData("Yunnan#2026")]
    [InlineData("Cuihu-Gull7!")]
    public void UncommonPasswords_AreAccepted(string password) => Assert.False(CommonPasswordValidator.IsCommon(password, "zhang.wei"));

    [Fact]
    public async Task TemporaryPasswords_PassEveryPasswordRule()
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var user = new PanlongUser { UserName = "temporary.check" };

        for (var i = 0; i < 50; i++)
        {
            var password = TemporaryPassword.Create();
            foreach (var validator in users.PasswordValidators)
            {
                Assert.True((await validator.ValidateAsync(users, user, password)).Succeeded, password);
            }
        }
    }

    /// <summary>
    /// The tests' lower PBKDF2 work factor (docs/decisions/0106-test-password-hashing.md) is the Development portal's only: its
    /// seeded demo accounts are stored with it, and a Production portal given the same setting keeps the library's default.
    /// </summary>
    [Fact]
    public async Task HashIterations_AreLoweredInDevelopmentOnly()
    {
        static int IterationsOf(IServiceProvider services) => services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PasswordHasherOptions>>().Value.IterationCount;
        await using var db = await Db().CreateDbContextAsync();
        var stored = Convert.FromBase64String((await db.Users.SingleAsync(u => u.UserName == "gridworker")).PasswordHash!);

        Assert.Equal(TestPasswords.Iterations, IterationsOf(portal.Services));
        Assert.Equal(TestPasswords.Iterations, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(stored.AsSpan(5, 4))); // format 3: marker, PRF, count
        await using var production = portal.WithWebHostBuilder(b => PortalFactory.Production(b));
        Assert.Equal(new PasswordHasherOptions().IterationCount, IterationsOf(production.Services));
    }

    private static async Task<HttpResponseMessage> PostChangeAsync(HttpClient client, string current, string next)
    {
        var token = PortalFactory.AntiforgeryTokenOf(await client.GetStringAsync(PasswordChangeGate.ChangePath));
        return await client.PostAsync(PasswordChangeGate.ChangePath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "change-password",
            ["__RequestVerificationToken"] = token,
            ["Input.Current"] = current,
            ["Input.New"] = next,
            ["Input.Confirm"] = next,
        }));
    }

    private static List<string?> SessionEndReasonsOf(IReadOnlyList<UserSession> sessions) => sessions.Where(s => s.EndedAt != null).Select(s => s.EndReason).ToList();

    private IDbContextFactory<PanlongDbContext> Db() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
}
