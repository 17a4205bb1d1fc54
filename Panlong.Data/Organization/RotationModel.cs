namespace Panlong.Data.Organization;

/// <summary>
/// The inspectors' rotation rules an administrator sets (docs/decisions/0073-inspector-rotation.md): saved as a new row on
/// every change, the newest in force, each change audited; a plan keeps the id of the row it was checked against.
/// </summary>
public class RotationRule
{
    public int Id { get; set; }
    /// <summary>No one stays in one street longer than this many months.</summary>
    public int MaxMonthsInStreet { get; set; }
    /// <summary>No one returns to a street within this many months of leaving it.</summary>
    public int NoReturnMonths { get; set; }
    /// <summary>How long the period a plan is made for lasts.</summary>
    public int PeriodMonths { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
}

public enum RotationPlanStatus
{
    Reviewing,
    Approved,
    Returned,
}

/// <summary>A rotation for the next period: the moves the system proposed, reviewed by the leader on the engine.</summary>
public class RotationPlan : IOrgScoped
{
    public int Id { get; set; }
    /// <summary>China midnight the moves take effect.</summary>
    public DateTimeOffset EffectiveAt { get; set; }
    public RotationPlanStatus Status { get; set; }
    /// <summary>The moves as JSON (RotationMove records): who goes from which street to which, taking which grids.</summary>
    public required string MovesJson { get; set; }
    public int MoveCount { get; set; }
    /// <summary>The rules row the plan was checked against; null while the defaults applied.</summary>
    public int? RuleId { get; set; }
    /// <summary>The district's path: the plan is the district's, seen by whoever's scope covers it.</summary>
    public required string ScopePath { get; set; }
    public Guid? InstanceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByName { get; set; }
    public string? Reason { get; set; }
}
