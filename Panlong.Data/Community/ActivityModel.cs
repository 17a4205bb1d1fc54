namespace Panlong.Data.Community;

/// <summary>The kinds of community activity the source names (docs/domain.md §8).</summary>
public enum ActivityKind
{
    /// <summary>五小文化: 任旗营社区's small culture activities.</summary>
    SmallCulture,
    /// <summary>义诊 free clinic.</summary>
    FreeClinic,
    /// <summary>法律咨询 legal advice.</summary>
    LegalAdvice,
    /// <summary>亲子 parent-child.</summary>
    ParentChild,
    Other,
}

public enum ActivityStatus
{
    Published,
    Cancelled,
}

/// <summary>
/// A community activity published by the community's staff (docs/decisions/0056-community-activities.md): capacity seats for
/// residents, and helper seats per volunteer skill. The check-in secret makes the organiser's rotating door code.
/// </summary>
public class Activity : IOrgScoped
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>The community's path: staff scope and residents' community both match it.</summary>
    public required string ScopePath { get; set; }
    public required string Title { get; set; }
    public ActivityKind Kind { get; set; }
    public required string Description { get; set; }
    public required string Venue { get; set; }
    public long? BuildingId { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int Capacity { get; set; }
    public ActivityStatus Status { get; set; }
    public string? CancelReason { get; set; }
    public required string OrganizerUserId { get; set; }
    public required string OrganizerName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>Random key of the rotating check-in code; never shown.</summary>
    public required string CheckInSecret { get; set; }
    public List<ActivityHelperSlot> HelperSlots { get; set; } = [];
}

/// <summary>How many volunteers with a skill the activity wants as helpers (医疗 ×2 for a 义诊).</summary>
public class ActivityHelperSlot
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public int SkillId { get; set; }
    public int Wanted { get; set; }
}

public enum ActivitySeat
{
    /// <summary>Holds a seat (or a helper place).</summary>
    Confirmed,
    /// <summary>On the waiting list, in order of <see cref="ActivitySignUp.QueuedAt"/>.</summary>
    Waiting,
    Cancelled,
}

/// <summary>
/// One person's sign-up: a resident's seat (<see cref="SkillId"/> null) or a volunteer's helper place against a skill.
/// One row per person and activity (unique): signing up twice is refused, signing up again after cancelling reuses it
/// and joins the end of the queue.
/// </summary>
public class ActivitySignUp
{
    public long Id { get; set; }
    public long ActivityId { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The helper's skill; null for a resident's seat.</summary>
    public int? SkillId { get; set; }
    /// <summary>The volunteer's code when a volunteer helps (what the organiser scans from the card, and who earns).</summary>
    public string? VolunteerCode { get; set; }
    public ActivitySeat Seat { get; set; }
    public DateTimeOffset QueuedAt { get; set; }
    public DateTimeOffset? PromotedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    /// <summary>"code" (typed or scanned the organiser's code) or "card" (the organiser scanned the volunteer card).</summary>
    public string? CheckedInBy { get; set; }
}
