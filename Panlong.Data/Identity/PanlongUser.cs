using Microsoft.AspNetCore.Identity;
using Panlong.Data.Organization;

namespace Panlong.Data.Identity;

public class PanlongUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>Every staff account belongs to exactly one org unit; residents have none.</summary>
    public int? OrgUnitId { get; set; }
    public OrgUnit? OrgUnit { get; set; }
    public bool IsDemo { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set by an administrator's password reset: the next sign-in leads to the change-password page before anything else.</summary>
    public bool MustChangePassword { get; set; }
    /// <summary>When an administrator or the dormant-account job disabled the account; null while it may sign in.</summary>
    public DateTimeOffset? DisabledAt { get; set; }
    /// <summary>The last sign-in, or the re-enabling of a disabled account: 90 days after it a dormant account is disabled.</summary>
    public DateTimeOffset? LastActiveAt { get; set; }

    /// <summary>
    /// "One number" (一号申请): a resident's verified ID number, encrypted, with its keyed hash (one account per person,
    /// and the link to the population registry) and masked form; or a legal entity's unified social credit code.
    /// </summary>
    public string? IdCipher { get; set; }
    public string? IdHash { get; set; }
    public string? IdMasked { get; set; }
    public string? CreditCode { get; set; }

    /// <summary>
    /// When the account proved it belongs to the person (or entity) it names: a one-time code sent to the phone the
    /// registry holds, or a window clerk who saw the ID card. Until then nothing from the registry is shown or linked
    /// (docs/decisions/0029-registration-second-factor.md).
    /// </summary>
    public DateTimeOffset? IdentityVerifiedAt { get; set; }
    /// <summary>"短信验证码", or "窗口激活：{clerk}".</summary>
    public string? IdentityVerifiedBy { get; set; }
}
