namespace Panlong.Data.Community;

public enum ServiceOrderStatus
{
    /// <summary>Offered to the community's qualified volunteers; the first grab wins.</summary>
    Open,
    /// <summary>Grabbed: the winner is on the way (check-in due by the window's start + grace).</summary>
    Assigned,
    CheckedIn,
    /// <summary>Done with a photo; waiting for the requester's confirmation and rating.</summary>
    Completed,
    Confirmed,
    Cancelled,
}

/// <summary>
/// A service order (抢单, issue 18 part 4): a resident's need offered to the community's volunteers with the skill; the
/// first grab wins by a conditional update on <see cref="AssigneeVolunteerId"/> (docs/decisions/0055-service-orders.md).
/// </summary>
public class ServiceOrder : IOrgScoped
{
    public long Id { get; set; }
    /// <summary>The community (12-digit code) whose volunteers are offered the order; <see cref="ScopePath"/> is the house's path.</summary>
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public int SkillId { get; set; }
    /// <summary>The registry person the service is for, and their house (the address the volunteer checks in at).</summary>
    public long PersonId { get; set; }
    public long HouseId { get; set; }
    public long BuildingId { get; set; }
    /// <summary>Copied from the registry's 独居 flag when posted.</summary>
    public bool LivingAlone { get; set; }
    public DateTimeOffset WindowStart { get; set; }
    public DateTimeOffset WindowEnd { get; set; }
    public required string Description { get; set; }
    public ServiceOrderStatus Status { get; set; }
    public required string PostedByUserId { get; set; }
    public required string PostedByName { get; set; }
    /// <summary>Posted by a grid worker or community staff for the resident: the community's staff confirm.</summary>
    public bool PostedByStaff { get; set; }
    public DateTimeOffset PostedAt { get; set; }
    public long? AssigneeVolunteerId { get; set; }
    public string? AssigneeUserId { get; set; }
    public DateTimeOffset? AssignedAt { get; set; }
    public DateTimeOffset? CheckedInAt { get; set; }
    /// <summary>Metres from the building when checking in.</summary>
    public int? CheckInDistance { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? PhotoPath { get; set; }
    public string? PhotoThumbnailPath { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    /// <summary>Set once when the order stayed unassigned past the limit and went to the community's staff.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public int NoShows { get; set; }
    /// <summary>Changed by every write, conditional or tracked: a tracked save that lost a race to another fails instead of overwriting it.</summary>
    public Guid Version { get; set; }
}

/// <summary>What happened to an order, by whom: its history, the no-show count of a volunteer, and what a live notice is raised for.</summary>
public class ServiceOrderEvent
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>One of <c>ServiceOrderActions</c> (Panlong.Workflows/Community).</summary>
    public required string Action { get; set; }
    public DateTimeOffset At { get; set; }
    public string? ActorUserId { get; set; }
    public required string ActorName { get; set; }
    public long? VolunteerId { get; set; }
    public string? Note { get; set; }
}
