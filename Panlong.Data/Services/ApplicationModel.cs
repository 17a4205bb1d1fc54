using Panlong.Data.Organization;

namespace Panlong.Data.Services;

public enum ApplicantKind
{
    Person,
    Entity,
}

/// <summary>一网通办 (the applicant online) or 一窗受理 walk-in (a clerk enters it on the applicant's behalf).</summary>
public enum ApplicationChannel
{
    Online,
    WalkIn,
}

/// <summary>Where an application stands overall; the process state says which step.</summary>
public enum ApplicationOutcome
{
    Draft,
    InProgress,
    Approved,
    Denied,
    Rejected,
}

public enum ServiceDocumentKind
{
    Receipt,
    AcceptanceNotice,
    RejectionNotice,
    SupplementNotice,
    DenialNotice,
    Certificate,
}

/// <summary>
/// 办件: one application for one version of a service item. The process runs in the workflow engine; state, deadline
/// and milestones here are a projection kept in step by the application listener in the engine's transaction.
/// The form is kept encrypted (<see cref="FormCipher"/>); <see cref="FormDisplay"/> holds it with ID numbers and phones masked.
/// </summary>
public class ServiceApplication : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    /// <summary>办件编号: BJ + date (China time) + a 5-digit serial of the day; null while a draft.</summary>
    public string? Number { get; set; }
    public int ServiceItemId { get; set; }
    public ServiceItem? ServiceItem { get; set; }
    public required string ServiceCode { get; set; }
    public int ServiceVersion { get; set; }
    public required string ServiceName { get; set; }
    public ApplicantKind ApplicantKind { get; set; }
    /// <summary>The applicant's account; null for a walk-in applicant without one (linked later by <see cref="ApplicantIdHash"/>).</summary>
    public string? ApplicantUserId { get; set; }
    public required string ApplicantName { get; set; }
    public string? ApplicantIdHash { get; set; }
    public string? ApplicantIdMasked { get; set; }
    public string? CreditCode { get; set; }
    public ApplicationChannel Channel { get; set; }
    public string? EnteredByUserId { get; set; }
    public string? EnteredByName { get; set; }
    /// <summary>The window (street or community) that receives the application; its path scopes the clerk's desk.</summary>
    public required string WindowUnitCode { get; set; }
    public required string ScopePath { get; set; }
    /// <summary>Units that approve (comma-separated): the item's department(s), or the street/community for items at those levels.</summary>
    public string? ApprovingUnitCodes { get; set; }
    public required string FormCipher { get; set; }
    public required string FormDisplay { get; set; }
    /// <summary>JSON list of <see cref="VerifiedFact"/>: what the registry confirmed, so no proof was uploaded for it.</summary>
    public string VerifiedFacts { get; set; } = "[]";
    public string? ClientKey { get; set; }
    public Guid? InstanceId { get; set; }
    public string State { get; set; } = "Draft";
    public string StateName { get; set; } = "草稿";
    public ApplicationOutcome Outcome { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    /// <summary>The promised deadline; moved on by the working time the clock stood still (补齐补正, 挂起).</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>Set while the clock stands still.</summary>
    public DateTimeOffset? PausedAt { get; set; }
    /// <summary>Working days from the close of the day of receipt to completion, pauses not counted (like the deadline); set on completion.</summary>
    public double? WorkingDaysUsed { get; set; }
    public bool? OnTime { get; set; }
    /// <summary>Working minutes the clock stood still (补齐补正, 挂起) after the day of receipt, added up as each pause ends.</summary>
    public long PausedMinutes { get; set; }
    /// <summary>Random token of the public progress page the receipt's QR opens (no personal data there).</summary>
    public required string TrackCode { get; set; }
    public Guid Version { get; set; }
    public List<ApplicationMaterial> Materials { get; set; } = [];
}

public sealed record VerifiedFact(string Fact, string Label, string Value, string Source);

/// <summary>A material an applicant or clerk uploaded; its type was decided by its content, not its name.</summary>
public class ApplicationMaterial
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public required string MaterialName { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string StoredPath { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>True when handed in with a 补齐补正 resubmission.</summary>
    public bool IsSupplement { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public required string UploadedByName { get; set; }
}

/// <summary>A timeline entry that is not a process step: registry look-ups, forwarding (就近办), documents, ratings.</summary>
public class ApplicationEvent
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public ServiceApplication? Application { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Kind { get; set; }
    public required string Text { get; set; }
    public string? ActorName { get; set; }
}

/// <summary>
/// A notice or certificate as issued: its words are kept so the PDF rendered later says what was decided then.
/// <see cref="VerifyCode"/> lets anyone check a certificate on the public verify page.
/// </summary>
public class ApplicationDocument
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public ServiceApplication? Application { get; set; }
    public ServiceDocumentKind Kind { get; set; }
    public required string Title { get; set; }
    public required string DocumentNumber { get; set; }
    public required string IssuerName { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    /// <summary>JSON: { facts: [[label, value]], paragraphs: [..] }.</summary>
    public required string Content { get; set; }
    public required string VerifyCode { get; set; }
}

/// <summary>好差评: the applicant's rating after completion; a bad one (不满意, 非常不满意) opens a rectification.</summary>
public class ServiceRating
{
    public long Id { get; set; }
    public long ApplicationId { get; set; }
    public ServiceApplication? Application { get; set; }
    /// <summary>5 非常满意 … 1 非常不满意.</summary>
    public int Level { get; set; }
    /// <summary>JSON object: dimension → 1..5.</summary>
    public required string Dimensions { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset RatedAt { get; set; }
    /// <summary>The department that must rectify a bad rating, and the process instance of that task.</summary>
    public string? RectifyUnitCode { get; set; }
    public Guid? RectificationInstanceId { get; set; }
    public DateTimeOffset? RectifyDueAt { get; set; }
    public DateTimeOffset? RectifiedAt { get; set; }
    public string? RectificationAnswer { get; set; }

    public static readonly IReadOnlyList<string> LevelNames = ["", "非常不满意", "不满意", "基本满意", "满意", "非常满意"];

    /// <summary>The rating dimensions of the 好差评 system.</summary>
    public static readonly IReadOnlyList<string> DimensionNames = ["办事指南准确度", "办事方式便捷度", "办事流程简化度", "服务效率", "服务态度"];

    public bool IsBad => Level <= 2;
}
