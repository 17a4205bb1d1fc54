using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

public sealed record VolunteerForm(IReadOnlyList<int> SkillIds, string Availability, string? Note);

/// <summary>An outcome and, when refused, the resource key of the reason shown to the user.</summary>
public sealed record VolunteerResult(bool Ok, string? Problem = null, long? Id = null)
{
    public static VolunteerResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// The volunteer feature's write side (docs/decisions/0052-volunteers-and-points-ledger.md): a resident applies, the
/// community's staff decide on the engine, appoint posts on buildings, suspend or reinstate; a volunteer leaves. Every
/// staff act checks the actor's scope on the server and is audited in the act's own transaction.
/// </summary>
public sealed class VolunteerService(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, AuditLog audit, TimeProvider clock, IRoleChangeSignal roles)
{
    /// <summary>Who works on a community's volunteers: its approvers decide and appoint; grid workers and leaders read.</summary>
    public const string StaffRoles = "Approver,GridWorker,Leader";
    public const string DecidingRole = Roles.Approver;

    public async Task<VolunteerResult> ApplyAsync(WorkflowActor actor, VolunteerForm form, CancellationToken ct = default)
    {
        if (form.SkillIds.Count == 0)
        {
            return VolunteerResult.Refused("Volunteers.Problem.NoSkill");
        }
        if (string.IsNullOrWhiteSpace(form.Availability) || form.Availability.Trim().Length > 200 || form.Note?.Trim().Length > 200)
        {
            return VolunteerResult.Refused("Volunteers.Problem.Availability");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await PersonOfAsync(db, actor.UserId, ct);
        if (person is null || OrgPath.Parse(person.ScopePath).CodeAt(OrgLevel.Community) is not { } community)
        {
            return VolunteerResult.Refused("Volunteers.Problem.NoPerson");
        }
        if (await db.VolunteerApplications.AnyAsync(a => a.UserId == actor.UserId && a.Status == VolunteerApplicationStatus.Submitted, ct)
            || await db.Volunteers.AnyAsync(v => v.UserId == actor.UserId && v.Status != VolunteerStatus.Left, ct))
        {
            return VolunteerResult.Refused("Volunteers.Problem.AlreadyApplied");
        }
        var skills = await db.VolunteerSkills.Where(s => s.Active && form.SkillIds.Contains(s.Id)).Select(s => s.Id).ToListAsync(ct);
        if (skills.Count != form.SkillIds.Distinct().Count())
        {
            return VolunteerResult.Refused("Volunteers.Problem.NoSkill");
        }
        var path = OrgPath.Parse(person.ScopePath);
        var communityPath = string.Concat(path.Codes.Take((int)OrgLevel.Community + 1).Select(c => "/" + c)) + "/";
        var application = new VolunteerApplication
        {
            UserId = actor.UserId!,
            PersonId = person.Id,
            CommunityCode = community,
            ScopePath = communityPath,
            Skills = string.Join(',', skills.Order()),
            Availability = form.Availability.Trim(),
            Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim(),
            SubmittedAt = clock.GetUtcNow(),
        };
        db.VolunteerApplications.Add(application);
        await runner.StartAsync(db, VolunteerContract.Key, new WorkflowSubject(VolunteerContract.Subject, actor.UserId!, community), actor,
            alongside: (tx, instance) =>
            {
                application.InstanceId = instance.Id;
                tx.AuditEntries.Add(audit.Create("Volunteer.Apply", actor.UserId, actor.Name, community, application.Skills));
            }, ct: ct);
        return new VolunteerResult(true, Id: application.Id);
    }

    /// <summary>通过 or 不予通过 (a reason required) by the community's approver; anyone who cannot see the application is told "not found".</summary>
    public async Task<VolunteerResult> DecideAsync(long applicationId, string trigger, WorkflowActor actor, string? reason, Guid? seenVersion = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.VolunteerApplications.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        var version = application?.InstanceId is not { } id ? null : seenVersion
            ?? await db.ProcessInstances.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        if (application is null || version is null)
        {
            return VolunteerResult.Refused("Volunteers.Problem.NotFound");
        }
        if (reason?.Trim().Length > 200)
        {
            return VolunteerResult.Refused("Volunteers.Problem.ReasonTooLong");
        }
        var result = await runner.FireAsync(db, application.InstanceId!.Value, version.Value, trigger, actor, new FireInput(reason?.Trim()),
            (tx, _) => tx.AuditEntries.Add(audit.Create("Volunteer." + trigger, actor.UserId, actor.Name, $"application:{applicationId}", reason)), ct);
        if (!result.Ok)
        {
            return VolunteerResult.Refused("Refusal." + result.Refusal);
        }
        if (trigger == VolunteerContract.Approve)
        {
            await roles.RolesChangedAsync(application.UserId);
        }
        return new VolunteerResult(true, Id: applicationId);
    }

    /// <summary>庭院长/楼栋长: one holder per post and building, a building of the volunteer's own community.</summary>
    public async Task<VolunteerResult> AppointAsync(long volunteerId, long buildingId, VolunteerPostKind kind, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.Roles.Contains(DecidingRole))
        {
            return VolunteerResult.Refused("Volunteers.Problem.NotFound");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await db.Volunteers.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(v => v.Id == volunteerId && v.Status == VolunteerStatus.Active, ct);
        var building = await db.Buildings.AsNoTracking().Where(b => b.Id == buildingId).Select(b => new { b.Id, b.Name, b.ScopePath }).SingleOrDefaultAsync(ct);
        if (volunteer is null || building is null || !building.ScopePath.StartsWith(volunteer.ScopePath, StringComparison.Ordinal))
        {
            return VolunteerResult.Refused("Volunteers.Problem.NotFound");
        }
        if (await db.VolunteerPosts.AnyAsync(p => p.BuildingId == buildingId && p.Kind == kind, ct))
        {
            return VolunteerResult.Refused("Volunteers.Problem.PostTaken");
        }
        var post = new VolunteerPost { VolunteerId = volunteerId, BuildingId = buildingId, Kind = kind, ScopePath = building.ScopePath, AppointedAt = clock.GetUtcNow(), AppointedBy = actor.Name };
        db.VolunteerPosts.Add(post);
        db.AuditEntries.Add(audit.Create("Volunteer.Appoint", actor.UserId, actor.Name, volunteer.Code, $"{kind} {building.Name}"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another appointment to the same post won the unique index in the meantime.
            return VolunteerResult.Refused("Volunteers.Problem.PostTaken");
        }
        return new VolunteerResult(true, Id: post.Id);
    }

    public async Task<VolunteerResult> DismissAsync(long postId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = actor.Roles.Contains(DecidingRole) ? await db.VolunteerPosts.InScope(actor.Scope).SingleOrDefaultAsync(p => p.Id == postId, ct) : null;
        if (post is null)
        {
            return VolunteerResult.Refused("Volunteers.Problem.NotFound");
        }
        db.VolunteerPosts.Remove(post);
        db.AuditEntries.Add(audit.Create("Volunteer.Dismiss", actor.UserId, actor.Name, $"post:{postId}", post.Kind.ToString()));
        await db.SaveChangesAsync(ct);
        return new VolunteerResult(true);
    }

    /// <summary>Staff suspend or reinstate a volunteer of their community; a volunteer leaves by themselves. The role follows (<see cref="VolunteerRole"/>).</summary>
    public async Task<VolunteerResult> SetStatusAsync(long volunteerId, VolunteerStatus status, string? reason, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await db.Volunteers.SingleOrDefaultAsync(v => v.Id == volunteerId, ct);
        var self = volunteer?.UserId == actor.UserId && status == VolunteerStatus.Left;
        var staff = volunteer is not null && actor.Roles.Contains(DecidingRole) && actor.Scope.Covers(volunteer.ScopePath) && status != VolunteerStatus.Left;
        if (volunteer is null || volunteer.Status == VolunteerStatus.Left || !(self || staff))
        {
            return VolunteerResult.Refused("Volunteers.Problem.NotFound");
        }
        if (status == VolunteerStatus.Suspended && string.IsNullOrWhiteSpace(reason))
        {
            return VolunteerResult.Refused("Volunteers.Problem.ReasonRequired");
        }
        volunteer.Status = status;
        volunteer.StatusChangedAt = clock.GetUtcNow();
        volunteer.StatusReason = reason?.Trim() is { Length: > 0 } r ? r[..Math.Min(r.Length, 200)] : null;
        bool roleChanged;
        if (status == VolunteerStatus.Active)
        {
            roleChanged = await VolunteerRole.GrantAsync(db, volunteer.UserId);
        }
        else
        {
            roleChanged = await VolunteerRole.RevokeAsync(db, volunteer.UserId);
            // Posts are held by active volunteers only: leaving or suspension frees the building's post for someone else.
            db.VolunteerPosts.RemoveRange(await db.VolunteerPosts.Where(p => p.VolunteerId == volunteerId).ToListAsync(ct));
        }
        db.AuditEntries.Add(audit.Create("Volunteer." + status, actor.UserId, actor.Name, volunteer.Code, reason));
        await db.SaveChangesAsync(ct);
        if (roleChanged)
        {
            await roles.RolesChangedAsync(volunteer.UserId);
        }
        return new VolunteerResult(true, Id: volunteerId);
    }

    /// <summary>The registry person an account proved it is (docs/decisions/0029-registration-second-factor.md); null until verified.</summary>
    public static async Task<Data.Registry.Person?> PersonOfAsync(PanlongDbContext db, string? userId, CancellationToken ct)
    {
        var hash = await db.Users.Where(u => u.Id == userId && u.IdentityVerifiedAt != null).Select(u => u.IdHash).SingleOrDefaultAsync(ct);
        return hash is null ? null : await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.IdHash == hash, ct);
    }
}
