namespace Panlong.Data.Community;

/// <summary>
/// A kind of service residents ask for (义诊, 法律咨询, 亲子活动, …): data an administrator edits, each mapped to the
/// volunteer skills that can meet it (docs/decisions/0057-community-needs.md).
/// </summary>
public class NeedKind
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    /// <summary>The <see cref="VolunteerSkill"/> ids that meet this kind, comma separated like a volunteer's skills.</summary>
    public required string SkillIds { get; set; }
    public int SortOrder { get; set; }
    public bool Active { get; set; } = true;

    public LocalizedName DisplayName => new(Name, NameEn);
}

public enum NeedStatus
{
    Open,
    /// <summary>Volunteers with matching skills were invited for the need's group.</summary>
    Gathered,
    Met,
    Closed,
    /// <summary>The resident took it back.</summary>
    Withdrawn,
}

/// <summary>A resident's need: a kind, free text, and where (a registry building of their community, else the community).</summary>
public class Need : IOrgScoped
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public long PersonId { get; set; }
    public int KindId { get; set; }
    public required string Text { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>The building's path (its grid) when a building was given, else the community's.</summary>
    public required string ScopePath { get; set; }
    public int? GridId { get; set; }
    public long? BuildingId { get; set; }
    public NeedStatus Status { get; set; }
    public long? GroupId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StatusChangedAt { get; set; }
    public string? StatusReason { get; set; }
}

/// <summary>
/// Needs of one kind and area that staff acted on together: volunteers invited, met or closed with a note, and what the
/// group was turned into (an activity, a service order) once those features link it.
/// </summary>
public class NeedGroup : IOrgScoped
{
    public long Id { get; set; }
    public int KindId { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>The community's path: the group is the community's work whatever area it covers.</summary>
    public required string ScopePath { get; set; }
    /// <summary>"grid:{id}", "building:{id}" or "community": the area the staff selected.</summary>
    public required string Area { get; set; }
    public NeedStatus Status { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>"activity" or "order" once the group was turned into one (<c>NeedService.LinkAsync</c>); null until then.</summary>
    public string? LinkKind { get; set; }
    public string? LinkId { get; set; }
}

/// <summary>A volunteer invited for a need group (one row per volunteer and group).</summary>
public class NeedInvitation
{
    public long Id { get; set; }
    public long GroupId { get; set; }
    public long VolunteerId { get; set; }
    public DateTimeOffset InvitedAt { get; set; }
}
