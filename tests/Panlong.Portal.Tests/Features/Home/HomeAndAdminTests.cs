using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Home;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Organization;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;

namespace Panlong.Portal.Tests.Features.Home;

[Collection(nameof(PortalCollection))]
public class HomeAndAdminTests(PortalFactory portal)
{
    private const string DistrictPath = "/530103/";
    private const string TuodongPath = "/530103/530103001/";

    [Fact]
    public async Task HomeCounts_ComeFromTheDatabaseForTheViewersScope()
    {
        var home = portal.Services.GetRequiredService<HomeQueries>();

        var district = await home.CountsAsync(new DataScope(DistrictPath));
        var tuodong = await home.CountsAsync(new DataScope(TuodongPath));

        Assert.Equal((12, 103, 610), (district.Streets, district.Communities, district.Grids));
        Assert.Equal((1, 8, 66), (tuodong.Streets, tuodong.Communities, tuodong.Grids));
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(await db.StaffMembers.CountAsync(), district.StaffMembers);
        Assert.True(tuodong.StaffMembers < district.StaffMembers);
        Assert.Equal(0, tuodong.Departments);
    }

    [Fact]
    public async Task HomePage_ShowsTheStreetDispatchersOwnCounts()
    {
        var client = await portal.SignedInAsync("dispatcher.tuodong");

        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Matches("data-count=\"Home.Grids\"[^>]*>66<", html);
        Assert.Matches("data-count=\"Home.Communities\"[^>]*>8<", html);
    }

    [Fact]
    public async Task OrganizationPage_ForAStreetUser_ListsNoOtherStreet()
    {
        var client = await portal.SignedInAsync("dispatcher.tuodong");

        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/organization"));

        Assert.Contains("拓东街道", html, StringComparison.Ordinal);
        Assert.Contains("东庄社区", html, StringComparison.Ordinal);
        Assert.DoesNotContain("鼓楼街道", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgDetail_MasksStaffPhones()
    {
        var org = portal.Services.GetRequiredService<OrgQueries>();
        await using var db = await Db().CreateDbContextAsync();
        var grid = await db.OrgUnits.FirstAsync(u => u.Code == "530103001001001");

        var detail = await org.DetailAsync(new DataScope(TuodongPath), grid.Id);

        Assert.NotNull(detail);
        Assert.All(detail.Grids.Single().Staff, s => Assert.Matches(@"^\d{3}\*{4}\d{4}$", s.MaskedPhone));
    }

    [Fact]
    public async Task RoleChange_IsAudited_AndAdministratorsStaySeparate()
    {
        using var scope = portal.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var actor = await PortalFactory.PrincipalAsync(scope, "secadmin");
        var target = await users.FindByNameAsync("approver");

        var separation = await admin.SetRolesAsync(actor, target!.Id, [Roles.AuditAdmin, Roles.SystemAdmin]);
        var change = await admin.SetRolesAsync(actor, target.Id, [Roles.Approver, Roles.WindowClerk]);

        Assert.Equal("RoleSeparation.TwoAdmins", separation.ErrorKey);
        Assert.True(change.Ok);
        Assert.Equal([Roles.Approver, Roles.WindowClerk], (await users.GetRolesAsync(target)).Order());
        await using var db = await Db().CreateDbContextAsync();
        var entry = await db.AuditEntries.OrderBy(a => a.Id).LastAsync(a => a.Action == AuditActions.RoleChanged);
        Assert.Equal("approver", entry.Target);
        Assert.Equal("secadmin", entry.UserName);
        Assert.Equal("Approver -> Approver,WindowClerk", entry.Detail);
        await admin.SetRolesAsync(actor, target.Id, [Roles.Approver]);
    }

    [Fact]
    public async Task DepartmentEdit_FromAStaleCopy_IsRefusedWithTheReloadMessage()
    {
        using var scope = portal.Services.CreateScope();
        var editor = scope.ServiceProvider.GetRequiredService<DepartmentEditor>();
        var actor = await PortalFactory.PrincipalAsync(scope, "sysadmin");
        var rows = await scope.ServiceProvider.GetRequiredService<OrgQueries>().DepartmentsAsync(DataScope.For(actor));
        var stale = rows.First(r => r.Code == "530103-BM07");

        var first = await editor.SaveAsync(WorkflowActor.From(actor), stale with { Name = stale.Name + "（新）" });
        var second = await editor.SaveAsync(WorkflowActor.From(actor), stale with { Name = stale.Name + "（旧）" });
        var empty = await editor.SaveAsync(WorkflowActor.From(actor), stale with { Id = 0, Name = "  " });

        Assert.True(first.Ok);
        Assert.Equal("Common.ChangedBySomeoneElse", second.ErrorKey);
        Assert.Equal("Departments.NameRequired", empty.ErrorKey);
        await using var db = await Db().CreateDbContextAsync();
        Assert.Equal(stale.Name + "（新）", (await db.OrgUnits.SingleAsync(u => u.Code == "530103-BM07")).Name);
    }

    private IDbContextFactory<PanlongDbContext> Db() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
}
