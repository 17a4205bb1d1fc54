using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Identity;

public class DataScopeTests
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task StreetScope_SeesItsOwnSubtree_AndNothingOfAnotherStreet(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync(seed: true, demo: true);
        await using var db = await database.Factory.CreateDbContextAsync();
        var scope = new DataScope(OrgUnit.PathOf(OrgUnit.PathOf(null, DistrictPlan.DistrictCode), Tuodong));

        var units = await db.OrgUnits.InScope(scope).ToListAsync();
        var staff = await db.StaffMembers.InScope(scope).ToListAsync();
        var assignments = await db.GridAssignments.InScope(scope).Include(a => a.Grid).ToListAsync();

        Assert.Equal(66, units.Count(u => u.Kind == OrgUnitKind.Grid));
        Assert.All(units, u => Assert.StartsWith(Tuodong, u.Code, StringComparison.Ordinal));
        Assert.DoesNotContain(units, u => u.Code.StartsWith(Gulou, StringComparison.Ordinal));
        Assert.NotEmpty(staff);
        Assert.All(assignments, a => Assert.StartsWith(Tuodong, a.Grid!.Code, StringComparison.Ordinal));
        var gulouGrid = await db.OrgUnits.FirstAsync(u => u.Code == Gulou + "001001");
        Assert.False(await db.OrgUnits.InScope(scope).AnyAsync(u => u.Id == gulouGrid.Id));
    }

    [Fact]
    public async Task NoScope_SeesNothing()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        await using var db = await database.Factory.CreateDbContextAsync();

        Assert.Equal(0, await db.OrgUnits.InScope(DataScope.None).CountAsync());
    }

    [Fact]
    public async Task AStreetSubCenter_CommandsItsStreet_ADepartmentOnlyItself()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        await using var db = await database.Factory.CreateDbContextAsync();
        var center = await db.OrgUnits.Include(u => u.Parent).SingleAsync(u => u.Code == DistrictPlan.CenterCode(Tuodong));
        var department = await db.OrgUnits.Include(u => u.Parent).SingleAsync(u => u.Code == DistrictPlan.DistrictCode + "-BM01");

        Assert.Equal("/530103/530103001/", DataScope.RootPathFor(center));
        Assert.Equal(department.ScopePath, DataScope.RootPathFor(department));
    }

    [Fact]
    public void ScopeFromPrincipal_ReadsTheServerIssuedClaim_AndAnonymousHasNone()
    {
        var signedIn = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DataScope.ScopeClaim, "/530103/530103001/")], "cookie"));
        var forged = new ClaimsPrincipal(new ClaimsIdentity([new Claim(DataScope.ScopeClaim, "/530103/")]));

        Assert.Equal("/530103/530103001/", DataScope.For(signedIn).RootPath);
        Assert.True(DataScope.For(forged).IsNone);
        Assert.True(DataScope.For(signedIn).Covers("/530103/530103001/530103001001/"));
        Assert.False(DataScope.For(signedIn).Covers("/530103/530103002/"));
    }
}
