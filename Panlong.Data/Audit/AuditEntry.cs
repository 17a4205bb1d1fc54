namespace Panlong.Data.Audit;

/// <summary>
/// One security-relevant event. Append-only: the context refuses to update or delete rows, and each row is a link of a
/// hash chain (<see cref="Sequence"/>, <see cref="Hash"/>; docs/decisions/0028-audit-hash-chain.md).
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Action { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    /// <summary>The account's login name (UserName may hold the display name the caller chose to show).</summary>
    public string? LoginName { get; set; }
    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? IpAddress { get; set; }
    /// <summary>The row's place in the chain, 1, 2, 3… without gaps; set when the row is saved.</summary>
    public long? Sequence { get; set; }
    /// <summary>SHA-256 (hex) of the previous row's hash and this row's fields (<see cref="AuditHash"/>).</summary>
    public string? Hash { get; set; }
}

/// <summary>
/// The chain's one head row: the last sequence and hash, and where the archive cut the chain. Every append updates it in
/// the save that inserts the rows, which serializes appends on every provider.
/// </summary>
public class AuditChainHead
{
    public const int SingleId = 1;

    public int Id { get; set; }
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    /// <summary>The last sequence moved to an archive file (0: nothing archived); the rows after it start from <see cref="ArchivedHash"/>.</summary>
    public long ArchivedThrough { get; set; }
    public required string ArchivedHash { get; set; }
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
    public const string AuditRead = "AuditRead";
    public const string AuditExported = "AuditExported";
    public const string AuditVerified = "AuditVerified";
    public const string AuditChainBroken = "AuditChainBroken";
    public const string AuditArchived = "AuditArchived";
    public const string PeopleExported = "PeopleExported";
    public const string CasesExported = "CasesExported";
    public const string DocumentDownloaded = "DocumentDownloaded";
    // Major incidents (docs/decisions/0075-major-incident-command.md).
    public const string IncidentRaised = "Incident.Raise";
    public const string IncidentOpened = "Incident.Open";
    public const string IncidentClosed = "Incident.Close";
    public const string IncidentReportDownloaded = "Incident.ReportDownload";
    /// <summary>Cameras (docs/decisions/0072-cameras.md): the registry's changes, and every live view opened.</summary>
    public const string CameraCreated = "Camera.Create";
    public const string CameraEdited = "Camera.Edit";
    public const string CameraDisabled = "Camera.Disable";
    public const string CameraEnabled = "Camera.Enable";
    public const string CameraViewed = "Camera.LiveView";
    /// <summary>A camera snapshot attached to an open case (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md).</summary>
    public const string CaseSnapshotAttached = "Case.AttachSnapshot";
    /// <summary>Backup, restore and the retention's summary of a run (docs/decisions/0085-backup-restore-retention.md).</summary>
    public const string BackupCreated = "Backup.Create";
    public const string BackupRestored = "Backup.Restore";
    public const string RetentionRun = "Retention.Run";
}
