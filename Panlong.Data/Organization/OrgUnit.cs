namespace Panlong.Data.Organization;

public enum OrgUnitKind
{
    District,
    Street,
    Community,
    Grid,
    CommandCenter,
    Department,
}

/// <summary>Class-1 (urban) and class-2 (rural) areas have different appraisal thresholds (docs/domain.md §3).</summary>
public enum AreaClass
{
    Urban,
    Rural,
}

/// <summary>
/// One node of the district's organization tree: regions (district → street → community → grid),
/// command centers and departments. <see cref="ScopePath"/> is the materialized path of codes,
/// so a subtree is a prefix match and data scope costs one indexed LIKE.
/// </summary>
public class OrgUnit : IOrgScoped, IVersioned
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public OrgUnitKind Kind { get; set; }
    public int? ParentId { get; set; }
    public OrgUnit? Parent { get; set; }
    public List<OrgUnit> Children { get; set; } = [];
    public required string ScopePath { get; set; }
    public int SortOrder { get; set; }

    /// <summary>Department family (区直部门, 公共服务企业, 派出所 …); null for regions.</summary>
    public string? Category { get; set; }

    /// <summary>GeoJSON Polygon in WGS-84 (lng, lat) for streets, communities and grids.</summary>
    public string? Boundary { get; set; }
    public double? CenterLat { get; set; }
    public double? CenterLng { get; set; }
    public AreaClass? AreaClass { get; set; }

    /// <summary>Invented for the demo (names of most communities); shown as such in the UI.</summary>
    public bool IsDemo { get; set; }
    public bool IsActive { get; set; } = true;
    public Guid Version { get; set; }

    public static string PathOf(string? parentPath, string code) => (parentPath is null ? OrgPath.Root : OrgPath.Parse(parentPath)).Child(code);
}
