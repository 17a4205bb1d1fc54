namespace Panlong.Data.SpotChecks;

/// <summary>
/// A district spot-check plan (督察, issue 19 part 4, docs/decisions/0074-spot-checks.md): how many checks in which streets and
/// problem categories within a period. The grids, categories and days are drawn from <see cref="Seed"/>, which is stored so the
/// draws can be drawn again and compared; the plan's candidates are kept as chosen (comma lists, in the order drawn from).
/// </summary>
public class SpotCheckPlan : IOrgScoped
{
    public int Id { get; set; }
    public required string Name { get; set; }
    /// <summary>First and last China day of the period, both included.</summary>
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public int Checks { get; set; }
    /// <summary>The streets' codes, comma-separated.</summary>
    public required string StreetCodes { get; set; }
    /// <summary>The categories' ids, comma-separated.</summary>
    public required string CategoryIds { get; set; }
    public int Seed { get; set; }
    /// <summary>The planner's scope: the district.</summary>
    public required string ScopePath { get; set; }
    public required string CreatedByUserId { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<SpotCheckTask> Tasks { get; set; } = [];
}

public enum SpotCheckStatus
{
    Open,
    Done,
}

/// <summary>One draw of a plan: a grid and a category to check on a day. Done with findings or with none ("nothing found").</summary>
public class SpotCheckTask : IOrgScoped
{
    public int Id { get; set; }
    public int PlanId { get; set; }
    public SpotCheckPlan? Plan { get; set; }
    /// <summary>The draw's place in the seed's sequence (0, 1, …).</summary>
    public int Draw { get; set; }
    public DateOnly Day { get; set; }
    public int GridId { get; set; }
    public required string GridCode { get; set; }
    public int CategoryId { get; set; }
    /// <summary>Path of the grid: whoever sees the grid's cases sees its spot checks.</summary>
    public required string ScopePath { get; set; }
    public SpotCheckStatus Status { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? CheckedByUserId { get; set; }
    public string? CheckedByName { get; set; }
    /// <summary>The area's inspector on the day of the check (SpotCheckService.InspectorOnAsync), whose work the check judges.</summary>
    public string? InspectorUserId { get; set; }
    public string? InspectorName { get; set; }
    public List<SpotCheckFinding> Findings { get; set; } = [];
}

/// <summary>
/// A problem found on a spot check, always linked to a case: a new case reported to the district loop when the area's inspector
/// had not reported it (<see cref="Missed"/>, 漏报), or the inspector's own earlier case (已报).
/// </summary>
public class SpotCheckFinding
{
    public int Id { get; set; }
    public int TaskId { get; set; }
    public long CaseId { get; set; }
    public Cases.Case? Case { get; set; }
    public required string CaseNumber { get; set; }
    public bool Missed { get; set; }
    public required string Description { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public string? InspectorUserId { get; set; }
    public string? InspectorName { get; set; }
    public DateTimeOffset At { get; set; }
}
