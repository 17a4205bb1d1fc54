using Panlong.Data.Organization;

namespace Panlong.Data.Cases;

/// <summary>The article's three domains of the case loop.</summary>
public enum CaseDomain
{
    /// <summary>城市管理: the CJ/T 214 component and event classes.</summary>
    CityManagement,
    /// <summary>安全生产.</summary>
    SafetyProduction,
    /// <summary>综合治理.</summary>
    Governance,
}

/// <summary>部件 (a physical object with an id) or 事件 (something that happens).</summary>
public enum CaseKind
{
    Component,
    Event,
}

/// <summary>Who brought the case in.</summary>
public enum CaseSource
{
    Inspector,
    Supervisor,
    GridWorker,
    Volunteer,
    Resident,
    Hotline,
    /// <summary>A 治安巡防员 on a patrol shift (issue 19): staff, but not appraised as a field post.</summary>
    Patroller,
    /// <summary>督察: a district spot check found it and the area's inspector had not reported it (docs/decisions/0074-spot-checks.md).</summary>
    SpotCheck,
    /// <summary>A partner system's report through Open311 (docs/decisions/0083-open311-server.md): from outside, as a hotline call is.</summary>
    Partner,
}

/// <summary>The loop a case runs in: 自循环 (community), 微循环 (street), 小循环 (district).</summary>
public enum CaseLevel
{
    Community,
    Street,
    District,
}

public enum CaseStatus
{
    Open,
    Closed,
    NotFiled,
    Voided,
}

/// <summary>
/// A small class of the case classification with its filing and closing standards, step time limits
/// (working hours) and default responsible department. Administrators edit these.
/// </summary>
public class CaseCategory : IVersioned
{
    public int Id { get; set; }
    /// <summary>Major class + minor class, e.g. "01-02" (component 公用设施, 上水井盖) or "S-03".</summary>
    public required string Code { get; set; }
    public CaseDomain Domain { get; set; }
    public CaseKind Kind { get; set; }
    public required string MajorName { get; set; }
    public required string Name { get; set; }
    public required string FilingStandard { get; set; }
    public required string ClosingStandard { get; set; }
    public double VerifyHours { get; set; }
    public double DispatchHours { get; set; }
    public double HandleHours { get; set; }
    public double CheckHours { get; set; }
    /// <summary>How many extensions (延期) a case of this class may be granted; another request is refused (docs/workflows.md).</summary>
    public int MaxExtensions { get; set; } = DefaultMaxExtensions;
    public string? DefaultDepartmentCode { get; set; }
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
    public Guid Version { get; set; }

    public const int DefaultMaxExtensions = 1;
}

/// <summary>
/// 案件: one problem reported in a grid. Its process runs in the workflow engine; the columns below are a
/// projection kept in step by the case listener in the same transaction, so desks and boards query one table.
/// </summary>
public class Case : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    /// <summary>Readable and unique: AJ + date (China time) + a 5-digit serial of the day.</summary>
    public required string Number { get; set; }
    public int CategoryId { get; set; }
    public CaseCategory? Category { get; set; }
    public required string Description { get; set; }
    public string? Address { get; set; }
    public double Lat { get; set; }
    public double Lng { get; set; }
    public int GridId { get; set; }
    public OrgUnit? Grid { get; set; }
    /// <summary>The grid's path: whoever sees the grid sees the case.</summary>
    public required string ScopePath { get; set; }
    public CaseSource Source { get; set; }
    public CaseLevel Level { get; set; }
    /// <summary>Region code (district, street or community) whose command center runs the case now.</summary>
    public required string HubCode { get; set; }
    public string? HandlingUnitCode { get; set; }
    public string? AssistingUnitCodes { get; set; }
    public bool IsMajor { get; set; }
    public bool SelfHandled { get; set; }
    public string? ReporterUserId { get; set; }
    public required string ReporterName { get; set; }
    /// <summary>
    /// The patrol shift the reporter was on when reporting (issue 19 part 1, docs/decisions/0068-patrol-shifts-and-tracks.md);
    /// no foreign key: shifts are deleted after their retention and the link is cleared then.
    /// </summary>
    public long? PatrolShiftId { get; set; }
    /// <summary>Hotline: the caller's name and masked phone (the full number is not kept on the case).</summary>
    public string? CallerName { get; set; }
    public string? CallerPhoneMasked { get; set; }
    /// <summary>Chosen by the reporting client so that a resubmission creates no second case.</summary>
    public string? ClientKey { get; set; }
    public Guid InstanceId { get; set; }
    public required string State { get; set; }
    public required string StateName { get; set; }
    public CaseStatus Status { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
    public DateTimeOffset? FiledAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Start and deadline of the current step (for traffic lights); null when the step has no limit.</summary>
    public DateTimeOffset StepStartedAt { get; set; }
    public DateTimeOffset? StepDueAt { get; set; }
    public int ReworkCount { get; set; }
    public int ExtensionCount { get; set; }
    public bool IsDemo { get; set; }
    public Guid Version { get; set; }
    public List<CasePhoto> Photos { get; set; } = [];
}

public enum PhotoStage
{
    /// <summary>处置前: taken by the reporter.</summary>
    Before,
    /// <summary>处置后: the unit's feedback, or the reporter's own fix.</summary>
    After,
    /// <summary>核实/核查 on site.</summary>
    Check,
}

/// <summary>A photo of a case, stored as a file under the data folder with a server-made thumbnail.</summary>
public class CasePhoto
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public PhotoStage Stage { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string StoredPath { get; set; }
    public required string ThumbnailPath { get; set; }
    public double? ExifLat { get; set; }
    public double? ExifLng { get; set; }
    public string? UploadedByUserId { get; set; }
    public required string UploadedByName { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
