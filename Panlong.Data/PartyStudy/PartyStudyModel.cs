namespace Panlong.Data.PartyStudy;

public enum MembershipStatus
{
    Pending,
    Confirmed,
    Declined,
}

public enum MaterialKind
{
    Article,
    Pdf,
}

/// <summary>
/// 流动党员: a party member living away from their home branch who registered to study with the community's party
/// organisation. The organisation is the community org unit itself (docs/decisions/0053-party-study.md), so
/// <see cref="ScopePath"/> is the community's path and the organiser's data scope covers its members only.
/// </summary>
public class PartyMember : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    /// <summary>The resident's account; one registration per account.</summary>
    public required string UserId { get; set; }
    public required string Name { get; set; }
    /// <summary>The home branch as the member states it: province/city/unit, the branch, the branch's contact phone.</summary>
    public required string HomeRegion { get; set; }
    public required string HomeBranch { get; set; }
    public required string HomeBranchPhone { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public DateOnly JoinedPartyOn { get; set; }
    public MembershipStatus Status { get; set; }
    public string? DeclineReason { get; set; }
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public Guid Version { get; set; }
}

/// <summary>
/// A study material the organisation publishes: an article (Markdown, rendered encoded — docs/decisions/0053-party-study.md)
/// or an uploaded PDF; district-wide (the district's path) or for one community; an optional single-choice quiz.
/// </summary>
public class StudyMaterial : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public MaterialKind Kind { get; set; }
    public string? Body { get; set; }
    public string? PdfPath { get; set; }
    public string? PdfName { get; set; }
    public int RequiredMinutes { get; set; }
    /// <summary>JSON list of <c>QuizQuestion</c>; null for no quiz.</summary>
    public string? Quiz { get; set; }
    /// <summary>Percent of right answers needed to pass.</summary>
    public int PassMark { get; set; }
    /// <summary>Where it is published: the district's path (district-wide) or one community's.</summary>
    public required string ScopePath { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public required string CreatedBy { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One member's study of one material: reading seconds credited by the server, the quiz, and when both were met.</summary>
public class StudyProgress : IVersioned
{
    public long Id { get; set; }
    public long MaterialId { get; set; }
    public long MemberId { get; set; }
    public int CreditedSeconds { get; set; }
    /// <summary>The last heartbeat that counted as the start of visible time; null while the page is not open.</summary>
    public DateTimeOffset? LastBeatAt { get; set; }
    public int QuizAttempts { get; set; }
    public int? BestScore { get; set; }
    public DateTimeOffset? QuizPassedAt { get; set; }
    public DateTimeOffset? StudiedAt { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public Guid Version { get; set; }
}

/// <summary>One quiz attempt, kept whole: the answers given and the score.</summary>
public class QuizAttempt
{
    public long Id { get; set; }
    public long MaterialId { get; set; }
    public long MemberId { get; set; }
    public int Number { get; set; }
    /// <summary>Chosen option per question, comma-separated (-1 for none).</summary>
    public required string Answers { get; set; }
    public int Score { get; set; }
    public bool Passed { get; set; }
    public DateTimeOffset At { get; set; }
}

/// <summary>A post (or a reply to one) in a material's moderated thread; plain text.</summary>
public class StudyPost : IOrgScoped
{
    public long Id { get; set; }
    public long MaterialId { get; set; }
    public long? ParentId { get; set; }
    public required string AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    /// <summary>The author's community: moderators see and moderate their own community's posts.</summary>
    public required string ScopePath { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Reports { get; set; }
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenBy { get; set; }
    public string? HiddenReason { get; set; }
}

/// <summary>One member's report of a post; one per member and post.</summary>
public class StudyPostReport
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public required string UserId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}
