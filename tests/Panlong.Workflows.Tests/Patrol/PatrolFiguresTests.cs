using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Workflows.Tests.Patrol;

/// <summary>Patrol figures on the appraisal page (issue 19 part 1, docs/appraisal.md "Patrol figures").</summary>
public class PatrolFiguresTests
{
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private static readonly WorkflowActor Inspector = TestEngine.Actor("李巡查", Roles.Inspector, $"/530103/{TestEngine.Tuodong}/{Dongzhuang}/", "inspector-1");

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Compute_TrackThroughAnAssignedAndAnotherGrid_CoversOnlyTheAssignedOneAndListsTheIdle(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grids = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(Dongzhuang)).OrderBy(u => u.Code).Take(3).ToListAsync();
        var community = await db.OrgUnits.AsNoTracking().SingleAsync(u => u.Code == Dongzhuang);
        // The inspector holds grids 0 and 1; a grid worker holds grid 1 and never patrols.
        Assign(db, community, "inspector-1", "李巡查", GridDuty.Inspector, grids[0], grids[1]);
        Assign(db, community, "gridworker-9", "王网格", GridDuty.GridWorker, grids[1]);
        await db.SaveChangesAsync();
        var patrol = engine.Database.Get<PatrolService>();
        var shift = (await patrol.StartAsync(Inspector))!.Value;
        var (a, c) = (Centre(grids[0].Boundary!), Centre(grids[2].Boundary!));
        engine.Clock.Advance(TimeSpan.FromMinutes(30));
        // Grid 0, then grid 2 (not assigned) a few minutes later: two grids visited, one of them assigned.
        await patrol.UploadAsync(shift, Inspector, [
            new FixUpload(0, TestEngine.MondayNine.ToUnixTimeMilliseconds(), a.Lat, a.Lng, 5),
            new FixUpload(1, TestEngine.MondayNine.AddMinutes(5).ToUnixTimeMilliseconds(), c.Lat, c.Lng, 5)]);
        await patrol.EndAsync(shift, Inspector);
        var day = Data.ChinaTime.DateOf(TestEngine.MondayNine);

        var rows = await engine.Database.Get<PatrolFigures>().ComputeAsync(new AppraisalPeriod(day, day.AddDays(1)), $"/530103/{TestEngine.Tuodong}/");

        var inspector = rows.Single(r => r.UserId == "inspector-1");
        Assert.Equal((1, 1, 2), (inspector.Shifts, inspector.Coverage.Part, inspector.Coverage.Whole));
        Assert.Equal(TimeSpan.FromMinutes(30), inspector.Time);
        Assert.InRange(inspector.Metres, 1, 20_000);
        Assert.Equal(50, inspector.Coverage.Percent);
        var idle = rows.Single(r => r.UserId == "gridworker-9");
        Assert.Equal((0, 0, 1), (idle.Shifts, idle.Coverage.Part, idle.Coverage.Whole));
        Assert.Equal(Roles.GridWorker, idle.Post);
        // Another period: the shift is not in it, the people still are.
        var nextWeek = await engine.Database.Get<PatrolFigures>().ComputeAsync(new AppraisalPeriod(day.AddDays(7), day.AddDays(8)), $"/530103/{TestEngine.Tuodong}/");
        Assert.All(nextWeek, r => Assert.Equal(0, r.Shifts));
    }

    private static void Assign(Data.PanlongDbContext db, OrgUnit unit, string userId, string name, GridDuty duty, params OrgUnit[] grids) =>
        db.StaffMembers.Add(new StaffMember
        {
            Name = name, OrgUnitId = unit.Id, ScopePath = unit.ScopePath, UserId = userId,
            Assignments = [.. grids.Select(g => new GridAssignment { GridId = g.Id, Duty = duty, ScopePath = g.ScopePath })],
        });

    private static (double Lat, double Lng) Centre(string boundary)
    {
        var c = Data.Maps.GeoJsonPolygon.Read(boundary).InteriorPoint;
        return (c.Y, c.X);
    }
}
