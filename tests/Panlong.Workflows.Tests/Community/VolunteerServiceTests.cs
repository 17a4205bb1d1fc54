using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Volunteers (issue 18 part 1): application, approval on the engine by the community's staff, posts, suspension and leaving.</summary>
public class VolunteerServiceTests : IAsyncLifetime
{
    private TestEngine _engine = null!;

    private VolunteerService Volunteers => _engine.Database.Get<VolunteerService>();

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<int> AuditRowsAsync(string action)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.AuditEntries.CountAsync(a => a.Action == action);
    }

    [Fact]
    public async Task Apply_ByAResidentOfDongzhuang_OpensATaskForTheApproverOfDongzhuang()
    {
        var resident = await ResidentAsync(_engine);

        var id = await ApplyAsync(_engine, resident, 1, 5);

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var application = await db.VolunteerApplications.SingleAsync(a => a.Id == id);
        var task = await db.WorkTasks.SingleAsync(t => t.InstanceId == application.InstanceId && t.Status == WorkTaskStatus.Open);
        Assert.Equal((Dongzhuang, "/530103/530103001/530103001001/", "1,5"), (application.CommunityCode, application.ScopePath, application.Skills));
        Assert.Equal((Roles.Approver, "/530103/530103001/530103001001/"), (task.Role, task.ScopePath));
        Assert.Equal(1, await AuditRowsAsync("Volunteer.Apply"));
    }

    [Fact]
    public async Task Apply_WithoutAVerifiedRegistryPerson_IsRefused()
    {
        var stranger = TestEngine.Actor("nobody", Roles.Resident, null, "nobody");

        var result = await Volunteers.ApplyAsync(stranger, new VolunteerForm([1], "周末", null));

        Assert.Equal((false, "Volunteers.Problem.NoPerson"), (result.Ok, result.Problem));
    }

    [Fact]
    public async Task Apply_WhileAnApplicationIsOpen_IsRefused()
    {
        var resident = await ResidentAsync(_engine);
        await ApplyAsync(_engine, resident);

        var again = await Volunteers.ApplyAsync(resident, new VolunteerForm([1], "周末", null));

        Assert.Equal("Volunteers.Problem.AlreadyApplied", again.Problem);
    }

    [Fact]
    public async Task Approve_ByTheCommunitysApprover_MakesAVolunteerWithRoleOpaqueCodeAndAccount()
    {
        var volunteer = await VolunteerAsync(_engine);

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == volunteer.UserId select r.Name).ToListAsync();
        var idNumberDigits = await db.People.Where(p => p.Id == volunteer.PersonId).Select(p => p.IdMasked).SingleAsync();
        Assert.Contains(Roles.Volunteer, roles);
        Assert.Matches("^V[2-9A-HJKMNP-Z]{9}$", volunteer.Code);
        Assert.DoesNotContain(idNumberDigits[^4..], volunteer.Code, StringComparison.Ordinal);
        Assert.True(await db.PointAccounts.AnyAsync(a => a.Kind == PointAccountKind.Volunteer && a.Owner == volunteer.Code && a.CommunityCode == Dongzhuang));
        Assert.Equal(1, await AuditRowsAsync("Volunteer.Approve"));
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == "user:" + volunteer.UserId && m.Topic == "volunteer.decided"));
    }

    [Fact]
    public async Task Decline_WithoutAReason_IsRefused_WithOneItIsKept()
    {
        var resident = await ResidentAsync(_engine);
        var id = await ApplyAsync(_engine, resident);

        var bare = await Volunteers.DecideAsync(id, VolunteerContract.Decline, StaffOf(Dongzhuang), null);
        var reasoned = await Volunteers.DecideAsync(id, VolunteerContract.Decline, StaffOf(Dongzhuang), "本社区暂不招募该技能");

        Assert.Equal("Refusal.CommentRequired", bare.Problem);
        Assert.True(reasoned.Ok);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var application = await db.VolunteerApplications.SingleAsync(a => a.Id == id);
        Assert.Equal((VolunteerApplicationStatus.Declined, "本社区暂不招募该技能"), (application.Status, application.Reason));
        Assert.False(await db.Volunteers.AnyAsync(v => v.UserId == resident.UserId));
    }

    [Fact]
    public async Task Decide_ByTheStaffOfAnotherCommunity_IsNotFound()
    {
        var resident = await ResidentAsync(_engine);
        var id = await ApplyAsync(_engine, resident);

        var result = await Volunteers.DecideAsync(id, VolunteerContract.Approve, StaffOf(Gulou1), null);

        Assert.Equal("Volunteers.Problem.NotFound", result.Problem);
    }

    [Fact]
    public async Task Decide_ByTheStreetsApprover_IsRefusedBecauseTheTaskIsTheCommunitys()
    {
        var resident = await ResidentAsync(_engine);
        var id = await ApplyAsync(_engine, resident);
        var street = new WorkflowActor("street", "street", new HashSet<string> { Roles.Approver }, new DataScope("/530103/530103001/"));

        var result = await Volunteers.DecideAsync(id, VolunteerContract.Approve, street, null);

        Assert.False(result.Ok);
    }

    [Fact]
    public async Task Appoint_ASecondHolderToTheSamePost_IsRefused_AnotherPostOfTheBuildingIsFine()
    {
        var first = await VolunteerAsync(_engine, name: "甲");
        var second = await VolunteerAsync(_engine, name: "乙");
        var building = await BuildingAsync(Dongzhuang);
        var staff = StaffOf(Dongzhuang);

        var a = await Volunteers.AppointAsync(first.Id, building, VolunteerPostKind.BuildingHead, staff);
        var b = await Volunteers.AppointAsync(second.Id, building, VolunteerPostKind.BuildingHead, staff);
        var c = await Volunteers.AppointAsync(second.Id, building, VolunteerPostKind.CourtyardHead, staff);

        Assert.Equal((true, false, "Volunteers.Problem.PostTaken", true), (a.Ok, b.Ok, b.Problem, c.Ok));
        Assert.Equal(2, await AuditRowsAsync("Volunteer.Appoint"));
    }

    [Fact]
    public async Task Appoint_ToABuildingOfAnotherCommunity_IsRefused()
    {
        var volunteer = await VolunteerAsync(_engine);
        var elsewhere = await BuildingAsync(Gulou1);

        var result = await Volunteers.AppointAsync(volunteer.Id, elsewhere, VolunteerPostKind.BuildingHead, StaffOf(Dongzhuang));

        Assert.Equal("Volunteers.Problem.NotFound", result.Problem);
    }

    [Fact]
    public async Task Suspend_TakesTheRoleAndThePosts_ReinstateGivesTheRoleBack_BothAudited()
    {
        var volunteer = await VolunteerAsync(_engine);
        var staff = StaffOf(Dongzhuang);
        await Volunteers.AppointAsync(volunteer.Id, await BuildingAsync(Dongzhuang), VolunteerPostKind.BuildingHead, staff);

        Assert.Equal("Volunteers.Problem.ReasonRequired", (await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Suspended, null, staff)).Problem);
        Assert.Equal("Volunteers.Problem.NotFound", (await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Suspended, "x", StaffOf(Gulou1))).Problem);
        Assert.True((await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Suspended, "多次爽约", staff)).Ok);
        Assert.False(await HoldsVolunteerRoleAsync(volunteer.UserId));
        Assert.True((await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Active, null, staff)).Ok);

        Assert.True(await HoldsVolunteerRoleAsync(volunteer.UserId));
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.False(await db.VolunteerPosts.AnyAsync(p => p.VolunteerId == volunteer.Id));
        Assert.Equal((1, 1), (await AuditRowsAsync("Volunteer.Suspended"), await AuditRowsAsync("Volunteer.Active")));
    }

    [Fact]
    public async Task Leave_ByTheVolunteer_IsDone_ByStaff_IsRefused()
    {
        var volunteer = await VolunteerAsync(_engine);
        var self = TestEngine.Actor("刘志愿", Roles.Volunteer, null, volunteer.UserId);

        var byStaff = await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Left, null, StaffOf(Dongzhuang));
        var bySelf = await Volunteers.SetStatusAsync(volunteer.Id, VolunteerStatus.Left, "搬家", self);

        Assert.Equal((false, true), (byStaff.Ok, bySelf.Ok));
        Assert.False(await HoldsVolunteerRoleAsync(volunteer.UserId));
        Assert.Equal(1, await AuditRowsAsync("Volunteer.Left"));
    }

    private async Task<bool> HoldsVolunteerRoleAsync(string userId)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId && r.Name == Roles.Volunteer select r).AnyAsync();
    }

    private Task<long> BuildingAsync(string community) => CommunityPeople.BuildingAsync(_engine, community);
}
