using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Organization;

public static class OrgUnitNames
{
    /// <summary>Names of the units with these codes, reading only code and name (not the whole row with its boundary).</summary>
    public static async Task<Dictionary<string, string>> UnitNamesAsync(this PanlongDbContext db, IEnumerable<string> codes, CancellationToken ct = default)
    {
        var list = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(u => list.Contains(u.Code)).Select(u => new { u.Code, u.Name }).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
    }
}
