namespace Panlong.Data.Identity;

public enum RoleGrantStatus
{
    Pending,
    Approved,
    Declined,
    /// <summary>The account's roles changed after the request was made; approving it would apply a change nobody saw.</summary>
    Stale,
}

/// <summary>
/// A change of an account's roles that grants or removes one of <see cref="Roles.TwoPersonRoles"/>: one administrator asks,
/// a second, different one approves (docs/decisions/0030-admin-two-person-rule.md). Nothing changes until then.
/// </summary>
public class RoleGrantRequest
{
    public long Id { get; set; }
    public required string TargetUserId { get; set; }
    public required string TargetUserName { get; set; }
    /// <summary>The roles the account held when asked (comma list); an approval finds them unchanged or is refused.</summary>
    public required string CurrentRoles { get; set; }
    /// <summary>The whole role set asked for (comma list).</summary>
    public required string RequestedRoles { get; set; }
    public required string RequestedByUserId { get; set; }
    public required string RequestedByName { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public RoleGrantStatus Status { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public IReadOnlyList<string> CurrentRoleList => Split(CurrentRoles);

    public IReadOnlyList<string> RequestedRoleList => Split(RequestedRoles);

    public static string Join(IEnumerable<string> roles) => string.Join(",", roles.Order(StringComparer.Ordinal));

    private static string[] Split(string roles) => roles.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Audit actions of the two-person rule (kept beside it rather than in the audit feature's list).</summary>
public static class RoleGrantActions
{
    public const string Requested = "RoleGrantRequested";
    public const string Approved = "RoleGrantApproved";
    public const string Declined = "RoleGrantDeclined";
}
