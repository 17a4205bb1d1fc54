using Panlong.Data.Organization;

namespace Panlong.Data.Registry;

public enum Gender
{
    Male,
    Female,
}

public enum IdType
{
    ResidentId,
    Passport,
    Other,
}

/// <summary>户籍 (registered here) or 流动 (living here, registered elsewhere).</summary>
public enum HouseholdType
{
    Registered,
    Floating,
}

/// <summary>Groups the community looks after; 重点人员 is visible to comprehensive-governance roles only.</summary>
[Flags]
public enum SpecialGroups
{
    None = 0,
    LivingAlone = 1,
    Disabled = 2,
    LowIncome = 4,
    KeyPerson = 8,
}

public enum BuildingUse
{
    Residential,
    Commercial,
    Mixed,
    Public,
    Industrial,
    Other,
}

public enum HouseUse
{
    Residential,
    Commercial,
    Office,
    Other,
}

/// <summary>A record of one of the four registries: scoped, versioned, and named in the change log by its type and <see cref="Id"/>.</summary>
public interface IRegistryRecord : IOrgScoped, IVersioned
{
    long Id { get; }
    DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// 人口库. The ID number and phone are stored encrypted (<see cref="IdCipher"/>) with a keyed hash for exact search
/// (<see cref="IdHash"/>) and the masked form for lists (<see cref="IdMasked"/>); the plain value is never stored.
/// </summary>
public class Person : IRegistryRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public Gender Gender { get; set; }
    public IdType IdType { get; set; }
    public required string IdCipher { get; set; }
    public required string IdHash { get; set; }
    public required string IdMasked { get; set; }
    public DateOnly? BirthDate { get; set; }
    public string? RegionCode { get; set; }
    public string? Ethnicity { get; set; }
    public string? PhoneCipher { get; set; }
    public string? PhoneHash { get; set; }
    public string? PhoneMasked { get; set; }
    public HouseholdType Household { get; set; }
    public SpecialGroups Groups { get; set; }
    public int GridId { get; set; }
    public OrgUnit? Grid { get; set; }
    public required string ScopePath { get; set; }
    public long? HouseId { get; set; }
    public House? House { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>法人单位库: enterprises, individual businesses, organizations; the credit code is public registration data.</summary>
public class LegalEntity : IRegistryRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string CreditCode { get; set; }
    public required string EntityType { get; set; }
    public string? LegalRepresentative { get; set; }
    public string? Address { get; set; }
    public long? BuildingId { get; set; }
    public Building? Building { get; set; }
    public int GridId { get; set; }
    public required string ScopePath { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>建筑物库: a building with its position (WGS-84), tied to the grid it stands in.</summary>
public class Building : IRegistryRecord
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    public int Floors { get; set; }
    public BuildingUse Use { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public int GridId { get; set; }
    public OrgUnit? Grid { get; set; }
    public required string ScopePath { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>房屋库: one house (flat, shop, office) in a building.</summary>
public class House : IRegistryRecord
{
    public long Id { get; set; }
    public long BuildingId { get; set; }
    public Building? Building { get; set; }
    public required string Unit { get; set; }
    public required string Room { get; set; }
    public HouseUse Use { get; set; }
    public decimal Area { get; set; }
    public int GridId { get; set; }
    public required string ScopePath { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>Who changed which registry record, when, and what (field → old → new; personal data masked).</summary>
public class RegistryChange
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public long EntityId { get; set; }
    public DateTimeOffset At { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public required string Action { get; set; }
    public required string Changes { get; set; }
}
