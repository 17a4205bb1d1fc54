namespace Panlong.Data.KeySites;

/// <summary>What a key site (要害部位) is: the places the community guards (issue 21 part 2).</summary>
public enum KeySiteKind
{
    School,
    Hospital,
    GasStation,
    WaterWorks,
    Market,
    PowerStation,
    Other,
}

/// <summary>
/// A guarded key site (要害部位, issue 21 part 2, docs/decisions/0088-key-sites.md): where it stands (WGS-84, the grid found
/// from the map's grid polygons and that grid's path as its scope), optionally the registry building it is in, the unit
/// responsible for it and how near a guard must stand to check in.
/// </summary>
public class KeySite : IOrgScoped
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public KeySiteKind Kind { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public long? BuildingId { get; set; }
    public int GridId { get; set; }
    public required string ScopePath { get; set; }
    public required string ResponsibleUnit { get; set; }
    public int RadiusMeters { get; set; } = 200;
    public bool IsActive { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    public const int NameLength = 100;
}

/// <summary>
/// One line of a site's duty roster: a guard account and a daily check-in window in China time (minutes from midnight,
/// <see cref="StartMinute"/> before <see cref="EndMinute"/>, not across midnight), due every day from <see cref="From"/>
/// until <see cref="Until"/> (the day it was taken off the roster, exclusive).
/// </summary>
public class KeySiteDuty
{
    public long Id { get; set; }
    public int SiteId { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public int StartMinute { get; set; }
    public int EndMinute { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }
}

/// <summary>A guard's check-in in one window of one day: the key (<see cref="DutyId"/>, <see cref="Day"/>) allows one.</summary>
public class KeySiteCheckIn
{
    public long Id { get; set; }
    public long DutyId { get; set; }
    public int SiteId { get; set; }
    public required string UserId { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset At { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public int DistanceMeters { get; set; }
    public string? Note { get; set; }

    public const int NoteLength = 500;
}

/// <summary>A window that passed without a check-in, and when the street center was told: its key makes the alert once.</summary>
public class KeySiteMiss
{
    public long DutyId { get; set; }
    public DateOnly Day { get; set; }
    public int SiteId { get; set; }
    public DateTimeOffset AlertedAt { get; set; }
}
