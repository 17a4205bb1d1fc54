using Microsoft.EntityFrameworkCore;
using Panlong.Data.Organization;

namespace Panlong.Data.Seeding;

/// <summary>Creates the units of <see cref="DistrictPlan"/> that are missing; never changes what an administrator edited.</summary>
public static class OrgSeeder
{
    public static async Task<int> SeedAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var existing = await db.OrgUnits.ToDictionaryAsync(u => u.Code, ct);
        var added = 0;
        foreach (var plan in DistrictPlan.Build())
        {
            if (existing.ContainsKey(plan.Code))
            {
                continue;
            }
            var parent = plan.ParentCode is null ? null : existing[plan.ParentCode];
            var unit = new OrgUnit
            {
                Code = plan.Code,
                Name = plan.Name,
                Kind = plan.Kind,
                Parent = parent,
                ScopePath = OrgUnit.PathOf(parent?.ScopePath, plan.Code),
                SortOrder = plan.SortOrder,
                Category = plan.Category,
                Boundary = plan.Box?.ToGeoJson(),
                CenterLat = plan.Box?.CenterLat,
                CenterLng = plan.Box?.CenterLng,
                AreaClass = plan.AreaClass,
                IsDemo = plan.IsDemo,
            };
            db.OrgUnits.Add(unit);
            existing[plan.Code] = unit;
            added++;
        }
        await db.SaveChangesAsync(ct);
        return added;
    }
}
