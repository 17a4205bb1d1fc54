using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;

namespace Panlong.Portal.Features.Identity.Accounts;

/// <summary>Identity's sign-in with two rules of issue 15: a disabled account cannot sign in, and a lockout ends the account's sessions.</summary>
public sealed class PanlongSignInManager(
    UserManager<PanlongUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<PanlongUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<PanlongUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PanlongUser> confirmation,
    SessionRegistry sessions)
    : SignInManager<PanlongUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PanlongUser user) => user.DisabledAt is null && await base.CanSignInAsync(user);

    /// <summary>Whoever is guessing the password may already hold a copied cookie: the lockout ends every session too.</summary>
    protected override async Task<SignInResult> LockedOut(PanlongUser user)
    {
        await sessions.EndAllAsync(user.Id, SessionEndReasons.LockedOut);
        return await base.LockedOut(user);
    }
}
