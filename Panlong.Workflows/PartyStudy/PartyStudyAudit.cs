namespace Panlong.Workflows.PartyStudy;

/// <summary>The audit actions of party study (docs/decisions/0053-party-study.md).</summary>
public static class PartyStudyAudit
{
    public const string Register = "PartyMember.Register";
    public const string Confirm = "PartyMember.Confirm";
    public const string Decline = "PartyMember.Decline";
    public const string Publish = "StudyMaterial.Publish";
    public const string Withdraw = "StudyMaterial.Withdraw";
    public const string Report = "StudyPost.Report";
    public const string Hide = "StudyPost.Hide";
    public const string Restore = "StudyPost.Restore";
    public const string Exported = "PartyStudy.Export";

    public static readonly IReadOnlyList<string> All = [Register, Confirm, Decline, Publish, Withdraw, Report, Hide, Restore, Exported];
}
