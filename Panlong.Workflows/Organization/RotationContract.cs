using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Organization;

/// <summary>The states and triggers of InspectorRotation.json that code names (docs/workflows.md, "Contracts").</summary>
public static class RotationContract
{
    public const string Key = "inspector-rotation";
    public const string Subject = "inspector-rotation";

    public const string Reviewing = "Reviewing";
    public const string Approved = "Approved";
    public const string Returned = "Returned";

    public const string Approve = "Approve";
    public const string Return = "Return";

    public static readonly ProcessContract Contract = new(Key, [Reviewing, Approved, Returned], [Approve, Return]);

    /// <summary>What the rotation writes to the audit log (AuditCatalog lists them).</summary>
    public static readonly IReadOnlyList<string> AuditActions = [RotationSettings.AuditAction, "Rotation.Propose", "Rotation." + Approve, "Rotation." + Return];
}
