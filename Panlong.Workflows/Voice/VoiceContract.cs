using Panlong.Data.Identity;

namespace Panlong.Workflows.Voice;

/// <summary>The names of 社区微吧 and 法律诊所 other code relies on: roles, limits, audit actions, topics (docs/decisions/0089-community-voice.md).</summary>
public static class VoiceContract
{
    /// <summary>Community staff who pin notices, answer as the community and moderate: the same staff as volunteers and needs (ADR 52, 57).</summary>
    public const string ForumStaffRoles = "Approver,GridWorker";

    /// <summary>
    /// 司法所: the street office's approvers (a holder of <see cref="Roles.Approver"/> whose unit is a street), who see every
    /// question of the street's communities, are told of overdue ones and may answer or publish them.
    /// </summary>
    public const string JusticeOfficeRole = Roles.Approver;

    /// <summary>The seeded 法律 volunteer skill (Panlong.Data/Community/CommunityConfiguration.cs): the volunteer lawyers.</summary>
    public const int LawSkillId = 2;

    public const int TitleMax = 100;
    public const int TextMax = 2000;
    public const int AnswerMax = 4000;
    public const int ReasonMax = 200;
    public const int MaxPhotos = 3;
    public const int DefaultAnswerWorkingDays = 3;

    /// <summary>The word list a post is held by, comma separated (<c>Forum:HeldWords</c>); replaces the default list when set.</summary>
    public const string HeldWordsKey = "Forum:HeldWords";
    public const string AnswerDaysKey = "LawClinic:AnswerWorkingDays";

    /// <summary>Held for review, not refused: words of ads, gambling, fraud and abuse a community sees most.</summary>
    public static readonly IReadOnlyList<string> DefaultHeldWords = ["代开发票", "办证", "赌博", "博彩", "贷款秒批", "刷单", "傻逼", "去死"];

    public const string LinkCase = "case";
    public const string LinkNeed = "need";

    public const string OverdueTopic = "legal.overdue";
    public const string AnsweredTopic = "legal.answered";

    public const string Report = "Forum.Report";
    public const string Hide = "Forum.Hide";
    public const string Restore = "Forum.Restore";
    public const string Release = "Forum.Release";
    public const string Pin = "Forum.Pin";
    public const string Link = "Forum.Link";
    public const string Claim = "LegalQuestion.Claim";
    public const string Escalate = "LegalQuestion.Escalate";
    public const string Publish = "LegalQuestion.Publish";
    public const string View = "LegalQuestion.View";

    public static readonly IReadOnlyList<string> AuditActions = [Report, Hide, Restore, Release, Pin, Link, Claim, Escalate, Publish, View];
}
