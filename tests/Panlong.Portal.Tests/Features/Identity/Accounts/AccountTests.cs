using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity.Accounts;

/// <summary>Issue 15: disabled accounts cannot sign in; dormant ones (90 days) are disabled by the daily job.</summary>
[Collection(nameof(PortalCollection))]
public class AccountTests(PortalFactory portal)
{
    [Fact]
    public async Task DisabledAccount_CannotSignIn_ItsSessionsEnd_AndEnablingLetsItBackIn()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "account.disabled");
        var browser = await TestAccounts.SignInAsync(portal, "account.disabled");
        using var scope = portal.Services.CreateScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountAdministration>();
        var secadmin = await TestAccounts.ActorAsync(portal, "secadmin");

        Assert.True((await accounts.DisableAsync(secadmin, user.Id)).Ok);
        var refused = await PortalFactory.PostLoginAsync(portal.Anonymous(), "account.disabled", DemoAccounts.Password);
        var listed = await scope.ServiceProvider.GetRequiredService<UserAdministration>().ListAsync(DataScope.For(secadmin), "account.disabled");

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync(TestAccounts.StaffApi)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, with the usual message
        Assert.Contains("用户名或密码错误", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.True(Assert.Single(listed).IsDisabled);

        Assert.True((await accounts.EnableAsync(secadmin, user.Id)).Ok);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(portal.Anonymous(), "account.disabled", DemoAccounts.Password)).StatusCode);
        await using var db = await Db().CreateDbContextAsync();
        var actions = await db.AuditEntries.Where(a => a.Target == "account.disabled" && a.UserName == "secadmin").Select(a => a.Action).ToListAsync();
        Assert.Contains(AccountAuditActions.AccountDisabled, actions);
        Assert.Contains(AccountAuditActions.AccountEnabled, actions);
    }

    [Fact]
    public async Task Disabling_OnesOwnAccount_IsRefused()
    {
        var secadmin = await TestAccounts.ActorAsync(portal, "secadmin");
        using var scope = portal.Services.CreateScope();
        var id = secadmin.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;

        var result = await scope.ServiceProvider.GetRequiredService<AccountAdministration>().DisableAsync(secadmin, id);

        Assert.Equal("Accounts.NotYourself", result.ErrorKey);
    }

    [Fact]
    public async Task DormantAccounts_After90DaysWithoutSignIn_AreDisabled_AndAudited_UntilReEnabled()
    {
        var dormant = await TestAccounts.CreateStaffAsync(portal, "account.dormant");
        var recent = await TestAccounts.CreateStaffAsync(portal, "account.recent");
        var now = DateTimeOffset.UtcNow;
        await using (var db = await Db().CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == dormant.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, now.AddDays(-91)));
            await db.Users.Where(u => u.Id == recent.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastActiveAt, now.AddDays(-89)));
        }
        var job = portal.Services.GetRequiredService<DormantAccounts>();

        await job.DisableAsync();
        await using (var db = await Db().CreateDbContextAsync())
        {
            Assert.NotNull((await db.Users.SingleAsync(u => u.Id == dormant.Id)).DisabledAt);
            Assert.Null((await db.Users.SingleAsync(u => u.Id == recent.Id)).DisabledAt);
            var entry = await db.AuditEntries.SingleAsync(a => a.Action == AccountAuditActions.AccountDisabled && a.Target == "account.dormant");
            Assert.Equal("dormant-accounts", entry.UserName);
        }
        Assert.Equal(HttpStatusCode.OK, (await PortalFactory.PostLoginAsync(portal.Anonymous(), "account.dormant", DemoAccounts.Password)).StatusCode);

        using var scope = portal.Services.CreateScope();
        Assert.True((await scope.ServiceProvider.GetRequiredService<AccountAdministration>().EnableAsync(await TestAccounts.ActorAsync(portal, "secadmin"), dormant.Id)).Ok);
        await job.DisableAsync();

        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(portal.Anonymous(), "account.dormant", DemoAccounts.Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_RecordsWhenTheAccountWasLastActive()
    {
        var user = await TestAccounts.CreateStaffAsync(portal, "account.active");

        await TestAccounts.SignInAsync(portal, "account.active");

        await using var db = await Db().CreateDbContextAsync();
        var lastActive = (await db.Users.SingleAsync(u => u.Id == user.Id)).LastActiveAt;
        Assert.NotNull(lastActive);
        Assert.True(DateTimeOffset.UtcNow - lastActive < TimeSpan.FromMinutes(1));
    }

    private IDbContextFactory<PanlongDbContext> Db() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
}
