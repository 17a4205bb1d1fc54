using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>
/// Signing up for an activity (docs/decisions/0056-community-activities.md): a resident of the community takes one seat, a
/// volunteer of the community a helper place against a skill the activity wants; beyond the seats they queue. Every change
/// runs with the activity locked (<see cref="ActivityLock"/>), so N people racing for the last seat leave exactly one
/// confirmed; a cancelled seat goes to the first in the queue at once, who is told.
/// </summary>
public sealed class ActivitySignUps(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="skillId">Null for a resident's seat; a skill the activity wants for a volunteer helper.</param>
    public async Task<ActivityResult> SignUpAsync(WorkflowActor actor, long activityId, int? skillId = null, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId)
        {
            return ActivityResult.Refused("Activities.Problem.NotFound");
        }
        var now = clock.GetUtcNow();
        await using (var probe = await dbFactory.CreateDbContextAsync(ct))
        {
            // Who the person is is read before the lock: it does not change with the activity.
            var who = await WhoAsync(probe, userId, skillId, ct);
            if (who.Problem is { } problem)
            {
                return ActivityResult.Refused(problem);
            }
            return await ActivityLock.RunAsync(dbFactory, activityId, (db, activity, ct) => TakeAsync(db, activity, userId, who, skillId, now, ct), ct);
        }
    }

    /// <summary>The person's own cancellation before the start; a confirmed seat passes to the first waiting in its pool.</summary>
    public async Task<ActivityResult> CancelAsync(WorkflowActor actor, long activityId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await ActivityLock.RunAsync(dbFactory, activityId, async (db, activity, ct) =>
        {
            var mine = await db.ActivitySignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.UserId == actor.UserId && s.Seat != ActivitySeat.Cancelled, ct);
            if (mine is null)
            {
                return ActivityResult.Refused("Activities.Problem.NotSignedUp");
            }
            if (now >= activity.StartsAt)
            {
                return ActivityResult.Refused("Activities.Problem.Started");
            }
            var held = mine.Seat == ActivitySeat.Confirmed;
            mine.Seat = ActivitySeat.Cancelled;
            mine.CancelledAt = now;
            if (held && activity.Status == ActivityStatus.Published)
            {
                await db.SaveChangesAsync(ct);
                await PromoteAsync(db, activity, mine.SkillId, now, ct);
            }
            return new ActivityResult(true, Id: mine.Id, Seat: ActivitySeat.Cancelled);
        }, ct);
    }

    /// <summary>Fills the pool's free seats from its queue, oldest first, and tells each promoted person. Runs under the activity's lock.</summary>
    internal static async Task PromoteAsync(PanlongDbContext db, Activity activity, int? skillId, DateTimeOffset now, CancellationToken ct)
    {
        var free = await SeatsAsync(db, activity, skillId, ct) - await ConfirmedAsync(db, activity.Id, skillId, ct);
        if (free <= 0)
        {
            return;
        }
        var next = await db.ActivitySignUps.Where(s => s.ActivityId == activity.Id && s.SkillId == skillId && s.Seat == ActivitySeat.Waiting)
            .OrderBy(s => s.QueuedAt).ThenBy(s => s.Id).Take(free).ToListAsync(ct);
        foreach (var promoted in next)
        {
            promoted.Seat = ActivitySeat.Confirmed;
            promoted.PromotedAt = now;
            db.OutboxMessages.Add(Outbox.Message("activity.promoted", $"user:{promoted.UserId}", $"候补成功：{activity.Title}",
                $"{ChinaTime.FormatMinutes(activity.StartsAt)} {activity.Venue}", ActivityLinks.Detail(activity.Id), now));
        }
    }

    private sealed record Who(string Name, string? CommunityPath, string? VolunteerCode, string? Problem = null);

    private static async Task<Who> WhoAsync(PanlongDbContext db, string userId, int? skillId, CancellationToken ct)
    {
        if (skillId is { } skill)
        {
            // A helper is an active volunteer of the community with the skill (ADR 52's volunteer row).
            var volunteer = await db.Volunteers.AsNoTracking().SingleOrDefaultAsync(v => v.UserId == userId && v.Status == VolunteerStatus.Active, ct);
            if (volunteer is null || !VolunteerSkill.Ids(volunteer.Skills).Contains(skill))
            {
                return new Who("", null, null, "Activities.Problem.NoSkill");
            }
            var name = await db.People.Where(p => p.Id == volunteer.PersonId).Select(p => p.Name).SingleAsync(ct);
            return new Who(name, volunteer.ScopePath, volunteer.Code);
        }
        var person = await VolunteerService.PersonOfAsync(db, userId, ct);
        return person is null ? new Who("", null, null, "Activities.Problem.NoPerson") : new Who(person.Name, person.ScopePath, null);
    }

    private static async Task<ActivityResult> TakeAsync(PanlongDbContext db, Activity activity, string userId, Who who, int? skillId, DateTimeOffset now, CancellationToken ct)
    {
        if (who.CommunityPath is null || !who.CommunityPath.StartsWith(activity.ScopePath, StringComparison.Ordinal))
        {
            // Another community's activity: residents see their own community's only.
            return ActivityResult.Refused("Activities.Problem.NotFound");
        }
        if (activity.Status == ActivityStatus.Cancelled)
        {
            return ActivityResult.Refused("Activities.Problem.Cancelled");
        }
        if (now >= activity.StartsAt)
        {
            return ActivityResult.Refused("Activities.Problem.Started");
        }
        if (skillId is { } skill && !await db.ActivityHelperSlots.AnyAsync(s => s.ActivityId == activity.Id && s.SkillId == skill, ct))
        {
            return ActivityResult.Refused("Activities.Problem.NoSkill");
        }
        var row = await db.ActivitySignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.UserId == userId, ct);
        if (row is { Seat: not ActivitySeat.Cancelled })
        {
            return ActivityResult.Refused("Activities.Problem.AlreadySignedUp");
        }
        var free = await ConfirmedAsync(db, activity.Id, skillId, ct) < await SeatsAsync(db, activity, skillId, ct)
            && !await db.ActivitySignUps.AnyAsync(s => s.ActivityId == activity.Id && s.SkillId == skillId && s.Seat == ActivitySeat.Waiting, ct);
        if (row is null)
        {
            row = new ActivitySignUp { ActivityId = activity.Id, UserId = userId, Name = who.Name };
            db.ActivitySignUps.Add(row);
        }
        // Signing up again after cancelling joins the end of the queue.
        row.Name = who.Name;
        row.SkillId = skillId;
        row.VolunteerCode = who.VolunteerCode;
        row.Seat = free ? ActivitySeat.Confirmed : ActivitySeat.Waiting;
        row.QueuedAt = now;
        row.PromotedAt = null;
        row.CancelledAt = null;
        row.CheckedInAt = null;
        row.CheckedInBy = null;
        return new ActivityResult(true, Id: activity.Id, Seat: row.Seat);
    }

    private static async Task<int> SeatsAsync(PanlongDbContext db, Activity activity, int? skillId, CancellationToken ct) => skillId is { } skill
        ? await db.ActivityHelperSlots.Where(s => s.ActivityId == activity.Id && s.SkillId == skill).Select(s => s.Wanted).SingleOrDefaultAsync(ct)
        : activity.Capacity;

    private static Task<int> ConfirmedAsync(PanlongDbContext db, long activityId, int? skillId, CancellationToken ct) =>
        db.ActivitySignUps.CountAsync(s => s.ActivityId == activityId && s.SkillId == skillId && s.Seat == ActivitySeat.Confirmed, ct);
}
