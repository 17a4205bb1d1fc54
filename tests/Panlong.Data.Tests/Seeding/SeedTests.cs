using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.Data.Tests.Seeding;

public class SeedTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Seed_BuildsTheDistrictTree_And_ASecondRunAddsNothing(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync(seed: true, demo: true);
        var first = await CountAllAsync(database);

        await database.SeedAsync(demo: true);
        var second = await CountAllAsync(database);

        Assert.Equal(first, second);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.District));
        Assert.Equal(12, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.Street));
        Assert.Equal(103, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.Community));
        var grids = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid).Include(u => u.Parent).ToListAsync();
        Assert.Equal(610, grids.Count);
        Assert.All(grids, g =>
        {
            Assert.True(DistrictPlan.IsValidGridCode(g.Code), g.Code);
            Assert.Equal(g.Parent!.Code, g.Code[..12]);
            Assert.Equal(g.Parent.ScopePath + g.Code + "/", g.ScopePath);
            Assert.NotNull(g.Boundary);
        });
        Assert.Equal(DemoAccounts.All.Count, await db.Users.CountAsync());
    }

    [Fact]
    public async Task EveryGrid_IsStaffed1Plus1Plus1PlusN()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true, demo: true);
        await using var db = await database.Factory.CreateDbContextAsync();

        var duties = await db.GridAssignments.Select(a => new { a.GridId, a.Duty }).ToListAsync();
        var gridIds = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid).Select(u => u.Id).ToListAsync();

        Assert.All(gridIds, id =>
        {
            var mine = duties.Where(d => d.GridId == id).Select(d => d.Duty).ToList();
            Assert.Equal(1, mine.Count(d => d == GridDuty.Inspector));
            Assert.Equal(1, mine.Count(d => d == GridDuty.Supervisor));
            Assert.Equal(1, mine.Count(d => d == GridDuty.GridWorker));
            Assert.InRange(mine.Count(d => !GridAssignment.IsSinglePost(d)), 1, 3);
        });
        // Full-time grid workers hold one grid each; inspectors, as specialists, several.
        var workerGrids = await db.GridAssignments.Where(a => a.Duty == GridDuty.GridWorker).GroupBy(a => a.StaffMemberId).Select(g => g.Count()).ToListAsync();
        Assert.All(workerGrids, n => Assert.Equal(1, n));
        var inspectorGrids = await db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector).GroupBy(a => a.StaffMemberId).Select(g => g.Count()).ToListAsync();
        Assert.Contains(inspectorGrids, n => n > 1);
    }

    [Fact]
    public async Task ProductionSeed_HasTheOrgTreeButNoDemoPeopleOrAccounts()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true, demo: false);
        await using var db = await database.Factory.CreateDbContextAsync();

        Assert.Equal(610, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.Grid));
        Assert.Equal(Roles.All.Count, await db.Roles.CountAsync());
        Assert.Equal(0, await db.Users.CountAsync());
        Assert.Equal(0, await db.StaffMembers.CountAsync());
    }

    [Fact]
    public async Task Reseeding_KeepsAnAdministratorsRename()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var dept = await db.OrgUnits.FirstAsync(u => u.Kind == OrgUnitKind.Department);
            dept.Name = "改名后的部门";
            await db.SaveChangesAsync();
        }

        await database.SeedAsync(demo: false);

        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await check.OrgUnits.CountAsync(u => u.Name == "改名后的部门"));
    }

    private static async Task<(int Units, int Staff, int Assignments, int Users, int Roles)> CountAllAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return (await db.OrgUnits.CountAsync(), await db.StaffMembers.CountAsync(), await db.GridAssignments.CountAsync(),
            await db.Users.CountAsync(), await db.Roles.CountAsync());
    }
}
