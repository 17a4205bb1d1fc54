using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>
/// Keeps a volunteer application in step with its process, inside the engine's transaction: approval makes the user a
/// Volunteer of the community (role, volunteer row with an opaque code, 金豆 account); a decline keeps the reason.
/// </summary>
public sealed class VolunteerListener : IWorkflowListener
{
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public string SubjectType => VolunteerContract.Subject;

    public IReadOnlyList<ProcessContract> Contracts { get; } = [VolunteerContract.Contract];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        if (change.Started || change.Instance.DefinitionKey != VolunteerContract.Key)
        {
            return;
        }
        var db = change.Db;
        var application = await db.VolunteerApplications.SingleAsync(a => a.InstanceId == change.Instance.Id);
        application.DecidedAt = change.Now;
        application.DecidedBy = change.Actor.Name;
        application.Reason = change.Input.Comment;
        switch (change.Instance.State)
        {
            case VolunteerContract.Approved:
                application.Status = VolunteerApplicationStatus.Approved;
                await EnrolAsync(change, application);
                break;
            case VolunteerContract.Declined:
                application.Status = VolunteerApplicationStatus.Declined;
                break;
        }
        db.OutboxMessages.Add(Outbox.Message("volunteer.decided", $"user:{application.UserId}",
            application.Status == VolunteerApplicationStatus.Approved ? "志愿者申请已通过" : "志愿者申请未通过", application.Reason, "/volunteer", change.Now));
    }

    private static async Task EnrolAsync(WorkflowChange change, VolunteerApplication application)
    {
        var db = change.Db;
        var volunteer = await db.Volunteers.SingleOrDefaultAsync(v => v.UserId == application.UserId);
        if (volunteer is null)
        {
            volunteer = new Volunteer
            {
                UserId = application.UserId,
                PersonId = application.PersonId,
                ApplicationId = application.Id,
                CommunityCode = application.CommunityCode,
                ScopePath = application.ScopePath,
                Code = NewCode(),
                Skills = application.Skills,
                Availability = application.Availability,
                JoinedAt = change.Now,
            };
            db.Volunteers.Add(volunteer);
            db.PointAccounts.Add(new PointAccount { Kind = PointAccountKind.Volunteer, Owner = volunteer.Code, CommunityCode = application.CommunityCode, ScopePath = application.ScopePath });
        }
        else
        {
            // Someone who left applies again: the same code and account (their history stays theirs), the new community and skills.
            volunteer.ApplicationId = application.Id;
            volunteer.CommunityCode = application.CommunityCode;
            volunteer.ScopePath = application.ScopePath;
            volunteer.Skills = application.Skills;
            volunteer.Availability = application.Availability;
            volunteer.Status = VolunteerStatus.Active;
            volunteer.StatusChangedAt = change.Now;
            volunteer.StatusReason = null;
        }
        await VolunteerRole.GrantAsync(db, application.UserId);
    }

    /// <summary>An opaque volunteer code: random, unrelated to the ID number, unambiguous to read out (no 0/O, 1/I/L).</summary>
    public static string NewCode() => "V" + string.Concat(Enumerable.Range(0, 9).Select(_ => CodeAlphabet[RandomNumberGenerator.GetInt32(CodeAlphabet.Length)]));
}

/// <summary>
/// The Volunteer role follows the volunteer's status: held while active, removed on suspension or leaving. A change
/// renews the account's security stamp in the same transaction, as an administrator's role change does: the signed-in
/// session still carrying the old roles fails its next check and the volunteer signs in again with the new ones
/// (docs/decisions/0025-server-side-sessions.md, docs/decisions/0057-community-needs.md). After the commit the service
/// also ends those sessions at once through <see cref="IRoleChangeSignal"/>, so an open page need not wait for that check.
/// </summary>
public static class VolunteerRole
{
    /// <summary>Gives the role; false when the account already held it (nothing changed, the stamp kept).</summary>
    public static async Task<bool> GrantAsync(Data.PanlongDbContext db, string userId)
    {
        var roleId = await db.Roles.Where(r => r.Name == Roles.Volunteer).Select(r => r.Id).SingleAsync();
        if (await db.UserRoles.AnyAsync(ur => ur.UserId == userId && ur.RoleId == roleId))
        {
            return false;
        }
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = userId, RoleId = roleId });
        await RenewStampAsync(db, userId);
        return true;
    }

    /// <summary>Takes the role; false when the account did not hold it.</summary>
    public static async Task<bool> RevokeAsync(Data.PanlongDbContext db, string userId)
    {
        var roleId = await db.Roles.Where(r => r.Name == Roles.Volunteer).Select(r => r.Id).SingleAsync();
        if (await db.UserRoles.SingleOrDefaultAsync(ur => ur.UserId == userId && ur.RoleId == roleId) is not { } held)
        {
            return false;
        }
        db.UserRoles.Remove(held);
        await RenewStampAsync(db, userId);
        return true;
    }

    // Any new random value will do: the session check compares the cookie's stamp with the account's for equality only.
    private static async Task RenewStampAsync(Data.PanlongDbContext db, string userId)
    {
        var user = await db.Users.SingleAsync(u => u.Id == userId);
        user.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
    }
}
