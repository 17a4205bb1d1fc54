namespace Panlong.Workflows.Community;

/// <summary>The needs feature's names that other code relies on: audit actions, outbox topic, link kinds (docs/decisions/0057-community-needs.md).</summary>
public static class NeedContract
{
    public const string InvitedTopic = "need.invited";
    /// <summary>A resident told that their need became an activity or a service order.</summary>
    public const string LinkedTopic = "need.linked";
    /// <summary>A volunteer invited for a group told that the group became service orders they can grab (ADR 80).</summary>
    public const string OrderedTopic = "need.ordered";
    public const string Invite = "Need.Invite";
    public const string Met = "Need.Met";
    public const string Close = "Need.Close";
    public const string Link = "Need.Link";

    public static readonly IReadOnlyList<string> AuditActions = [Invite, Met, Close, Link];

    /// <summary>What a group can be turned into: issue 18 part 5's activities and part 4's service orders.</summary>
    public static readonly IReadOnlySet<string> LinkKinds = new HashSet<string>(StringComparer.Ordinal) { LinkActivity, LinkOrder };

    public const string LinkActivity = "activity";
    public const string LinkOrder = "order";

    /// <summary>Who works on a community's needs: the same staff as its volunteers (ADR 52); approvers and grid workers act.</summary>
    public const string StaffRoles = VolunteerService.StaffRoles;
    public const string ActingRoles = "Approver,GridWorker";

    public const int TextMax = 500;
    public const int NoteMax = 200;
}
