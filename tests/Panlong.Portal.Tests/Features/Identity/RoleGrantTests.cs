using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>Issue 15 hole 3: no single administrator grants or removes an administrator or leader role, and no administrator reads business data.</summary>
[Collection(nameof(PortalCollection))]
public class RoleGrantTests(PortalFactory portal)
{
    [Fact]
    public async Task SecondAuditAdmin_CreatedBySecurityAdmin_HasNoRoleUntilAnotherAdministratorApproves()
    {
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var grants = scope.ServiceProvider.GetRequiredService<RoleGrants>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");
        var sysadmin = await PortalFactory.PrincipalAsync(scope, "sysadmin");
        var district = await DistrictIdAsync();

        var created = await admin.CreateAsync(secadmin, "audit.second", "第二审计", district, Roles.AuditAdmin, "Chosen#Pass9");

        Assert.Equal((true, "Users.Grant.PendingNewAccount"), (created.Ok, created.NoticeKey));
        var account = (await users.FindByNameAsync("audit.second"))!;
        Assert.Empty(await users.GetRolesAsync(account));
        var request = Assert.Single(await grants.PendingAsync(secadmin), r => r.TargetUserName == "audit.second");
        Assert.True(request.IsOwn);
        // Signed in with the password its creator chose, the account is no auditor.
        var client = await portal.SignedInAsync("audit.second", "Chosen#Pass9");
        Assert.StartsWith("/account/access-denied", (await client.GetAsync("/admin/audit")).Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var own = await grants.ApproveAsync(secadmin, request.Id);
        Assert.Equal("Users.Grant.OwnRequest", own.ErrorKey);
        Assert.Empty(await users.GetRolesAsync(account));

        var second = await grants.ApproveAsync(sysadmin, request.Id);
        Assert.True(second.Ok, second.ErrorKey);
        Assert.Equal([Roles.AuditAdmin], await users.GetRolesAsync(account));
        Assert.DoesNotContain(await grants.PendingAsync(sysadmin), r => r.Id == request.Id);
        await using var db = await Db().CreateDbContextAsync();
        var trail = await db.AuditEntries.Where(a => a.Target == "audit.second").OrderBy(a => a.Id).Select(a => new { a.Action, a.UserName }).ToListAsync();
        Assert.Contains(new { Action = RoleGrantActions.Requested, UserName = (string?)"secadmin" }, trail);
        Assert.Contains(new { Action = RoleGrantActions.Approved, UserName = (string?)"sysadmin" }, trail);
        Assert.Contains(new { Action = AuditActions.RoleChanged, UserName = (string?)"sysadmin" }, trail);
    }

    [Fact]
    public async Task DemotingTheAuditor_StaysPending_TheAuditorCannotApproveIt_AndMayDeclineIt()
    {
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var grants = scope.ServiceProvider.GetRequiredService<RoleGrants>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");
        var auditadmin = await PortalFactory.PrincipalAsync(scope, "auditadmin");
        var auditor = (await users.FindByNameAsync("auditadmin"))!;

        var demotion = await admin.SetRolesAsync(secadmin, auditor.Id, []);

        Assert.Equal((true, "Users.Grant.Pending"), (demotion.Ok, demotion.NoticeKey));
        Assert.Equal([Roles.AuditAdmin], await users.GetRolesAsync(auditor));
        Assert.Equal("Users.Grant.AlreadyPending", (await admin.SetRolesAsync(secadmin, auditor.Id, [Roles.SystemAdmin])).ErrorKey);
        var request = Assert.Single(await grants.PendingAsync(auditadmin), r => r.TargetUserName == "auditadmin");
        Assert.Equal("Users.Grant.OwnAccount", (await grants.ApproveAsync(auditadmin, request.Id)).ErrorKey);
        Assert.True((await grants.DeclineAsync(auditadmin, request.Id)).Ok);
        Assert.Equal("Users.Grant.NotFound", (await grants.ApproveAsync(await PortalFactory.PrincipalAsync(scope, "sysadmin"), request.Id)).ErrorKey);
        Assert.Equal([Roles.AuditAdmin], await users.GetRolesAsync(auditor));
    }

    [Fact]
    public async Task GrantingLeader_NeedsASecondAdministrator_ButABusinessRoleDoesNot()
    {
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");
        var target = (await users.FindByNameAsync("acceptor"))!;

        var leader = await admin.SetRolesAsync(secadmin, target.Id, [Roles.Acceptor, Roles.Leader]);
        Assert.Equal("Users.Grant.Pending", leader.NoticeKey);
        Assert.Equal([Roles.Acceptor], await users.GetRolesAsync(target));

        var grants = scope.ServiceProvider.GetRequiredService<RoleGrants>();
        var request = Assert.Single(await grants.PendingAsync(secadmin), r => r.TargetUserName == "acceptor");
        Assert.True((await grants.DeclineAsync(secadmin, request.Id)).Ok);
        Assert.False(RoleGrants.NeedsSecondAdministrator([Roles.Acceptor], [Roles.Acceptor, Roles.ShiftLead]));
        Assert.True(RoleGrants.NeedsSecondAdministrator([Roles.Leader, Roles.Acceptor], [Roles.Acceptor]));
    }

    [Fact]
    public async Task ApprovalOnRolesThatChangedSinceTheRequest_IsRefusedAsStale()
    {
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var grants = scope.ServiceProvider.GetRequiredService<RoleGrants>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var secadmin = await PortalFactory.PrincipalAsync(scope, "secadmin");
        Assert.True((await admin.CreateAsync(secadmin, "leader.stale", "陈领导", await DistrictIdAsync(), Roles.Leader, "Dianchi#Lake26")).Ok);
        var account = (await users.FindByNameAsync("leader.stale"))!;
        var request = Assert.Single(await grants.PendingAsync(secadmin), r => r.TargetUserName == "leader.stale");
        await users.AddToRoleAsync(account, Roles.Inspector);

        var approval = await grants.ApproveAsync(await PortalFactory.PrincipalAsync(scope, "auditadmin"), request.Id);

        Assert.Equal("Users.Grant.Stale", approval.ErrorKey);
        Assert.Equal([Roles.Inspector], await users.GetRolesAsync(account));
    }

    [Fact]
    public async Task CreateAdminOnTheServer_WithExisting_RestoresADemotedAuditor_WithANewPassword()
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var demoted = new PanlongUser { UserName = "auditor.demoted", DisplayName = "原审计员" };
        Assert.True((await DemoAccounts.CreateWithDemoPasswordAsync(users, demoted)).Succeeded);
        await users.AddToRoleAsync(demoted, Roles.Volunteer);

        int refused, restored;
        Environment.SetEnvironmentVariable("PANLONG_ADMIN_PASSWORD", "Restored#Pass7");
        try
        {
            refused = await AdministratorCommand.RunAsync(portal.Services, ["auditor.demoted", "--role", Roles.AuditAdmin]);
            restored = await AdministratorCommand.RunAsync(portal.Services, ["auditor.demoted", "--role", Roles.AuditAdmin, "--existing"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PANLONG_ADMIN_PASSWORD", null);
        }

        Assert.Equal((1, 0), (refused, restored));
        using var after = portal.Services.CreateScope();
        var fresh = after.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var account = (await fresh.FindByNameAsync("auditor.demoted"))!;
        Assert.Equal([Roles.AuditAdmin], await fresh.GetRolesAsync(account));
        Assert.True(await fresh.CheckPasswordAsync(account, "Restored#Pass7"));
        await using var db = await Db().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.AdministratorCreated && a.Target == "auditor.demoted");
        Assert.Equal(("create-admin", "Volunteer -> AuditAdmin"), (entry.UserName, entry.Detail));
    }

    [Theory]
    [InlineData("sysadmin")]
    [InlineData("secadmin")]
    [InlineData("auditadmin")]
    public async Task PureAdministrator_CannotReadACaseHistory_OrTheCaseMap(string userName)
    {
        var instance = await CaseInstanceAsync();
        var client = await portal.SignedInAsync(userName);

        var history = await client.GetAsync($"/processes/{instance}");
        var map = await client.GetAsync("/api/map/cases");
        var mapPage = await client.GetAsync("/map");

        Assert.Equal(HttpStatusCode.Redirect, history.StatusCode);
        Assert.StartsWith("/account/access-denied", history.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, map.StatusCode);
        Assert.StartsWith("/account/access-denied", mapPage.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatcher_StillReadsTheCaseHistory_AndTheCaseMap()
    {
        var instance = await CaseInstanceAsync();
        var client = await portal.SignedInAsync("dispatcher");

        var history = await client.GetAsync($"/processes/{instance}");

        Assert.Equal(HttpStatusCode.OK, history.StatusCode);
        Assert.Contains("instance-history", await history.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/map/cases")).StatusCode);
    }

    private async Task<Guid> CaseInstanceAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        var inspector = new WorkflowActor("grant-inspector", "赵巡查", new HashSet<string> { Roles.Inspector }, new DataScope("/530103/"));
        var number = (await portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "人行道护栏倒伏", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), inspector)).Number!;
        return await db.Cases.Where(c => c.Number == number).Select(c => c.InstanceId).SingleAsync();
    }

    private async Task<int> DistrictIdAsync()
    {
        await using var db = await Db().CreateDbContextAsync();
        return await db.OrgUnits.Where(u => u.Kind == Panlong.Data.Organization.OrgUnitKind.District).Select(u => u.Id).SingleAsync();
    }

    private IDbContextFactory<PanlongDbContext> Db() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
}
