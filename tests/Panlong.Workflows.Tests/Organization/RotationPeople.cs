using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;

namespace Panlong.Workflows.Tests.Organization;

/// <summary>District inspectors for the rotation tests: a staff member (with an account id when given) holding grids over given days.</summary>
public static class RotationPeople
{
    public static DateTimeOffset Day(int year, int month, int day = 1) => ChinaTime.StartOf(new DateOnly(year, month, day));

    /// <summary>The first <paramref name="count"/> grids of a street, by code: (id, code).</summary>
    public static async Task<IReadOnlyList<(int Id, string Code)>> GridsAsync(TestEngine engine, string street, int count)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grids = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(street)).OrderBy(u => u.Code).Take(count)
            .Select(u => new { u.Id, u.Code }).ToListAsync();
        return [.. grids.Select(g => (g.Id, g.Code))];
    }

    /// <summary>An inspector of the district holding each (grid, from, until) stint; returns the staff id.</summary>
    public static async Task<int> InspectorAsync(TestEngine engine, string name, string? userId, params (int GridId, DateTimeOffset? From, DateTimeOffset? Until)[] stints)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var district = await db.OrgUnits.SingleAsync(u => u.Kind == OrgUnitKind.District);
        var member = new StaffMember { Name = name, OrgUnitId = district.Id, ScopePath = district.ScopePath, UserId = userId };
        foreach (var (gridId, from, until) in stints)
        {
            var path = await db.OrgUnits.Where(u => u.Id == gridId).Select(u => u.ScopePath).SingleAsync();
            member.Assignments.Add(new GridAssignment { GridId = gridId, Duty = GridDuty.Inspector, ScopePath = path, From = from, Until = until });
        }
        db.StaffMembers.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}
