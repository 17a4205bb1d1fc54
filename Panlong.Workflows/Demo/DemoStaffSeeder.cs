using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Registry;

namespace Panlong.Workflows.Demo;

/// <summary>
/// "1+1+1+N" staffing for every grid (docs/domain.md §1), with invented people:
/// a grid worker per grid (full-time, one grid each), a street supervisor per community and a
/// district inspector per three grids of a street (specialists, many grids each), and 1–3 helpers
/// per grid (part-time volunteers, courtyard and building heads). The inspectors came to their streets at staggered times
/// before the demo year (up to <see cref="InspectorStartSpreadMonths"/> months earlier), so the demo year's rotation moves some
/// and not others (docs/decisions/0073-inspector-rotation.md); the other posts carry no dates (held since before the records).
/// </summary>
public static class DemoStaffSeeder
{
    public const int GridsPerInspector = 3;

    public const int InspectorStartSpreadMonths = 24;

    /// <summary>The first day of the demo year: a year before the seed, a China midnight.</summary>
    public static DateTimeOffset YearStart(DateTimeOffset now) => ChinaTime.StartOf(ChinaTime.DateOf(now).AddDays(-365));

    public static async Task<int> SeedAsync(PanlongDbContext db, PersonalDataProtector protector, DateTimeOffset now, CancellationToken ct = default)
    {
        if (await db.StaffMembers.AnyAsync(s => s.IsDemo, ct))
        {
            return 0;
        }
        var units = await db.OrgUnits.AsNoTracking().ToListAsync(ct);
        var district = units.Single(u => u.Kind == OrgUnitKind.District);
        var people = new DemoPeople(530103);
        var members = new List<StaffMember>();

        StaffMember Person(OrgUnit org)
        {
            var member = new StaffMember { Name = people.NextName(), OrgUnitId = org.Id, ScopePath = org.ScopePath, IsDemo = true };
            StaffPhones.Set(member, people.NextMobile(), protector);
            members.Add(member);
            return member;
        }

        void Assign(StaffMember member, OrgUnit grid, GridDuty duty) =>
            member.Assignments.Add(new GridAssignment { GridId = grid.Id, Duty = duty, ScopePath = grid.ScopePath });

        var inspectors = 0;
        GridDuty[] helperDuties = [GridDuty.Volunteer, GridDuty.Volunteer, GridDuty.CourtyardHead, GridDuty.BuildingHead];
        foreach (var street in units.Where(u => u.Kind == OrgUnitKind.Street).OrderBy(u => u.Code))
        {
            var communities = units.Where(u => u.Kind == OrgUnitKind.Community && u.ParentId == street.Id).OrderBy(u => u.Code).ToList();
            var streetGrids = new List<OrgUnit>();
            foreach (var community in communities)
            {
                var supervisor = Person(street);
                var grids = units.Where(u => u.Kind == OrgUnitKind.Grid && u.ParentId == community.Id).OrderBy(u => u.Code).ToList();
                foreach (var grid in grids)
                {
                    Assign(supervisor, grid, GridDuty.Supervisor);
                    Assign(Person(community), grid, GridDuty.GridWorker);
                    var helpers = people.Next(1, 4);
                    for (var h = 0; h < helpers; h++)
                    {
                        Assign(Person(community), grid, helperDuties[people.Next(0, helperDuties.Length)]);
                    }
                }
                streetGrids.AddRange(grids);
            }
            // Inspectors are hired by the district and work inside one street (docs/domain.md §1).
            foreach (var chunk in streetGrids.Chunk(GridsPerInspector))
            {
                var inspector = Person(district);
                var since = ChinaTime.StartOf(ChinaTime.DateOf(YearStart(now)).AddMonths(-(inspectors++ % InspectorStartSpreadMonths)));
                foreach (var grid in chunk)
                {
                    inspector.Assignments.Add(new GridAssignment { GridId = grid.Id, Duty = GridDuty.Inspector, ScopePath = grid.ScopePath, From = since });
                }
            }
        }
        db.StaffMembers.AddRange(members);
        await db.SaveChangesAsync(ct);
        return members.Count;
    }
}
