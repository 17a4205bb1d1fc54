using Panlong.Data.Identity;
using Panlong.Workflows.Community;

namespace Panlong.Portal.Features.Identity.Sessions;

/// <summary>
/// A volunteer's role granted or taken ends the account's open sessions at once, as an administrator's role change does
/// (RoleGrants; docs/decisions/0025-server-side-sessions.md): an open phone goes to the sign-in page and comes back with the
/// new roles. The reason is the one the stamp check would have recorded later.
/// </summary>
public sealed class SessionsEndOnRoleChange(SessionRegistry sessions) : IRoleChangeSignal
{
    public Task RolesChangedAsync(string userId) => sessions.EndAllAsync(userId, SessionEndReasons.AccountChanged);
}
