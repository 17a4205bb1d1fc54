using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Organization;

namespace Panlong.Portal.Features.Maps;

public sealed record GridFigures(int People, int Registered, int Floating, int LivingAlone, int Disabled, int LowIncome, int? KeyPersons,
    int Buildings, int Houses, int Entities, int OpenProcesses);

public sealed record BuildingRow(long Id, string Name, string Address, int Floors, BuildingUse Use, int Houses, int People);

public sealed record GridPage(GridView Grid, string? CommunityName, string? StreetName, GridFigures Figures, IReadOnlyList<BuildingRow> Buildings);

/// <summary>One grid with its 1+1+1+N staff, buildings, population figures and running processes; null outside the scope.</summary>
public sealed class GridQueries(IDbContextFactory<PanlongDbContext> dbFactory, OrgQueries org)
{
    public async Task<GridPage?> GridAsync(ClaimsPrincipal viewer, string code, CancellationToken ct = default)
    {
        var scope = DataScope.For(viewer);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var grid = await db.OrgUnits.AsNoTracking().InScope(scope).Where(u => u.Code == code && u.Kind == OrgUnitKind.Grid)
            .Select(u => new { u.Id, u.ScopePath, Community = u.Parent!.Name, Street = u.Parent.Parent!.Name }).SingleOrDefaultAsync(ct);
        if (grid is null || await org.DetailAsync(scope, grid.Id, ct) is not { } detail)
        {
            return null;
        }
        var people = db.People.Where(p => p.GridId == grid.Id);
        var groups = await people.Select(p => new { p.Household, p.Groups }).ToListAsync(ct);
        int With(SpecialGroups g) => groups.Count(p => (p.Groups & g) != 0);
        var figures = new GridFigures(
            groups.Count,
            groups.Count(p => p.Household == HouseholdType.Registered),
            groups.Count(p => p.Household == HouseholdType.Floating),
            With(SpecialGroups.LivingAlone),
            With(SpecialGroups.Disabled),
            With(SpecialGroups.LowIncome),
            Roles.GovernanceViewers.Any(viewer.IsInRole) ? With(SpecialGroups.KeyPerson) : null,
            await db.Buildings.CountAsync(b => b.GridId == grid.Id, ct),
            await db.Houses.CountAsync(h => h.GridId == grid.Id, ct),
            await db.LegalEntities.CountAsync(e => e.GridId == grid.Id, ct),
            await db.ProcessInstances.CountAsync(i => i.ScopePath.StartsWith(grid.ScopePath) && i.Status == InstanceStatus.Running, ct));
        var buildings = await db.Buildings.AsNoTracking().Where(b => b.GridId == grid.Id).OrderBy(b => b.Name).Take(100)
            .Select(b => new BuildingRow(b.Id, b.Name, b.Address, b.Floors, b.Use,
                db.Houses.Count(h => h.BuildingId == b.Id),
                db.People.Count(p => p.House != null && p.House.BuildingId == b.Id)))
            .ToListAsync(ct);
        return new GridPage(detail.Grids.Single(), grid.Community, grid.Street, figures, buildings);
    }
}
