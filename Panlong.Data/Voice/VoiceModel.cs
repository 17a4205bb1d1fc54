namespace Panlong.Data.Voice;

public enum ForumPostStatus
{
    Visible,
    /// <summary>Held by the word list until community staff release or hide it; only the author and staff see it.</summary>
    Held,
    /// <summary>Hidden by community staff with a reason; kept for the audit, never deleted.</summary>
    Hidden,
}

/// <summary>
/// A topic (<see cref="TopicId"/> null) or a reply in a community's 社区微吧 (docs/decisions/0089-community-voice.md). The text is
/// stored as typed; ID and mobile numbers in it are masked when shown. <see cref="ScopePath"/> is the community's path.
/// </summary>
public class ForumPost : IOrgScoped
{
    public long Id { get; set; }
    public long? TopicId { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public string? Title { get; set; }
    public required string Text { get; set; }
    public required string AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    /// <summary>Written by community staff: shown as the community's official answer or notice.</summary>
    public bool IsOfficial { get; set; }
    public DateTimeOffset? PinnedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Stored photo paths (the case photo store), comma separated, at most <c>ForumRules.MaxPhotos</c>.</summary>
    public string? Photos { get; set; }
    public ForumPostStatus Status { get; set; }
    /// <summary>The listed word that held the post, for the reviewer.</summary>
    public string? HeldWord { get; set; }
    public int Reports { get; set; }
    public DateTimeOffset? HiddenAt { get; set; }
    public string? HiddenBy { get; set; }
    public string? HiddenReason { get; set; }
    /// <summary>What the post was turned into: <c>case</c> or <c>need</c>, and its id.</summary>
    public string? LinkKind { get; set; }
    public string? LinkId { get; set; }
    /// <summary>A topic's last activity, for the list order.</summary>
    public DateTimeOffset LastActivityAt { get; set; }
}

/// <summary>One resident's report of a post; one per resident and post.</summary>
public class ForumReport
{
    public long Id { get; set; }
    public long PostId { get; set; }
    public required string UserId { get; set; }
    public required string Reason { get; set; }
    public DateTimeOffset At { get; set; }
}

public enum LegalQuestionStatus
{
    Open,
    Claimed,
    Answered,
}

/// <summary>
/// A resident's question to the community's 法律诊所: private to the asker, the claiming lawyer and the street's 司法所
/// until an anonymized copy is published (docs/decisions/0089-community-voice.md). One lawyer claims it by a conditional update.
/// </summary>
public class LegalQuestion : IOrgScoped, IVersioned
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    public required string ScopePath { get; set; }
    public required string AskerUserId { get; set; }
    public required string AskerName { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    /// <summary>The close of the answer deadline's working day (the working calendar).</summary>
    public DateTimeOffset DueAt { get; set; }
    public LegalQuestionStatus Status { get; set; }
    public long? LawyerVolunteerId { get; set; }
    public string? LawyerUserId { get; set; }
    public string? LawyerName { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public int? Rating { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
    /// <summary>Set once, when the deadline passed unanswered and the street's 司法所 was told.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedTitle { get; set; }
    public string? PublishedQuestion { get; set; }
    public string? PublishedAnswer { get; set; }
    public Guid Version { get; set; }
}

public enum LegalMessageKind
{
    Answer,
    FollowUp,
}

/// <summary>An answer by the lawyer (or the 司法所) or a follow-up by the asker, in order.</summary>
public class LegalMessage
{
    public long Id { get; set; }
    public long QuestionId { get; set; }
    public LegalMessageKind Kind { get; set; }
    public required string AuthorUserId { get; set; }
    public required string AuthorName { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset At { get; set; }
}
