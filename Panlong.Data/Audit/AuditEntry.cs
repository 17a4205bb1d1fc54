namespace Panlong.Data.Audit;

/// <summary>One security-relevant event. Append-only: the context refuses to update or delete rows.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
}

public static class AuditActions
{
    public const string SignIn = "SignIn";
    public const string SignInFailed = "SignInFailed";
    public const string LockedOut = "LockedOut";
    public const string SignOut = "SignOut";
    public const string RoleChanged = "RoleChanged";
    public const string UserCreated = "UserCreated";
    public const string UserUnlocked = "UserUnlocked";
    public const string OrgUnitChanged = "OrgUnitChanged";
    public const string AdministratorCreated = "AdministratorCreated";
    public const string ProcessPublished = "ProcessPublished";
    public const string CalendarChanged = "CalendarChanged";
    public const string PersonalDataRevealed = "PersonalDataRevealed";
}
