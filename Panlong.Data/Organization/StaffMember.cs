namespace Panlong.Data.Organization;

/// <summary>A person who works in the grids: staff of the district, a street or a community, or a volunteer.</summary>
public class StaffMember : IOrgScoped, IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The phone encrypted (docs/decisions/0010-personal-data-at-rest.md); lists show <see cref="PhoneMasked"/>.</summary>
    public string? PhoneCipher { get; set; }
    /// <summary>Null on a row the start-up has not protected yet: its <see cref="PhoneCipher"/> still holds the plain number (StaffPhones).</summary>
    public string? PhoneMasked { get; set; }
    public int OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
    /// <summary>Path of <see cref="OrgUnit"/>, kept beside it for scoped queries.</summary>
    public required string ScopePath { get; set; }
    public string? UserId { get; set; }
    public bool IsDemo { get; set; }
    public Guid Version { get; set; }
    public List<GridAssignment> Assignments { get; set; } = [];
}

/// <summary>"1+1+1+N" (docs/domain.md §1): every grid has one inspector, one supervisor, one grid worker and N helpers.</summary>
public enum GridDuty
{
    Inspector,
    Supervisor,
    GridWorker,
    Volunteer,
    CourtyardHead,
    BuildingHead,
}

public class GridAssignment : IOrgScoped
{
    public int Id { get; set; }
    public int GridId { get; set; }
    public OrgUnit? Grid { get; set; }
    public int StaffMemberId { get; set; }
    public StaffMember? StaffMember { get; set; }
    public GridDuty Duty { get; set; }
    /// <summary>Path of the grid: whoever sees the grid sees who works in it.</summary>
    public required string ScopePath { get; set; }

    /// <summary>docs/domain.md §1: the three fixed posts, one person each per grid; helpers are many per grid.</summary>
    public static bool IsSinglePost(GridDuty duty) => duty is GridDuty.Inspector or GridDuty.Supervisor or GridDuty.GridWorker;
}
