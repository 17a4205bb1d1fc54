using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Workflows;

namespace Panlong.Portal.Features.Identity;

/// <summary>An account as the administrator lists it; <see cref="IsEntity"/>: a legal entity's account (it holds a credit code), not a person's.</summary>
public sealed record UserRow(string Id, string UserName, string DisplayName, string? OrgUnitName, int? OrgUnitId, IReadOnlyList<string> Roles, bool IsLockedOut,
    bool IsDisabled = false, bool IsEntity = false)
{
    /// <summary>The resource key naming a role for this account: the resident role of a business reads 企业/法人, of a person 个人居民.</summary>
    public string RoleKey(string role) => role != Panlong.Data.Identity.Roles.Resident ? "Role." + role : IsEntity ? "AccountKind.Entity" : "AccountKind.Person";
}

/// <summary>The security administrator's work: accounts, roles, org units, unlocking. Every change is audited.</summary>
public sealed class UserAdministration(UserManager<PanlongUser> users, IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock,
    SessionRegistry sessions, RoleGrants grants)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(DataScope scope, string? search = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var query = ScopedUsers(db, scope);
        if (!string.IsNullOrWhiteSpace(search))
        {
            query = query.Where(u => u.UserName!.Contains(search) || u.DisplayName.Contains(search));
        }
        var rows = await query.OrderBy(u => u.UserName).Take(500)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, OrgName = u.OrgUnit!.Name, u.OrgUnitId, u.LockoutEnd, u.DisabledAt, IsEntity = u.CreditCode != null })
            .ToListAsync();
        var ids = rows.Select(r => r.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync();
        var now = clock.GetUtcNow();
        return rows.Select(r => new UserRow(r.Id, r.UserName!, r.DisplayName, r.OrgName, r.OrgUnitId,
            roles.Where(x => x.UserId == r.Id).Select(x => x.Name!).Order().ToList(),
            r.LockoutEnd is { } end && end > now, r.DisabledAt is not null, r.IsEntity)).ToList();
    }

    public async Task<AdminResult> SetRolesAsync(ClaimsPrincipal actor, string userId, IReadOnlyCollection<string> roles)
    {
        if (roles.FirstOrDefault(r => !Roles.IsKnown(r)) is { } unknown)
        {
            return AdminResult.Fail("Users.UnknownRole", unknown);
        }
        if (Roles.CheckSeparation(roles) is { } separationError)
        {
            return AdminResult.Fail(separationError);
        }
        var user = await FindInScopeAsync(actor, userId);
        if (user is null)
        {
            return AdminResult.Fail("Common.NotInScope");
        }
        if (user.Id == users.GetUserId(actor))
        {
            return AdminResult.Fail("Users.CannotChangeOwnRoles");
        }
        var current = await users.GetRolesAsync(user);
        var removed = current.Except(roles).ToList();
        var added = roles.Except(current).ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            return AdminResult.Success;
        }
        if (RoleGrants.NeedsSecondAdministrator(current, roles))
        {
            return await grants.RequestAsync(actor, user, current, roles, "Users.Grant.Pending");
        }
        var result = await RoleGrants.ReplaceRolesAsync(users, user, current, roles);
        if (!result.Succeeded)
        {
            return AdminResult.Fail("Common.SaveFailed", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        // The old roles must not keep working in a cookie or an open circuit (issue 15 hole 7).
        await sessions.EndAllAsync(user.Id, SessionEndReasons.RoleChanged);
        await audit.WriteAsync(AuditActions.RoleChanged, users.GetUserId(actor), actor.Identity?.Name, target: user.UserName,
            detail: $"{string.Join(",", current.Order())} -> {string.Join(",", roles.Order())}");
        return AdminResult.Success;
    }

    public async Task<AdminResult> UnlockAsync(ClaimsPrincipal actor, string userId)
    {
        var user = await FindInScopeAsync(actor, userId);
        if (user is null)
        {
            return AdminResult.Fail("Common.NotInScope");
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await audit.WriteAsync(AuditActions.UserUnlocked, users.GetUserId(actor), actor.Identity?.Name, target: user.UserName);
        return AdminResult.Success;
    }

    public async Task<AdminResult> CreateAsync(ClaimsPrincipal actor, string userName, string displayName, int? orgUnitId, string role, string password)
    {
        var scope = DataScope.For(actor);
        if (!Roles.IsKnown(role))
        {
            return AdminResult.Fail("Users.UnknownRole", role);
        }
        if (orgUnitId is null && Roles.Staff.Contains(role))
        {
            return AdminResult.Fail("Users.StaffNeedsOrgUnit");
        }
        if (orgUnitId is { } id)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            if (!await db.OrgUnits.InScope(scope).AnyAsync(u => u.Id == id))
            {
                return AdminResult.Fail("Common.NotInScope");
            }
        }
        var user = new PanlongUser { UserName = userName.Trim(), DisplayName = displayName.Trim(), OrgUnitId = orgUnitId, CreatedAt = clock.GetUtcNow() };
        // An account meant for a two-person role starts with no role at all and waits for a second administrator.
        var secondNeeded = RoleGrants.NeedsSecondAdministrator([], [role]);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded && !secondNeeded)
        {
            result = await users.AddToRoleAsync(user, role);
        }
        if (!result.Succeeded)
        {
            return AdminResult.Fail("Common.SaveFailed", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await audit.WriteAsync(AuditActions.UserCreated, users.GetUserId(actor), actor.Identity?.Name, target: user.UserName, detail: secondNeeded ? "" : role);
        return secondNeeded ? await grants.RequestAsync(actor, user, [], [role], "Users.Grant.PendingNewAccount") : AdminResult.Success;
    }

    public async Task<PanlongUser?> FindInScopeAsync(ClaimsPrincipal actor, string userId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var inScope = await ScopedUsers(db, DataScope.For(actor)).AnyAsync(u => u.Id == userId);
        return inScope ? await users.FindByIdAsync(userId) : null;
    }

    /// <summary>Staff under the admin's subtree; accounts without an org unit (residents) only for a district-wide admin.</summary>
    internal static IQueryable<PanlongUser> ScopedUsers(PanlongDbContext db, DataScope scope)
    {
        if (scope.RootPath is not { } root)
        {
            return db.Users.Where(_ => false);
        }
        var districtWide = root == Panlong.Data.Organization.OrgUnit.PathOf(null, Panlong.Data.Organization.DistrictPlan.DistrictCode);
        return db.Users.Where(u => u.OrgUnit != null ? u.OrgUnit.ScopePath.StartsWith(root) : districtWide);
    }
}
