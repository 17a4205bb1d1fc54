using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Workflows.Tests.Community.CommunityPeople;

namespace Panlong.Workflows.Tests.Community;

/// <summary>Residents' needs (issue 18 part 6): posting, withdrawing, invitations to matching volunteers, closing and linking, all in scope.</summary>
public class NeedServiceTests : IAsyncLifetime
{
    private const int Clinic = 1;
    private const int Legal = 2;
    private TestEngine _engine = null!;

    private NeedService Needs => _engine.Database.Get<NeedService>();

    public async Task InitializeAsync() => _engine = await TestEngine.StartAsync();

    public async Task DisposeAsync() => await _engine.DisposeAsync();

    private async Task<long> PostAsync(WorkflowActor resident, int kind = Clinic, long? building = null, string text = "老人血压高，想请医生上门看看")
    {
        var result = await Needs.PostAsync(resident, new NeedForm(kind, text, building));
        Assert.True(result.Ok, result.Problem);
        return result.Id!.Value;
    }

    private async Task<Need> NeedAsync(long id)
    {
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        return await db.Needs.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    [Fact]
    public async Task Post_WithTheirOwnCommunitysBuilding_IsOpenInThatBuildingsGrid()
    {
        var resident = await ResidentAsync(_engine);
        var building = await BuildingAsync(_engine, Dongzhuang);

        var need = await NeedAsync(await PostAsync(resident, building: building));

        Assert.Equal((NeedStatus.Open, Dongzhuang, building), (need.Status, need.CommunityCode, need.BuildingId));
        Assert.StartsWith("/530103/530103001/530103001001/", need.ScopePath, StringComparison.Ordinal);
        Assert.NotNull(need.GridId);
    }

    [Fact]
    public async Task Post_WithoutABuilding_IsTheCommunitys()
    {
        var resident = await ResidentAsync(_engine);

        var need = await NeedAsync(await PostAsync(resident));

        Assert.Equal(("/530103/530103001/530103001001/", (int?)null), (need.ScopePath, need.GridId));
    }

    [Theory]
    [InlineData(Clinic, "   ", false, "Needs.Problem.Text")]
    [InlineData(99, "上门理发", false, "Needs.Problem.Kind")]
    [InlineData(Clinic, "上门看病", true, "Needs.Problem.Building")]
    public async Task Post_WithBadInput_IsRefusedAndNothingIsSaved(int kind, string text, bool otherCommunitysBuilding, string problem)
    {
        var resident = await ResidentAsync(_engine);
        long? building = otherCommunitysBuilding ? await BuildingAsync(_engine, Gulou1, "鼓楼小区 1 栋") : null;

        var result = await Needs.PostAsync(resident, new NeedForm(kind, text, building));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal((false, problem), (result.Ok, result.Problem));
        Assert.Equal(0, await db.Needs.CountAsync());
    }

    [Fact]
    public async Task Post_TextLongerThanTheLimit_IsRefused()
    {
        var resident = await ResidentAsync(_engine);

        var result = await Needs.PostAsync(resident, new NeedForm(Clinic, new string('长', NeedContract.TextMax + 1), null));

        Assert.Equal("Needs.Problem.Text", result.Problem);
    }

    [Fact]
    public async Task Post_ByAnAccountWithoutARegistryPerson_IsRefused()
    {
        var stranger = TestEngine.Actor("nobody", Roles.Resident, null, "nobody");

        var result = await Needs.PostAsync(stranger, new NeedForm(Clinic, "看病", null));

        Assert.Equal("Volunteers.Problem.NoPerson", result.Problem);
    }

    [Fact]
    public async Task Withdraw_TheirOwnOpenNeed_IsWithdrawnAndCannotBeWithdrawnAgain()
    {
        var resident = await ResidentAsync(_engine);
        var id = await PostAsync(resident);

        var first = await Needs.WithdrawAsync(id, resident);
        var second = await Needs.WithdrawAsync(id, resident);

        Assert.True(first.Ok);
        Assert.Equal("Needs.Problem.NotOpen", second.Problem);
        Assert.Equal(NeedStatus.Withdrawn, (await NeedAsync(id)).Status);
    }

    [Fact]
    public async Task Withdraw_SomeoneElsesNeed_IsNotFound()
    {
        var id = await PostAsync(await ResidentAsync(_engine));
        var neighbour = await ResidentAsync(_engine, name: "王邻居");

        var result = await Needs.WithdrawAsync(id, neighbour);

        Assert.Equal("Needs.Problem.NotFound", result.Problem);
        Assert.Equal(NeedStatus.Open, (await NeedAsync(id)).Status);
    }

    [Fact]
    public async Task Invite_AClinicGroup_TellsExactlyTheActiveMedicalVolunteersOfThatCommunityThroughTheOutbox()
    {
        var doctor = await VolunteerAsync(_engine, Dongzhuang, "张医生", 1, 6);
        var lawyer = await VolunteerAsync(_engine, Dongzhuang, "李律师", 2);
        var suspended = await VolunteerAsync(_engine, Dongzhuang, "赵医生", 1);
        Assert.True((await _engine.Database.Get<VolunteerService>().SetStatusAsync(suspended.Id, VolunteerStatus.Suspended, "停诊", StaffOf(Dongzhuang))).Ok);
        var elsewhere = await VolunteerAsync(_engine, Gulou1, "钱医生", 1);
        var ids = new[] { await PostAsync(await ResidentAsync(_engine, name: "居民甲")), await PostAsync(await ResidentAsync(_engine, name: "居民乙")) };

        var result = await Needs.InviteAsync(NeedTarget.Needs(ids), StaffOf(Dongzhuang));

        Assert.True(result.Ok, result.Problem);
        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var told = await db.OutboxMessages.Where(m => m.Topic == NeedContract.InvitedTopic).Select(m => m.Recipient).ToListAsync();
        Assert.Equal(["user:" + doctor.UserId], told);
        Assert.Equal(1, result.Count);
        Assert.Equal([doctor.Id], await db.NeedInvitations.Where(i => i.GroupId == result.Id).Select(i => i.VolunteerId).ToListAsync());
        Assert.All(await db.Needs.Where(n => ids.Contains(n.Id)).ToListAsync(), n => Assert.Equal((NeedStatus.Gathered, result.Id), (n.Status, n.GroupId)));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == NeedContract.Invite && a.Target == $"need-group:{result.Id}"));
        Assert.DoesNotContain(told, r => r.Contains(lawyer.UserId, StringComparison.Ordinal) || r.Contains(elsewhere.UserId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invite_WhenNoVolunteerHasTheSkill_IsRefusedAndTheNeedsStayOpen()
    {
        await VolunteerAsync(_engine, Dongzhuang, "张医生", 1);
        var id = await PostAsync(await ResidentAsync(_engine), kind: Legal);

        var result = await Needs.InviteAsync(NeedTarget.Needs([id]), StaffOf(Dongzhuang));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal("Needs.Problem.NoVolunteers", result.Problem);
        Assert.Equal((NeedStatus.Open, (long?)null), ((await NeedAsync(id)).Status, (await NeedAsync(id)).GroupId));
        Assert.Equal(0, await db.NeedGroups.CountAsync());
    }

    [Fact]
    public async Task Invite_TheSameOpenNeedsTwice_TheSecondIsRefused()
    {
        await VolunteerAsync(_engine, Dongzhuang, "张医生", 1);
        var id = await PostAsync(await ResidentAsync(_engine));
        var first = await Needs.InviteAsync(NeedTarget.Needs([id]), StaffOf(Dongzhuang));

        var second = await Needs.InviteAsync(NeedTarget.Needs([id]), StaffOf(Dongzhuang, "other"));
        var again = await Needs.InviteAsync(NeedTarget.Group(first.Id!.Value), StaffOf(Dongzhuang));

        Assert.True(first.Ok);
        Assert.Equal("Needs.Problem.NotOpen", second.Problem);
        // The group again: everyone who matches was told already.
        Assert.Equal("Needs.Problem.NoVolunteers", again.Problem);
    }

    [Fact]
    public async Task Invite_ByStaffOfAnotherCommunity_IsNotFound()
    {
        await VolunteerAsync(_engine, Dongzhuang, "张医生", 1);
        var id = await PostAsync(await ResidentAsync(_engine));

        var result = await Needs.InviteAsync(NeedTarget.Needs([id]), StaffOf(Gulou1));

        Assert.Equal("Needs.Problem.NotFound", result.Problem);
        Assert.Equal(NeedStatus.Open, (await NeedAsync(id)).Status);
    }

    [Fact]
    public async Task Invite_ByAResidentOrALeader_IsNotFound()
    {
        var id = await PostAsync(await ResidentAsync(_engine));
        var leader = new WorkflowActor("leader", "leader", new HashSet<string> { Roles.Leader }, new DataScope("/530103/"));

        var result = await Needs.InviteAsync(NeedTarget.Needs([id]), leader);

        Assert.Equal("Needs.Problem.NotFound", result.Problem);
    }

    [Fact]
    public async Task Invite_NeedsOfTwoKinds_IsRefused()
    {
        var resident = await ResidentAsync(_engine);
        var ids = new[] { await PostAsync(resident), await PostAsync(resident, kind: Legal) };

        var result = await Needs.InviteAsync(NeedTarget.Needs(ids), StaffOf(Dongzhuang));

        Assert.Equal("Needs.Problem.Mixed", result.Problem);
    }

    [Fact]
    public async Task Close_WithoutAReason_IsRefused_WithOne_ClosesTheNeedsTellsTheResidentAndIsAudited()
    {
        var resident = await ResidentAsync(_engine);
        var id = await PostAsync(resident);

        var bare = await Needs.CloseAsync(NeedTarget.Needs([id]), NeedStatus.Closed, " ", StaffOf(Dongzhuang));
        var closed = await Needs.CloseAsync(NeedTarget.Needs([id]), NeedStatus.Closed, "已转卫生服务中心", StaffOf(Dongzhuang));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal("Needs.Problem.NoteRequired", bare.Problem);
        Assert.True(closed.Ok, closed.Problem);
        Assert.Equal((NeedStatus.Closed, "已转卫生服务中心"), ((await NeedAsync(id)).Status, (await NeedAsync(id)).StatusReason));
        Assert.Equal(NeedStatus.Closed, (await db.NeedGroups.SingleAsync()).Status);
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Recipient == "user:" + resident.UserId && m.Topic == "need.status"));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == NeedContract.Close));
    }

    [Fact]
    public async Task Met_AGatheredGroup_MarksEveryNeedMet()
    {
        await VolunteerAsync(_engine, Dongzhuang, "张医生", 1);
        var ids = new[] { await PostAsync(await ResidentAsync(_engine, name: "居民甲")), await PostAsync(await ResidentAsync(_engine, name: "居民乙")) };
        var group = (await Needs.InviteAsync(NeedTarget.Needs(ids), StaffOf(Dongzhuang))).Id!.Value;

        var met = await Needs.CloseAsync(NeedTarget.Group(group), NeedStatus.Met, null, StaffOf(Dongzhuang));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(met.Ok, met.Problem);
        Assert.Equal(2, await db.Needs.CountAsync(n => n.GroupId == group && n.Status == NeedStatus.Met));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == NeedContract.Met));
    }

    [Fact]
    public async Task Link_OpenNeedsToAnActivity_FormsAGroupWithTheLink_AndAnotherLinkIsRefused()
    {
        var id = await PostAsync(await ResidentAsync(_engine));

        var linked = await Needs.LinkAsync(NeedTarget.Needs([id]), "activity", "42", StaffOf(Dongzhuang));
        var again = await Needs.LinkAsync(NeedTarget.Group(linked.Id!.Value), "order", "7", StaffOf(Dongzhuang));
        var unknown = await Needs.LinkAsync(NeedTarget.Group(linked.Id!.Value), "party", "1", StaffOf(Dongzhuang));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        var group = await db.NeedGroups.SingleAsync();
        Assert.True(linked.Ok, linked.Problem);
        Assert.Equal(("activity", "42", NeedStatus.Gathered), (group.LinkKind, group.LinkId, (await NeedAsync(id)).Status));
        Assert.Equal("Needs.Problem.AlreadyLinked", again.Problem);
        Assert.Equal("Needs.Problem.Link", unknown.Problem);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == NeedContract.Link));
    }

    [Fact]
    public async Task Link_TwoNeedsOfOneResident_TellsThemOnce_AndLinkingAgainTellsNoOneMore()
    {
        var resident = await ResidentAsync(_engine);
        var ids = new[] { await PostAsync(resident), await PostAsync(resident, text: "想测血糖") };

        var linked = await Needs.LinkAsync(NeedTarget.Needs(ids), NeedContract.LinkActivity, "42", StaffOf(Dongzhuang));
        var again = await Needs.LinkAsync(NeedTarget.Group(linked.Id!.Value), NeedContract.LinkActivity, "42", StaffOf(Dongzhuang));

        await using var db = await _engine.Database.Factory.CreateDbContextAsync();
        Assert.True(again.Ok, again.Problem);
        var told = await db.OutboxMessages.Where(m => m.Topic == NeedContract.LinkedTopic).ToListAsync();
        Assert.Equal(($"user:{resident.UserId}", "您的需求已转为社区活动", "/needs"), (Assert.Single(told).Recipient, told[0].Title, told[0].Link));
    }
}
