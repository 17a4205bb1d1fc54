namespace Panlong.Portal.Features.Identity.Accounts;

/// <summary>Audit actions of password and session management (issue 15), beside <see cref="Panlong.Data.Audit.AuditActions"/>.</summary>
public static class AccountAuditActions
{
    public const string PasswordChanged = "PasswordChanged";
    public const string PasswordReset = "PasswordReset";
    public const string AccountDisabled = "AccountDisabled";
    public const string AccountEnabled = "AccountEnabled";
    public const string SessionsEnded = "SessionsEnded";

    public static readonly IReadOnlyList<string> All = [PasswordChanged, PasswordReset, AccountDisabled, AccountEnabled, SessionsEnded];
}
