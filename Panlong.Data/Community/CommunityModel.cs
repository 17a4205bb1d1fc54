namespace Panlong.Data.Community;

/// <summary>A volunteer skill (医疗, 法律, 教育, …): data an administrator edits, not an enum, so a community can add one.</summary>
public class VolunteerSkill
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;

    public LocalizedName DisplayName => new(Name, NameEn);

    /// <summary>
    /// The skill ids of a comma-separated list, the form a volunteer's, an application's and a need kind's skills are stored
    /// in; anything that is not an id is skipped.
    /// </summary>
    public static IReadOnlySet<int> Ids(string? commaList) =>
        (commaList ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(id => int.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0).ToHashSet();
}

public enum VolunteerApplicationStatus
{
    Submitted,
    Approved,
    Declined,
}

/// <summary>
/// A resident's application to volunteer in the community their registry person lives in; decided on the engine
/// (process <c>volunteer-application</c>, docs/decisions/0052-volunteers-and-points-ledger.md).
/// </summary>
public class VolunteerApplication : IOrgScoped
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long PersonId { get; set; }
    /// <summary>The community (12-digit region code) whose staff decide; <see cref="ScopePath"/> is its path.</summary>
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    /// <summary>Skill ids, comma separated.</summary>
    public required string Skills { get; set; }
    /// <summary>Days and time ranges as the applicant gave them, e.g. "周六 09:00-12:00; 周日 14:00-17:00".</summary>
    public required string Availability { get; set; }
    public string? Note { get; set; }
    public Guid? InstanceId { get; set; }
    public VolunteerApplicationStatus Status { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? Reason { get; set; }
}

public enum VolunteerStatus
{
    Active,
    Suspended,
    Left,
}

/// <summary>An approved volunteer of one community, known outside by an opaque random <see cref="Code"/> (never the ID number).</summary>
public class Volunteer : IOrgScoped
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long PersonId { get; set; }
    public long ApplicationId { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public required string Code { get; set; }
    public required string Skills { get; set; }
    public required string Availability { get; set; }
    public VolunteerStatus Status { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public string? StatusReason { get; set; }
}

public enum VolunteerPostKind
{
    /// <summary>庭院长 courtyard head.</summary>
    CourtyardHead,
    /// <summary>楼栋长 building head.</summary>
    BuildingHead,
}

/// <summary>A volunteer's post on a registry building; a building has at most one holder per post (unique index).</summary>
public class VolunteerPost : IOrgScoped
{
    public long Id { get; set; }
    public long VolunteerId { get; set; }
    public long BuildingId { get; set; }
    public VolunteerPostKind Kind { get; set; }
    public required string ScopePath { get; set; }
    public DateTimeOffset AppointedAt { get; set; }
    public string? AppointedBy { get; set; }
}
