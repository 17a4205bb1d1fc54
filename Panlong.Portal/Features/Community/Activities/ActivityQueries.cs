using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Community.Activities;

/// <summary>An activity in a list; <see cref="HelpersOpen"/> is the helper places (all skills) no volunteer holds yet.</summary>
public sealed record ActivityRow(long Id, string Title, ActivityKind Kind, string Venue, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity,
    int Confirmed, int Waiting, ActivityStatus Status, ActivitySeat? MySeat, int HelpersOpen = 0);

public sealed record HelperNeed(VolunteerSkill Skill, int Wanted, int Confirmed, int Waiting);

/// <summary>A sign-up as staff see it: the name masked to the surname (docs/domain.md §5).</summary>
public sealed record RosterRow(long Id, string NameMasked, ActivitySeat Seat, LocalizedName? Skill, DateTimeOffset QueuedAt, DateTimeOffset? CheckedInAt, string? CheckedInBy);

public sealed record ActivityDetail(Activity Activity, string CommunityName, string? BuildingName, int Confirmed, int Waiting, IReadOnlyList<HelperNeed> Helpers,
    ActivitySignUp? Mine, IReadOnlySet<int> MySkills, bool CanRun, IReadOnlyList<RosterRow> Roster);

/// <summary>
/// The activity pages' reads (docs/decisions/0056-community-activities.md). Staff read their scope's activities (another
/// community's answers "not found"); a resident or volunteer reads their own community's, found from their volunteer row or
/// their verified registry person.
/// </summary>
public sealed class ActivityQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    /// <summary>The activities starting in [from, to) the actor may see, with seats taken and the actor's own sign-up.</summary>
    public async Task<IReadOnlyList<ActivityRow>> CalendarAsync(WorkflowActor actor, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await VisibleAsync(db, actor, ct) is not { } visible)
        {
            return [];
        }
        var rows = await visible.Where(a => a.StartsAt >= from && a.StartsAt < to).OrderBy(a => a.StartsAt)
            .Select(a => new
            {
                a.Id, a.Title, a.Kind, a.Venue, a.StartsAt, a.EndsAt, a.Capacity, a.Status,
                Confirmed = db.ActivitySignUps.Count(s => s.ActivityId == a.Id && s.SkillId == null && s.Seat == ActivitySeat.Confirmed),
                Waiting = db.ActivitySignUps.Count(s => s.ActivityId == a.Id && s.SkillId == null && s.Seat == ActivitySeat.Waiting),
                Mine = db.ActivitySignUps.Where(s => s.ActivityId == a.Id && s.UserId == actor.UserId && s.Seat != ActivitySeat.Cancelled).Select(s => (ActivitySeat?)s.Seat).FirstOrDefault(),
                Helpers = db.ActivityHelperSlots.Where(h => h.ActivityId == a.Id).Sum(h => (int?)h.Wanted) ?? 0,
                Helping = db.ActivitySignUps.Count(s => s.ActivityId == a.Id && s.SkillId != null && s.Seat == ActivitySeat.Confirmed),
            }).ToListAsync(ct);
        return rows.Select(r => new ActivityRow(r.Id, r.Title, r.Kind, r.Venue, r.StartsAt, r.EndsAt, r.Capacity, r.Confirmed, r.Waiting, r.Status, r.Mine,
            Math.Max(0, r.Helpers - r.Helping))).ToList();
    }

    public async Task<ActivityDetail?> DetailAsync(WorkflowActor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await VisibleAsync(db, actor, ct) is not { } visible
            || await visible.Include(a => a.HelperSlots).SingleOrDefaultAsync(a => a.Id == id, ct) is not { } activity)
        {
            return null;
        }
        var signUps = await db.ActivitySignUps.AsNoTracking().Where(s => s.ActivityId == id).OrderBy(s => s.QueuedAt).ThenBy(s => s.Id).ToListAsync(ct);
        var skills = await db.VolunteerSkills.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var helpers = activity.HelperSlots.Where(h => skills.ContainsKey(h.SkillId)).OrderBy(h => skills[h.SkillId].SortOrder)
            .Select(h => new HelperNeed(skills[h.SkillId], h.Wanted, signUps.Count(s => s.SkillId == h.SkillId && s.Seat == ActivitySeat.Confirmed),
                signUps.Count(s => s.SkillId == h.SkillId && s.Seat == ActivitySeat.Waiting))).ToList();
        var volunteerSkills = await db.Volunteers.Where(v => v.UserId == actor.UserId && v.Status == VolunteerStatus.Active).Select(v => v.Skills).SingleOrDefaultAsync(ct);
        var canRun = ActivityService.CanRun(actor, activity);
        var roster = !canRun ? [] : signUps.Where(s => s.Seat != ActivitySeat.Cancelled)
            .Select(s => new RosterRow(s.Id, PersonalDataMask.Name(s.Name), s.Seat, s.SkillId is { } k && skills.TryGetValue(k, out var skill) ? skill.DisplayName : null,
                s.QueuedAt, s.CheckedInAt, s.CheckedInBy)).ToList();
        return new ActivityDetail(activity,
            await db.OrgUnits.Where(u => u.Code == activity.CommunityCode).Select(u => u.Name).SingleOrDefaultAsync(ct) ?? activity.CommunityCode,
            activity.BuildingId is { } b ? await db.Buildings.Where(x => x.Id == b).Select(x => x.Name).SingleOrDefaultAsync(ct) : null,
            signUps.Count(s => s.SkillId == null && s.Seat == ActivitySeat.Confirmed), signUps.Count(s => s.SkillId == null && s.Seat == ActivitySeat.Waiting),
            helpers, signUps.FirstOrDefault(s => s.UserId == actor.UserId && s.Seat != ActivitySeat.Cancelled),
            VolunteerSkill.Ids(volunteerSkills), canRun, roster);
    }

    /// <summary>The buildings of the organiser's community, for the venue's optional registry building.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> BuildingsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        if (actor.Scope.Root?.CodeAt(Data.Organization.OrgLevel.Community) is not { } community)
        {
            return [];
        }
        var path = Data.Organization.OrgPath.OfRegion(community)!.Value;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Buildings.AsNoTracking().Where(b => b.ScopePath.StartsWith(path)).OrderBy(b => b.Name).Take(500).Select(b => new { b.Id, b.Name }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.Name)).ToList();
    }

    /// <summary>Staff: their data scope. Residents and volunteers: their community. Null: nothing (not verified, no community).</summary>
    private static async Task<IQueryable<Activity>?> VisibleAsync(PanlongDbContext db, WorkflowActor actor, CancellationToken ct)
    {
        var activities = db.Activities.AsNoTracking();
        if (actor.HoldsAny(ActivityService.StaffRoles) && !actor.Scope.IsNone)
        {
            return activities.InScope(actor.Scope);
        }
        var community = await db.Volunteers.Where(v => v.UserId == actor.UserId && v.Status == VolunteerStatus.Active).Select(v => v.ScopePath).SingleOrDefaultAsync(ct);
        if (community is null && await VolunteerService.PersonOfAsync(db, actor.UserId, ct) is { } person
            && Data.Organization.OrgPath.Parse(person.ScopePath).CodeAt(Data.Organization.OrgLevel.Community) is { } code)
        {
            community = Data.Organization.OrgPath.OfRegion(code)!.Value;
        }
        return community is null ? null : activities.Where(a => a.ScopePath == community);
    }
}
