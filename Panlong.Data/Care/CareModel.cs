namespace Panlong.Data.Care;

/// <summary>
/// A kind of key person looked after (重点人员帮教, issue 21 part 1, docs/decisions/0087-care-plans.md): 社区戒毒/康复, 刑满释放…
/// Data an administrator edits: how often the grid worker visits (every <see cref="IntervalWorkingDays"/> working days on the
/// working calendar) and which roles may see anything of the kind (<see cref="VisibleRoles"/>, a comma list).
/// </summary>
public class CareKind : IVersioned
{
    public int Id { get; set; }
    /// <summary>A stable code for the seed and the tests (e.g. <c>drug-rehab</c>).</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public int IntervalWorkingDays { get; set; }
    public required string VisibleRoles { get; set; }
    public bool Active { get; set; } = true;
    public Guid Version { get; set; }

    public LocalizedName DisplayName => new(Name, NameEn);

    public bool VisibleTo(IEnumerable<string> roles) => roles.Any(r => VisibleRoles.Split(',').Contains(r));
}

/// <summary>
/// One registry person enrolled for help: the kind, why, the grid worker responsible (of the person's grid), the helper team
/// (free text: 民警, 社区医生, 志愿者 with their names) and the dates; scoped by the person's grid. From the day after
/// <see cref="EndDate"/> the plan is read-only and kept for the retention period.
/// </summary>
public class CarePlan : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public Registry.Person? Person { get; set; }
    public int KindId { get; set; }
    public CareKind? Kind { get; set; }
    public required string Reason { get; set; }
    public int GridId { get; set; }
    public required string ScopePath { get; set; }
    public required string ResponsibleUserId { get; set; }
    public required string ResponsibleName { get; set; }
    public required string HelperTeam { get; set; }
    /// <summary>First and last China day of the plan, both included.</summary>
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public required string CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool IsDemo { get; set; }
    public Guid Version { get; set; }
    public List<CareVisit> Visits { get; set; } = [];
}

/// <summary>
/// One visit due: its window opens at <see cref="OpensAt"/> (the plan's start or the previous visit's due time) and closes at
/// <see cref="DueAt"/> (the close of the N-th working day after). Recorded on the phone; a visit recorded far from the house or
/// outside its window is kept and flagged.
/// </summary>
public class CareVisit : IOrgScoped
{
    public long Id { get; set; }
    public long PlanId { get; set; }
    public CarePlan? Plan { get; set; }
    public int Seq { get; set; }
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public required string ScopePath { get; set; }
    public DateTimeOffset? DoneAt { get; set; }
    public string? DoneByUserId { get; set; }
    public string? DoneByName { get; set; }
    public bool? Met { get; set; }
    public string? Condition { get; set; }
    public string? Needs { get; set; }
    public string? PhotoPath { get; set; }
    public string? ThumbnailPath { get; set; }
    public double? Lat { get; set; }
    public double? Lng { get; set; }
    /// <summary>Metres from the person's house (its building's position); null when the house has no position.</summary>
    public int? Metres { get; set; }
    public bool FarFromHouse { get; set; }
    public bool OutsideWindow { get; set; }
    public long? ServiceOrderId { get; set; }
}
