using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Care;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Care;

/// <summary>Care plans for key people (issue 21 part 1, docs/decisions/0087-care-plans.md) on a real database and the fake clock.</summary>
public class CareServiceTests
{
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private const int Corrections = 3;
    private const int LivingAlone = 5;
    private static readonly string CommunityPath = $"/530103/{TestEngine.Tuodong}/{Dongzhuang}/";
    private static readonly WorkflowActor GridWorker = TestEngine.Actor("王网格", Roles.GridWorker, CommunityPath, "gridworker-1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Plan_VisitsRecordedLateFarAndEndedEarly_FlagsLightsAndComplianceByHand(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var care = engine.Database.Get<CareService>();
        var (personId, house) = await PersonAsync(engine);
        // Monday 16 March, every 5 working days to 30 April: due 23 Mar, 30 Mar, 7 Apr (清明 4–6 Apr off), 14, 21, 28 Apr.
        var enrolled = await care.EnrolAsync(new CareEnrolment(personId, Corrections, "社区矫正人员，每周走访", "派出所民警 张警官；社区医生 李医生", new DateOnly(2026, 3, 16), new DateOnly(2026, 4, 30)), GridWorker);
        Assert.True(enrolled.Ok, enrolled.Problem);
        var plan = (await care.ReadAsync(enrolled.Id!.Value, GridWorker))!;
        Assert.Equal(6, plan.Visits.Count);
        Assert.Equal(ChinaTime.At(new DateTime(2026, 4, 7, 17, 30, 0)), plan.Visits[2].DueAt);
        Assert.Equal("gridworker-1", plan.ResponsibleUserId);

        // Visit 1 on Friday 20 March at the house: on time, not flagged.
        engine.Clock.SetUtcNow(At(3, 20, 10));
        var first = await care.RecordAsync(plan.Visits[0].Id, new CareVisitRecord(true, "情绪稳定，按时报到", null, house.Lat, house.Lng), GridWorker);
        Assert.True(first.Ok, first.Problem);
        Assert.False(first.Far || first.OutsideWindow);

        // Tuesday 31 March: visit 2 (due 30 Mar) is overdue — red; visit 3 opened yesterday evening — green.
        engine.Clock.SetUtcNow(At(3, 31, 10));
        var open = await engine.Database.Get<CareQueries>().OpenVisitsAsync(GridWorker, mine: true);
        Assert.Equal([(2, TrafficLight.Red), (3, TrafficLight.Green)], open.Select(v => (v.Seq, v.Light)));
        var quarter = new AppraisalPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));
        var march = await engine.Database.Get<CareFigures>().ComputeAsync(quarter, GridWorker);
        Assert.Equal(new Ratio(1, 2), march.Compliance);
        Assert.Equal(1, march.ByKind.Single().People);

        // Visit 2 recorded a day late and about a kilometre from the house: kept, both flags.
        var second = await care.RecordAsync(plan.Visits[1].Id, new CareVisitRecord(false, "未见到本人，家属说外出务工", "需要就业帮扶", house.Lat + 0.009, house.Lng), GridWorker);
        Assert.True(second.Ok, second.Problem);
        Assert.True(second.Far && second.OutsideWindow);
        Assert.InRange(second.Metres!.Value, 950, 1050);
        Assert.Equal("Care.Problem.Done", (await care.RecordAsync(plan.Visits[1].Id, new CareVisitRecord(true, "再次", null, house.Lat, house.Lng), GridWorker)).Problem);

        // Ended on 10 April (moved away): visits due after it (14, 21, 28 Apr) are dropped, never due.
        Assert.True((await care.EndAsync(plan.Id, new DateOnly(2026, 4, 10), GridWorker)).Ok);
        engine.Clock.SetUtcNow(At(5, 6, 10));
        var spring = await engine.Database.Get<CareFigures>().ComputeAsync(new AppraisalPeriod(new DateOnly(2026, 3, 1), new DateOnly(2026, 5, 1)), GridWorker);
        // Due: visits 1, 2, 3 (3 never done); on time: visit 1 only → 1 ÷ 3 = 33.3 %.
        Assert.Equal(new Ratio(1, 3), spring.Compliance);
        Assert.Equal(33.3, spring.Compliance.Percent);
        Assert.Empty(spring.ByKind);
        // Past its end the plan is read-only.
        Assert.Equal("Care.Problem.Ended", (await care.RecordAsync(plan.Visits[2].Id, new CareVisitRecord(true, "补记", null, house.Lat, house.Lng), GridWorker)).Problem);
        Assert.Empty(await engine.Database.Get<CareQueries>().OpenVisitsAsync(GridWorker, mine: true));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == CareService.VisitAudit && a.Target == CareService.Target(plan.Id)));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == CareService.ViewAudit));
    }

    [Fact]
    public async Task Visible_EachKind_OnlyToTheRolesItNamesInScope()
    {
        await using var engine = await TestEngine.StartAsync();
        var care = engine.Database.Get<CareService>();
        var (personId, _) = await PersonAsync(engine);
        var dates = (new DateOnly(2026, 3, 16), new DateOnly(2026, 6, 30));
        var corrections = (await care.EnrolAsync(new CareEnrolment(personId, Corrections, "社区矫正", null, dates.Item1, dates.Item2), GridWorker)).Id!.Value;
        var alone = (await care.EnrolAsync(new CareEnrolment(personId, LivingAlone, "独居", null, dates.Item1, dates.Item2), GridWorker)).Id!.Value;
        var queries = engine.Database.Get<CareQueries>();

        // The community's staff (Approver) see the elderly living alone, not the offenders under correction.
        var approver = TestEngine.Actor("姜审批", Roles.Approver, CommunityPath);
        Assert.Equal([alone], (await queries.PlansAsync(approver)).Select(p => p.Id));
        Assert.Null(await care.ReadAsync(corrections, approver));
        Assert.NotNull(await care.ReadAsync(alone, approver));
        Assert.Equal("Care.Problem.NotAllowed", (await care.EnrolAsync(new CareEnrolment(personId, LivingAlone, "独居", null, dates.Item1, dates.Item2), approver)).Problem);
        // Both for the grid worker and the district's leader; the export is audited as one.
        Assert.Equal(2, (await queries.PlansAsync(GridWorker, export: true)).Count);
        Assert.Equal(2, (await queries.PlansAsync(TestEngine.Actor("领导", Roles.Leader, "/530103/"))).Count);
        // Nothing for another community's grid worker, a dispatcher, a resident, or the system administrator.
        foreach (var outsider in new[]
        {
            TestEngine.Actor("鼓楼网格", Roles.GridWorker, $"/530103/{TestEngine.Gulou}/"), TestEngine.Actor("调度", Roles.Dispatcher, "/530103/"),
            TestEngine.Resident, TestEngine.Actor("系统管理员", Roles.SystemAdmin, "/530103/"),
        })
        {
            Assert.Empty(await queries.PlansAsync(outsider));
            Assert.Null(await care.ReadAsync(alone, outsider));
        }
        // A masked ID only, in lists and exports.
        Assert.All(await queries.PlansAsync(GridWorker, export: true), p => Assert.Contains("*", p.IdMasked, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Order_NeedFoundOnAVisit_BecomesAServiceOrderForThePerson()
    {
        await using var engine = await TestEngine.StartAsync();
        var care = engine.Database.Get<CareService>();
        var (personId, house) = await PersonAsync(engine);
        var plan = (await care.EnrolAsync(new CareEnrolment(personId, LivingAlone, "独居老人", "志愿者 刘志愿", new DateOnly(2026, 3, 16), new DateOnly(2026, 6, 30)), GridWorker)).Id!.Value;
        var visit = (await care.ReadAsync(plan, GridWorker))!.Visits[0].Id;
        Assert.Equal("Care.Problem.NoNeed", (await care.OrderAsync(visit, 6, GridWorker)).Problem);
        await care.RecordAsync(visit, new CareVisitRecord(true, "身体尚可", "需要有人帮忙买菜取药", house.Lat, house.Lng), GridWorker);

        var order = await care.OrderAsync(visit, 6, GridWorker);

        Assert.True(order.Ok, order.Problem);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var posted = await db.ServiceOrders.AsNoTracking().SingleAsync(o => o.Id == order.Id);
        Assert.Equal((personId, "需要有人帮忙买菜取药", 6), (posted.PersonId, posted.Description, posted.SkillId));
        Assert.Equal(order.Id, (await db.CareVisits.AsNoTracking().SingleAsync(v => v.Id == visit)).ServiceOrderId);
        // A second tap makes no second order.
        Assert.Equal("Care.Problem.NoNeed", (await care.OrderAsync(visit, 6, GridWorker)).Problem);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Enrol_ResponsibleChosenByHand_OneOfThePersonsGridAcceptedAnyoneElseRefused(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var care = engine.Database.Get<CareService>();
        var (personId, _) = await PersonAsync(engine);
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var grid = await TestPlaces.GridAsync(db, Dongzhuang);
            var other = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid && u.Id != grid.Id).OrderBy(u => u.Id).FirstAsync();
            db.StaffMembers.AddRange(Worker("钱网格", "gw-qian", grid.Id, await PathOfAsync(db, grid.Id)), Worker("孙网格", "gw-sun", grid.Id, await PathOfAsync(db, grid.Id)),
                Worker("李邻格", "gw-li", other.Id, other.ScopePath));
            await db.SaveChangesAsync();
        }
        var dates = (new DateOnly(2026, 3, 16), new DateOnly(2026, 6, 30));

        // The page offers the person's grid's workers, in staff order; the first is the rule when nobody is chosen.
        Assert.Equal(["gw-qian", "gw-sun"], (await care.GridWorkersAsync(personId, GridWorker)).Select(w => w.UserId));
        Assert.Empty(await care.GridWorkersAsync(personId, TestEngine.Actor("鼓楼网格", Roles.GridWorker, $"/530103/{TestEngine.Gulou}/")));
        // A worker of another grid, or an id made up, is refused with a clear reason; nothing is enrolled.
        foreach (var outsider in new[] { "gw-li", "nobody" })
        {
            Assert.Equal("Care.Problem.Responsible", (await care.EnrolAsync(new CareEnrolment(personId, Corrections, "社区矫正", null, dates.Item1, dates.Item2, outsider), GridWorker)).Problem);
        }
        var chosen = await care.EnrolAsync(new CareEnrolment(personId, Corrections, "社区矫正", null, dates.Item1, dates.Item2, "gw-sun"), GridWorker);
        Assert.True(chosen.Ok, chosen.Problem);
        var plan = (await care.ReadAsync(chosen.Id!.Value, GridWorker))!;
        Assert.Equal(("gw-sun", "孙网格"), (plan.ResponsibleUserId, plan.ResponsibleName));
        var byRule = await care.EnrolAsync(new CareEnrolment(personId, LivingAlone, "独居", null, dates.Item1, dates.Item2), GridWorker);
        Assert.Equal("gw-qian", (await care.ReadAsync(byRule.Id!.Value, GridWorker))!.ResponsibleUserId);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task OverdueVisits_ShiftLead_SeesOverdueOfKindsNamingTheRoleInScopeMaskedAndNothingElse(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var care = engine.Database.Get<CareService>();
        var queries = engine.Database.Get<CareQueries>();
        var (personId, house) = await PersonAsync(engine);
        var dates = (new DateOnly(2026, 3, 16), new DateOnly(2026, 6, 30));
        var corrections = (await care.EnrolAsync(new CareEnrolment(personId, Corrections, "社区矫正", null, dates.Item1, dates.Item2), GridWorker)).Id!.Value;
        var alone = (await care.EnrolAsync(new CareEnrolment(personId, LivingAlone, "独居", null, dates.Item1, dates.Item2), GridWorker)).Id!.Value;
        // The administrator takes the shift lead off the elderly's kind: its visits must not reach them at all.
        var admin = TestEngine.Actor("系统管理员", Roles.SystemAdmin, "/530103/");
        Assert.True((await care.EditKindAsync(LivingAlone, 5, [Roles.GridWorker, Roles.Supervisor, Roles.Leader, Roles.Approver], true, admin)).Ok);
        var shiftLead = TestEngine.Actor("周值班", Roles.ShiftLead, $"/530103/{TestEngine.Tuodong}/", "shiftlead-td");
        var firstCorrections = (await care.ReadAsync(corrections, GridWorker))!.Visits[0];

        // Friday 20 March: nothing is overdue yet (the first visits are due on 23 March).
        engine.Clock.SetUtcNow(At(3, 20, 10));
        Assert.Empty(await queries.OverdueVisitsAsync(shiftLead));
        // Wednesday 25 March: both first visits are overdue; the shift lead sees the corrections one only, red, the person masked.
        engine.Clock.SetUtcNow(At(3, 25, 10));
        var overdue = Assert.Single(await queries.OverdueVisitsAsync(shiftLead));
        Assert.Equal((firstCorrections.Id, corrections, TrafficLight.Red, "赵**"), (overdue.Id, overdue.PlanId, overdue.Light, overdue.Person));
        Assert.Equal(2, (await queries.OverdueVisitsAsync(TestEngine.Actor("领导", Roles.Leader, "/530103/"))).Count);
        Assert.DoesNotContain(alone, (await queries.OverdueVisitsAsync(shiftLead)).Select(v => v.PlanId));
        // Another street's shift lead sees nothing; nor does anyone once the visit is recorded.
        var gulouLead = TestEngine.Actor("鼓楼值班", Roles.ShiftLead, $"/530103/{TestEngine.Gulou}/", "shiftlead-gl");
        Assert.Empty(await queries.OverdueVisitsAsync(gulouLead));
        Assert.True((await care.RecordAsync(firstCorrections.Id, new CareVisitRecord(true, "补访，情况稳定", null, house.Lat, house.Lng), GridWorker)).Ok);
        Assert.Empty(await queries.OverdueVisitsAsync(shiftLead));

        // Each list that showed a row is audited; an empty one is not (nothing of a plan was seen).
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var audited = await db.AuditEntries.AsNoTracking().Where(a => a.Action == CareService.ListAudit && a.Target == "care-visits-overdue").Select(a => a.UserId).ToListAsync();
        Assert.Equal(2, audited.Count(u => u == "shiftlead-td"));
        Assert.DoesNotContain("shiftlead-gl", audited);
    }

    private static StaffMember Worker(string name, string userId, int gridId, string path) => new()
    {
        Name = name, UserId = userId, OrgUnitId = gridId, ScopePath = path, Version = Guid.NewGuid(),
        Assignments = [new GridAssignment { GridId = gridId, Duty = GridDuty.GridWorker, ScopePath = path }],
    };

    private static Task<string> PathOfAsync(PanlongDbContext db, int unitId) => db.OrgUnits.Where(u => u.Id == unitId).Select(u => u.ScopePath).SingleAsync();

    private static DateTimeOffset At(int month, int day, int hour) => ChinaTime.At(new DateTime(2026, month, day, hour, 0, 0)).ToUniversalTime();

    /// <summary>A registry person in the community's first grid, living in a house of a building at the grid's centre.</summary>
    private static async Task<(long PersonId, TestPlaces.GridPlace House)> PersonAsync(TestEngine engine)
    {
        var protector = engine.Database.Get<PersonalDataProtector>();
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Dongzhuang);
        var path = await db.OrgUnits.Where(u => u.Id == grid.Id).Select(u => u.ScopePath).SingleAsync();
        var building = new Building { Name = "东庄小区 5 栋", Address = "东庄路 5 号", Floors = 6, Lat = grid.Lat, Lng = grid.Lng, GridId = grid.Id, ScopePath = path, UpdatedAt = DateTimeOffset.UtcNow };
        var house = new House { Building = building, Unit = "1", Room = "101", GridId = grid.Id, ScopePath = path, UpdatedAt = DateTimeOffset.UtcNow };
        var id = ResidentIdNumber.Create("530103", new DateOnly(1950, 5, 1), 321);
        var person = new Person
        {
            Name = "赵大爷", IdCipher = protector.Encrypt(id), IdHash = protector.Hash(id), IdMasked = PersonalDataMask.IdNumber(id), Groups = SpecialGroups.KeyPerson,
            GridId = grid.Id, ScopePath = path, House = house, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.People.Add(person);
        await db.SaveChangesAsync();
        return (person.Id, grid);
    }
}
