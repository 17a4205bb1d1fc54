using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Workflows;

namespace Panlong.Portal.Features.Identity;

public sealed record RoleGrantRow(long Id, string TargetUserName, IReadOnlyList<string> CurrentRoles, IReadOnlyList<string> RequestedRoles,
    string RequestedByName, DateTimeOffset RequestedAt, bool IsOwn);

/// <summary>
/// The two-person rule for the three administrators and Leader (等保三级 三员分立; docs/decisions/0030-admin-two-person-rule.md):
/// one administrator asks, a second, different one — not the account concerned — approves, and only then do the roles
/// change. Asking, approving and declining are each audited with both names.
/// </summary>
public sealed class RoleGrants(UserManager<PanlongUser> users, IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock,
    Sessions.SessionRegistry sessions)
{
    /// <summary>Whether going from <paramref name="current"/> to <paramref name="requested"/> grants or removes a two-person role.</summary>
    public static bool NeedsSecondAdministrator(IEnumerable<string> current, IEnumerable<string> requested)
    {
        var before = current.ToHashSet();
        var after = requested.ToHashSet();
        return Roles.TwoPersonRoles.Any(r => before.Contains(r) != after.Contains(r));
    }

    /// <summary>Files the change for a second administrator; nothing changes on the account yet.</summary>
    public async Task<AdminResult> RequestAsync(ClaimsPrincipal actor, PanlongUser user, IEnumerable<string> current, IEnumerable<string> requested, string noticeKey)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.RoleGrantRequests.AnyAsync(r => r.TargetUserId == user.Id && r.Status == RoleGrantStatus.Pending))
        {
            return AdminResult.Fail("Users.Grant.AlreadyPending");
        }
        var request = new RoleGrantRequest
        {
            TargetUserId = user.Id,
            TargetUserName = user.UserName!,
            CurrentRoles = RoleGrantRequest.Join(current),
            RequestedRoles = RoleGrantRequest.Join(requested),
            RequestedByUserId = users.GetUserId(actor)!,
            RequestedByName = actor.Identity?.Name ?? "",
            RequestedAt = clock.GetUtcNow(),
            Status = RoleGrantStatus.Pending,
        };
        db.RoleGrantRequests.Add(request);
        db.AuditEntries.Add(audit.Create(RoleGrantActions.Requested, request.RequestedByUserId, request.RequestedByName, target: user.UserName,
            detail: Describe(request)));
        await db.SaveChangesAsync();
        return new AdminResult(true, NoticeKey: noticeKey);
    }

    /// <summary>Open requests on accounts the administrator may manage; their own are listed too, marked, to withdraw.</summary>
    public async Task<IReadOnlyList<RoleGrantRow>> PendingAsync(ClaimsPrincipal actor)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var me = users.GetUserId(actor);
        var scoped = UserAdministration.ScopedUsers(db, DataScope.For(actor)).Select(u => u.Id);
        var rows = await db.RoleGrantRequests.AsNoTracking().Where(r => r.Status == RoleGrantStatus.Pending && scoped.Contains(r.TargetUserId))
            .OrderBy(r => r.Id).ToListAsync();
        return rows.Select(r => new RoleGrantRow(r.Id, r.TargetUserName, r.CurrentRoleList, r.RequestedRoleList, r.RequestedByName, r.RequestedAt,
            r.RequestedByUserId == me)).ToList();
    }

    /// <summary>The second administrator's approval: not the requester, not the account itself, and on the roles the request saw.</summary>
    public async Task<AdminResult> ApproveAsync(ClaimsPrincipal actor, long requestId)
    {
        var me = users.GetUserId(actor);
        await using var db = await dbFactory.CreateDbContextAsync();
        var (request, refusal) = await FindAsync(db, actor, requestId);
        if (request is null)
        {
            return refusal!;
        }
        if (request.RequestedByUserId == me)
        {
            return AdminResult.Fail("Users.Grant.OwnRequest");
        }
        if (request.TargetUserId == me)
        {
            return AdminResult.Fail("Users.Grant.OwnAccount");
        }
        var user = await users.FindByIdAsync(request.TargetUserId);
        var current = user is null ? [] : await users.GetRolesAsync(user);
        if (user is null || RoleGrantRequest.Join(current) != request.CurrentRoles)
        {
            await DecideAsync(db, request, RoleGrantStatus.Stale, actor);
            return AdminResult.Fail("Users.Grant.Stale");
        }
        if (Roles.CheckSeparation(request.RequestedRoleList) is { } separationError)
        {
            return AdminResult.Fail(separationError);
        }
        var result = await ReplaceRolesAsync(users, user, current, request.RequestedRoleList);
        if (!result.Succeeded)
        {
            return AdminResult.Fail("Common.SaveFailed", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        db.AuditEntries.Add(audit.Create(AuditActions.RoleChanged, me, actor.Identity?.Name, target: user.UserName,
            detail: $"{request.CurrentRoles} -> {request.RequestedRoles}"));
        await DecideAsync(db, request, RoleGrantStatus.Approved, actor);
        // The old roles must not keep working in a cookie or an open circuit (issue 15 hole 7).
        await sessions.EndAllAsync(user.Id, SessionEndReasons.RoleChanged);
        return AdminResult.Success;
    }

    /// <summary>Any administrator may decline; the requester declining is a withdrawal.</summary>
    public async Task<AdminResult> DeclineAsync(ClaimsPrincipal actor, long requestId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var (request, refusal) = await FindAsync(db, actor, requestId);
        if (request is null)
        {
            return refusal!;
        }
        await DecideAsync(db, request, RoleGrantStatus.Declined, actor);
        return AdminResult.Success;
    }

    /// <summary>Replaces an account's roles and ends its sessions' old role claims (the security stamp).</summary>
    public static async Task<IdentityResult> ReplaceRolesAsync(UserManager<PanlongUser> users, PanlongUser user, IEnumerable<string> current, IEnumerable<string> roles)
    {
        var result = await users.RemoveFromRolesAsync(user, current.Except(roles));
        if (result.Succeeded)
        {
            result = await users.AddToRolesAsync(user, roles.Except(current));
        }
        if (result.Succeeded)
        {
            result = await users.UpdateSecurityStampAsync(user);
        }
        return result;
    }

    private static async Task<(RoleGrantRequest? Request, AdminResult? Refusal)> FindAsync(PanlongDbContext db, ClaimsPrincipal actor, long requestId)
    {
        if (!Roles.Administrators.Any(actor.IsInRole))
        {
            return (null, AdminResult.Fail("Refusal.NotAllowedForRole"));
        }
        var request = await db.RoleGrantRequests.SingleOrDefaultAsync(r => r.Id == requestId && r.Status == RoleGrantStatus.Pending);
        if (request is null)
        {
            return (null, AdminResult.Fail("Users.Grant.NotFound"));
        }
        var inScope = await UserAdministration.ScopedUsers(db, DataScope.For(actor)).AnyAsync(u => u.Id == request.TargetUserId);
        return inScope ? (request, null) : (null, AdminResult.Fail("Common.NotInScope"));
    }

    private async Task DecideAsync(PanlongDbContext db, RoleGrantRequest request, RoleGrantStatus status, ClaimsPrincipal actor)
    {
        request.Status = status;
        request.DecidedByUserId = users.GetUserId(actor);
        request.DecidedByName = actor.Identity?.Name;
        request.DecidedAt = clock.GetUtcNow();
        var action = status == RoleGrantStatus.Approved ? RoleGrantActions.Approved : RoleGrantActions.Declined;
        db.AuditEntries.Add(audit.Create(action, request.DecidedByUserId, request.DecidedByName, target: request.TargetUserName,
            detail: $"#{request.Id} {Describe(request)} ({status}; {request.RequestedByName})"));
        await db.SaveChangesAsync();
    }

    private static string Describe(RoleGrantRequest r) => $"{r.CurrentRoles} -> {r.RequestedRoles}";
}
