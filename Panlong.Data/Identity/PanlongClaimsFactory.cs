using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Panlong.Data.Identity;

/// <summary>Puts the user's org unit and data-scope root into the sign-in cookie.</summary>
public sealed class PanlongClaimsFactory(
    UserManager<PanlongUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options,
    IDbContextFactory<PanlongDbContext> dbFactory)
    : UserClaimsPrincipalFactory<PanlongUser, IdentityRole>(userManager, roleManager, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PanlongUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim("name", string.IsNullOrEmpty(user.DisplayName) ? user.UserName ?? "" : user.DisplayName));
        if (user.OrgUnitId is { } unitId)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var unit = await db.OrgUnits.Include(u => u.Parent).SingleOrDefaultAsync(u => u.Id == unitId);
            if (unit is not null)
            {
                identity.AddClaim(new Claim(DataScope.OrgUnitClaim, unit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                identity.AddClaim(new Claim(DataScope.OrgNameClaim, unit.Name));
                identity.AddClaim(new Claim(DataScope.ScopeClaim, DataScope.RootPathFor(unit)));
            }
        }
        return identity;
    }
}
