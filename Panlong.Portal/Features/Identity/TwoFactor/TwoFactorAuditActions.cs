namespace Panlong.Portal.Features.Identity.TwoFactor;

/// <summary>Audit actions of two-factor sign-in; a completed or failed sign-in itself is written as SignIn / SignInFailed.</summary>
public static class TwoFactorAuditActions
{
    public const string Enabled = "TwoFactorEnabled";
    public const string Disabled = "TwoFactorDisabled";
    public const string ResetByAdmin = "TwoFactorReset";
    public const string RecoveryCodesRenewed = "RecoveryCodesRenewed";
    public const string CodeRefused = "TwoFactorCodeRefused";
}
