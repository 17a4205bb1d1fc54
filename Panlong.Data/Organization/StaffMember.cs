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
    /// <summary>
    /// China midnight the post was taken (null: before the records began); with <see cref="Until"/> the days it was held
    /// (docs/decisions/0073-inspector-rotation.md). A rotation closes a row and adds another, never rewrites one.
    /// </summary>
    public DateTimeOffset? From { get; set; }
    /// <summary>China midnight the post was left, exclusive; null while held.</summary>
    public DateTimeOffset? Until { get; set; }
    /// <summary>The rotation plan that made the row (null for a direct appointment or the seed).</summary>
    public int? RotationPlanId { get; set; }

    /// <summary>docs/domain.md §1: the three fixed posts, one person each per grid; helpers are many per grid.</summary>
    public static bool IsSinglePost(GridDuty duty) => duty is GridDuty.Inspector or GridDuty.Supervisor or GridDuty.GridWorker;

    /// <summary>Whether the post was held at an instant: the one rule for "who held it then", usable inside a query.</summary>
    public static System.Linq.Expressions.Expression<Func<GridAssignment, bool>> HeldAt(DateTimeOffset at) =>
        a => (a.From == null || a.From <= at) && (a.Until == null || at < a.Until);

    /// <summary><see cref="HeldAt"/> for dates already read: from inclusive, until exclusive, null for open.</summary>
    public static bool Holds(DateTimeOffset? from, DateTimeOffset? until, DateTimeOffset at) => (from == null || from <= at) && (until == null || at < until);
}
