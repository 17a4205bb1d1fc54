using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.KeySites;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.KeySites;

namespace Panlong.Workflows.Tests.KeySites;

/// <summary>Key sites, rosters, check-ins, missed-check-in alerts and compliance (issue 21 part 2, docs/decisions/0088-key-sites.md).</summary>
public class KeySiteServiceTests
{
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private static readonly WorkflowActor Keeper = TestEngine.Actor("许值班", Roles.ShiftLead, $"/530103/{TestEngine.Tuodong}/", "keeper-tuodong");
    private static readonly WorkflowActor GulouKeeper = TestEngine.Actor("冯值班", Roles.ShiftLead, $"/530103/{TestEngine.Gulou}/", "keeper-gulou");

    private static KeySiteService Service(TestEngine engine) => engine.Database.Get<KeySiteService>();

    /// <summary>A guard account of 东庄社区 holding the patroller role, and its actor.</summary>
    private static async Task<WorkflowActor> GuardAsync(TestEngine engine, string userName = "guard-1")
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var role = await db.Roles.SingleOrDefaultAsync(r => r.Name == Roles.SecurityPatroller);
        if (role is null)
        {
            role = new IdentityRole(Roles.SecurityPatroller) { NormalizedName = Roles.SecurityPatroller.ToUpperInvariant() };
            db.Roles.Add(role);
        }
        var unit = await db.OrgUnits.SingleAsync(u => u.Code == Dongzhuang);
        db.Users.Add(new PanlongUser { Id = userName, UserName = userName, NormalizedUserName = userName.ToUpperInvariant(), DisplayName = "马值守", OrgUnitId = unit.Id });
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userName, RoleId = role.Id });
        await db.SaveChangesAsync();
        return TestEngine.Actor("马值守", Roles.SecurityPatroller, unit.ScopePath, userName);
    }

    /// <summary>A school at the centre of 东庄's first grid, with the guard on duty 08:00–09:00 and 20:00–21:00 from Monday.</summary>
    private static async Task<(int Site, TestPlaces.GridPlace Place, WorkflowActor Guard)> SiteAsync(TestEngine engine)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var place = await TestPlaces.GridAsync(db, Dongzhuang);
        var saved = await Service(engine).SaveAsync(new KeySiteForm(null, "东庄小学", KeySiteKind.School, place.Lat, place.Lng, null, "东庄小学保卫处", 200), Keeper);
        Assert.True(saved.Ok, string.Join(",", saved.Errors.Values));
        var guard = await GuardAsync(engine);
        Assert.True((await Service(engine).AddDutyAsync((int)saved.Id!.Value, "guard-1", 8 * 60, 9 * 60, Keeper)).Ok);
        Assert.True((await Service(engine).AddDutyAsync((int)saved.Id!.Value, "guard-1", 20 * 60, 21 * 60, Keeper)).Ok);
        return ((int)saved.Id!.Value, place, guard);
    }

    /// <summary>Moves the engine's clock to a China time of a day counted from Monday 16 March.</summary>
    private static void SetChina(TestEngine engine, int dayOffset, int hour, int minute = 0) =>
        engine.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 16 + dayOffset, hour, minute, 0, ChinaTime.Offset).ToUniversalTime());

    /// <summary>≈ <paramref name="metres"/> north of a position (1° of latitude ≈ 111.2 km).</summary>
    private static double North(double lat, double metres) => lat + (metres / 111_195.0);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task CheckIn_InWindowAndNear_IsStoredOnceAndFarOrLateIsRefused(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (site, place, guard) = await SiteAsync(engine);
        SetChina(engine, 1, 8, 10);

        var far = await Service(engine).CheckInAsync(site, guard, North(place.Lat, 230), place.Lng, null);
        var near = await Service(engine).CheckInAsync(site, guard, North(place.Lat, 150), place.Lng, "大门已巡查");
        var again = await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null);
        SetChina(engine, 1, 9, 0);
        var late = await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null);
        var stranger = await Service(engine).CheckInAsync(site, guard with { UserId = "someone" }, place.Lat, place.Lng, null);

        Assert.Equal((CheckInStatus.TooFar, 200), (far.Status, far.Radius));
        Assert.InRange(far.Distance!.Value, 225, 235);
        Assert.Equal(CheckInStatus.Done, near.Status);
        Assert.Equal(CheckInStatus.AlreadyDone, again.Status);
        Assert.Equal((CheckInStatus.OutsideWindow, "08:00–09:00, 20:00–21:00"), (late.Status, late.Window));
        Assert.Equal(CheckInStatus.NotOnRoster, stranger.Status);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var stored = await db.KeySiteCheckIns.SingleAsync();
        Assert.Equal((new DateOnly(2026, 3, 17), "大门已巡查"), (stored.Day, stored.Note));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == KeySiteService.CheckInAudit));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sweep_WindowPassedWithoutCheckIn_AlertsTheStreetCenterOnceAcrossTwoRunners(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (site, place, guard) = await SiteAsync(engine);
        SetChina(engine, 1, 8, 30);
        Assert.Equal(CheckInStatus.Done, (await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null)).Status);
        SetChina(engine, 1, 21, 0);

        // Two nodes' sweeps at once, then a later one: Monday's and Tuesday's evening windows were missed (the morning duty
        // began Tuesday: the roster was made Monday 09:00), Tuesday's morning one was kept.
        var racing = await Task.WhenAll(Task.Run(() => Service(engine).SweepAsync()), Task.Run(() => Service(engine).SweepAsync()));
        var later = await Service(engine).SweepAsync();

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var alerts = await db.OutboxMessages.Where(m => m.Topic == "keysite.missed").ToListAsync();
        Assert.Equal(2, racing.Sum());
        Assert.Equal(0, later);
        Assert.Equal(2, alerts.Count);
        Assert.All(alerts, a => Assert.Equal($"unit:{TestEngine.Tuodong}-ZX:{Roles.ShiftLead}", a.Recipient));
        Assert.Equal([new DateOnly(2026, 3, 16), new DateOnly(2026, 3, 17)], await db.KeySiteMisses.OrderBy(m => m.Day).Select(m => m.Day).ToListAsync());
    }

    [Fact]
    public async Task Figures_ThreeOfFourWindowsKept_IsSeventyFivePercentForTheStreetOnly()
    {
        await using var engine = await TestEngine.StartAsync();
        var (site, place, guard) = await SiteAsync(engine);
        // The roster was made Monday 09:00, after the morning window began: due to Wednesday 10:00 are the mornings of Tuesday
        // and Wednesday and the evenings of Monday and Tuesday — 4; kept Tuesday's two and Wednesday's morning — 3.
        SetChina(engine, 1, 8, 30);
        await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null);
        SetChina(engine, 1, 20, 5);
        await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null);
        SetChina(engine, 2, 8, 59);
        await Service(engine).CheckInAsync(site, guard, place.Lat, place.Lng, null);
        SetChina(engine, 2, 10, 0);
        var period = new AppraisalPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));

        var district = await engine.Database.Get<KeySiteFigures>().ComputeAsync(period, "/530103/");
        var gulou = await engine.Database.Get<KeySiteFigures>().ComputeAsync(period, $"/530103/{TestEngine.Gulou}/");

        var row = Assert.Single(district);
        Assert.Equal((TestEngine.Tuodong, 1, 4, 3, 75.0), (row.StreetCode, row.Sites, row.Due, row.Done, row.Compliance.Percent));
        Assert.Empty(gulou);
    }

    [Fact]
    public async Task Scope_AnotherStreetsKeeper_NeverSeesOrChangesTheSite()
    {
        await using var engine = await TestEngine.StartAsync();
        var (site, place, _) = await SiteAsync(engine);

        var edit = await Service(engine).SaveAsync(new KeySiteForm(site, "改名", KeySiteKind.Market, place.Lat, place.Lng, null, "某单位", 200), GulouKeeper);
        var create = await Service(engine).SaveAsync(new KeySiteForm(null, "越界", KeySiteKind.Market, place.Lat, place.Lng, null, "某单位", 200), GulouKeeper);
        var duty = await Service(engine).AddDutyAsync(site, "guard-1", 8 * 60, 9 * 60, GulouKeeper);
        var guard = TestEngine.Actor("马值守", Roles.SecurityPatroller, null, "guard-1");
        var notKeeper = await Service(engine).SaveAsync(new KeySiteForm(null, "自建", KeySiteKind.Market, place.Lat, place.Lng, null, "某单位", 200), guard);

        Assert.Equal("KeySites.NotFound", edit.Errors["form"]);
        Assert.Equal("KeySites.Position.OutOfScope", create.Errors["position"]);
        Assert.Equal("KeySites.NotFound", duty.Errors["form"]);
        Assert.Equal("Refusal.NotAllowedForRole", notKeeper.Errors["form"]);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal("东庄小学", (await db.KeySites.SingleAsync()).Name);
    }

    [Fact]
    public async Task AddDuty_AccountOutsideTheKeepersArea_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var (site, _, _) = await SiteAsync(engine);
        await GuardAsync(engine, "guard-2");

        // The Gulou keeper cannot see the site; the Tuodong keeper cannot name a guard who is not a guard or not theirs.
        var unknown = await Service(engine).AddDutyAsync(site, "nobody", 8 * 60, 9 * 60, Keeper);
        var badWindow = await Service(engine).AddDutyAsync(site, "guard-2", 9 * 60, 8 * 60, Keeper);

        Assert.Equal("KeySites.Guard.NotFound", unknown.Errors["guard"]);
        Assert.Equal("KeySites.Window.Invalid", badWindow.Errors["window"]);
    }
}
