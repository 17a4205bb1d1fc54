using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Services;

/// <summary>
/// The states and triggers of the two approval processes (approval-single, approval-countersign) that code names: the
/// application listener's notices and outcome, the desk's lists, the audit log and the application page. The two share
/// one vocabulary; only the single-department process suspends (docs/workflows.md, "Contracts").
/// </summary>
public static class ApprovalContract
{
    public const string SingleKey = "approval-single";
    public const string CountersignKey = "approval-countersign";

    // States
    public const string Submitted = "Submitted";
    public const string Supplementing = "Supplementing";
    public const string Approved = "Approved";
    public const string Denied = "Denied";
    public const string Rejected = "Rejected";

    // Triggers
    public const string Accept = "Accept";
    public const string Reject = "Reject";
    public const string RequestSupplement = "RequestSupplement";
    public const string Resubmit = "Resubmit";
    public const string Approve = "Approve";
    public const string Deny = "Deny";
    public const string Suspend = "Suspend";
    public const string Resume = "Resume";

    private static readonly string[] States = [Submitted, Supplementing, Approved, Denied, Rejected];
    private static readonly string[] Triggers = [Accept, Reject, RequestSupplement, Resubmit, Approve, Deny];

    public static readonly ProcessContract SingleDepartment = new(SingleKey, States, [.. Triggers, Suspend, Resume]);
    public static readonly ProcessContract Countersign = new(CountersignKey, States, Triggers);
}
