namespace Panlong.Data.Identity;

/// <summary>
/// One sign-in, kept on the server so that it can be ended at once (issue 15 hole 7): the auth cookie carries only
/// its <see cref="Id"/>, and a cookie whose session has ended or passed <see cref="ExpiresAt"/> is refused
/// (docs/decisions/0025-server-side-sessions.md).
/// </summary>
public class UserSession
{
    /// <summary>128 random bits in hex: unguessable even if the cookie's encryption were broken.</summary>
    public required string Id { get; set; }
    public required string UserId { get; set; }
    public PanlongUser? User { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>The absolute lifetime's end (Security:AbsoluteLifetime after sign-in), however active the user is.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>One of <see cref="SessionEndReasons"/>.</summary>
    public string? EndReason { get; set; }
}

public static class SessionEndReasons
{
    public const string SignedOut = "signed-out";
    public const string SignedOutElsewhere = "signed-out-elsewhere";
    public const string Expired = "expired";
    public const string RoleChanged = "role-changed";
    public const string PasswordChanged = "password-changed";
    public const string PasswordReset = "password-reset";
    public const string Disabled = "disabled";
    public const string LockedOut = "locked-out";
    public const string ForcedByAdministrator = "forced";
    /// <summary>The account changed in a way the session did not see (security stamp), or it is gone.</summary>
    public const string AccountChanged = "account-changed";
}
