using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Community;

/// <summary>The states and triggers of VolunteerApplication.json that code names (docs/workflows.md, "Contracts").</summary>
public static class VolunteerContract
{
    public const string Key = "volunteer-application";
    public const string Subject = "volunteer-application";

    public const string Reviewing = "Reviewing";
    public const string Approved = "Approved";
    public const string Declined = "Declined";

    public const string Approve = "Approve";
    public const string Decline = "Decline";

    public static readonly ProcessContract Contract = new(Key, [Reviewing, Approved, Declined], [Approve, Decline]);
}
