namespace Panlong.Workflows.Community;

/// <summary>
/// Told after a committed change granted or took an account's Volunteer role (<see cref="VolunteerRole"/>): the portal ends
/// the account's open sign-ins at once, as an administrator's role change does (docs/decisions/0025-server-side-sessions.md).
/// The renewed security stamp alone reached an open page only at its session's next check — up to a minute and a half
/// later, with the old roles working meanwhile. Workflows cannot reference the portal, hence the seam (as IChangeSignal).
/// </summary>
public interface IRoleChangeSignal
{
    Task RolesChangedAsync(string userId);
}

/// <summary>Without a portal (tests, tools) there are no sign-ins to end.</summary>
public sealed class NoRoleChangeSignal : IRoleChangeSignal
{
    public Task RolesChangedAsync(string userId) => Task.CompletedTask;
}
