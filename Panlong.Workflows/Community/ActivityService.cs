using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>What staff fill in to publish or edit an activity; <paramref name="HelpersWanted"/> is skill id → how many volunteers.</summary>
public sealed record ActivityDraft(string Title, ActivityKind Kind, string Description, string Venue, long? BuildingId,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, IReadOnlyDictionary<int, int> HelpersWanted);

/// <summary>An outcome; when refused, the resource key of the reason shown to the user (and the time it names, if any).</summary>
public sealed record ActivityResult(bool Ok, string? Problem = null, long? Id = null, ActivitySeat? Seat = null, DateTimeOffset? At = null)
{
    public static ActivityResult Refused(string problem, DateTimeOffset? at = null) => new(false, problem, At: at);
}

/// <summary>
/// Community activities, the staff's side (docs/decisions/0056-community-activities.md): the community's staff publish, edit
/// before the start and cancel; everyone signed up is told of a change or a cancellation through the outbox. Another
/// community's activity answers "not found". Publishing, editing and cancelling are audited in their own transaction.
/// </summary>
public sealed class ActivityService(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    /// <summary>Who publishes and runs a community's activities: its approvers and grid workers.</summary>
    public const string Organizers = "Approver,GridWorker";
    /// <summary>Who reads the community's activities as staff: the organisers and the leaders above them.</summary>
    public const string StaffRoles = "Approver,GridWorker,Leader";
    public const int MaxCapacity = 10_000;
    public const int MaxHelpers = 50;

    public async Task<ActivityResult> PublishAsync(WorkflowActor actor, ActivityDraft draft, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(Organizers) || actor.Scope.Root?.CodeAt(OrgLevel.Community) is not { } community)
        {
            return ActivityResult.Refused("Activities.Problem.NotOrganizer");
        }
        var path = OrgPath.OfRegion(community)!.Value;
        if (Check(draft, clock.GetUtcNow()) is { } problem)
        {
            return ActivityResult.Refused(problem);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await CheckReferencesAsync(db, draft, path, ct) is { } refused)
        {
            return ActivityResult.Refused(refused);
        }
        var activity = new Activity
        {
            CommunityCode = community,
            ScopePath = path,
            Title = draft.Title.Trim(),
            Description = draft.Description.Trim(),
            Venue = draft.Venue.Trim(),
            OrganizerUserId = actor.UserId ?? "",
            OrganizerName = actor.Name,
            CreatedAt = clock.GetUtcNow(),
            CheckInSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        Apply(activity, draft);
        // The row's id names the audit entry, so both saves share one transaction (retried as one by the strategy).
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            activity.Id = 0;
            activity.HelperSlots.ForEach(s => s.Id = 0);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Activities.Add(activity);
            await db.SaveChangesAsync(ct);
            db.AuditEntries.Add(audit.Create("Activity.Publish", actor.UserId, actor.Name, $"activity:{activity.Id}", activity.Title));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }, ct);
        return new ActivityResult(true, Id: activity.Id);
    }

    /// <summary>Edits before the start. A larger capacity or more helpers promote the waiting; fewer than already confirmed is refused.</summary>
    public async Task<ActivityResult> EditAsync(WorkflowActor actor, long activityId, ActivityDraft draft, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (Check(draft, now) is { } problem)
        {
            return ActivityResult.Refused(problem);
        }
        return await ActivityLock.RunAsync(dbFactory, activityId, async (db, activity, ct) =>
        {
            if (!CanRun(actor, activity))
            {
                return ActivityResult.Refused("Activities.Problem.NotFound");
            }
            if (activity.Status == ActivityStatus.Cancelled || now >= activity.StartsAt)
            {
                return ActivityResult.Refused("Activities.Problem.Started");
            }
            if (await CheckReferencesAsync(db, draft, activity.ScopePath, ct) is { } refused)
            {
                return ActivityResult.Refused(refused);
            }
            var confirmed = await db.ActivitySignUps.Where(s => s.ActivityId == activity.Id && s.Seat == ActivitySeat.Confirmed)
                .GroupBy(s => s.SkillId).Select(g => new { Skill = g.Key, Count = g.Count() }).ToListAsync(ct);
            if (confirmed.Any(c => c.Count > (c.Skill is { } skill ? draft.HelpersWanted.GetValueOrDefault(skill) : draft.Capacity)))
            {
                return ActivityResult.Refused("Activities.Problem.BelowConfirmed");
            }
            await db.Entry(activity).Collection(a => a.HelperSlots).LoadAsync(ct);
            activity.Title = draft.Title.Trim();
            activity.Description = draft.Description.Trim();
            activity.Venue = draft.Venue.Trim();
            activity.UpdatedAt = now;
            Apply(activity, draft);
            await db.SaveChangesAsync(ct);
            foreach (var pool in draft.HelpersWanted.Keys.Cast<int?>().Append(null))
            {
                await ActivitySignUps.PromoteAsync(db, activity, pool, now, ct);
            }
            await TellAsync(db, activity, "activity.changed", $"活动有变更：{activity.Title}", $"{ChinaTime.FormatMinutes(activity.StartsAt)} {activity.Venue}", now, ct);
            db.AuditEntries.Add(audit.Create("Activity.Edit", actor.UserId, actor.Name, $"activity:{activity.Id}", activity.Title));
            return new ActivityResult(true, Id: activity.Id);
        }, ct);
    }

    /// <summary>Cancels with a reason; everyone confirmed or waiting is told.</summary>
    public async Task<ActivityResult> CancelAsync(WorkflowActor actor, long activityId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > 200)
        {
            return ActivityResult.Refused("Activities.Problem.ReasonRequired");
        }
        var now = clock.GetUtcNow();
        return await ActivityLock.RunAsync(dbFactory, activityId, async (db, activity, ct) =>
        {
            if (!CanRun(actor, activity))
            {
                return ActivityResult.Refused("Activities.Problem.NotFound");
            }
            if (activity.Status == ActivityStatus.Cancelled || now >= activity.EndsAt)
            {
                return ActivityResult.Refused("Activities.Problem.Started");
            }
            activity.Status = ActivityStatus.Cancelled;
            activity.CancelReason = reason.Trim();
            activity.UpdatedAt = now;
            await TellAsync(db, activity, "activity.cancelled", $"活动已取消：{activity.Title}", activity.CancelReason, now, ct);
            db.AuditEntries.Add(audit.Create("Activity.Cancel", actor.UserId, actor.Name, $"activity:{activity.Id}", activity.CancelReason));
            return new ActivityResult(true, Id: activity.Id);
        }, ct);
    }

    /// <summary>An organiser whose scope covers the activity's community (ADR 56: another community's activity is "not found").</summary>
    public static bool CanRun(WorkflowActor actor, Activity activity) => actor.HoldsAny(Organizers) && actor.Scope.Covers(activity.ScopePath);

    /// <summary>The rules that need no database: lengths, a positive capacity, an end after the start, a start still ahead.</summary>
    public static string? Check(ActivityDraft draft, DateTimeOffset now) => draft switch
    {
        _ when string.IsNullOrWhiteSpace(draft.Title) || draft.Title.Trim().Length > 100 => "Activities.Problem.Title",
        _ when string.IsNullOrWhiteSpace(draft.Venue) || draft.Venue.Trim().Length > 200 => "Activities.Problem.Venue",
        _ when draft.Description is null || draft.Description.Trim().Length > 2000 => "Activities.Problem.Description",
        _ when draft.Capacity <= 0 || draft.Capacity > MaxCapacity => "Activities.Problem.Capacity",
        _ when draft.HelpersWanted.Values.Any(n => n <= 0 || n > MaxHelpers) => "Activities.Problem.Helpers",
        _ when draft.EndsAt <= draft.StartsAt => "Activities.Problem.EndBeforeStart",
        _ when draft.StartsAt <= now => "Activities.Problem.InThePast",
        _ => null,
    };

    private static async Task<string?> CheckReferencesAsync(PanlongDbContext db, ActivityDraft draft, string communityPath, CancellationToken ct)
    {
        var skills = draft.HelpersWanted.Keys.ToList();
        if (skills.Count > 0 && await db.VolunteerSkills.CountAsync(s => s.Active && skills.Contains(s.Id), ct) != skills.Count)
        {
            return "Activities.Problem.Helpers";
        }
        if (draft.BuildingId is { } building && !await db.Buildings.AnyAsync(b => b.Id == building && b.ScopePath.StartsWith(communityPath), ct))
        {
            return "Activities.Problem.Building";
        }
        return null;
    }

    private static void Apply(Activity activity, ActivityDraft draft)
    {
        activity.Kind = draft.Kind;
        activity.BuildingId = draft.BuildingId;
        activity.StartsAt = draft.StartsAt;
        activity.EndsAt = draft.EndsAt;
        activity.Capacity = draft.Capacity;
        activity.HelperSlots.RemoveAll(s => !draft.HelpersWanted.ContainsKey(s.SkillId));
        foreach (var (skill, wanted) in draft.HelpersWanted)
        {
            if (activity.HelperSlots.Find(s => s.SkillId == skill) is { } slot)
            {
                slot.Wanted = wanted;
            }
            else
            {
                activity.HelperSlots.Add(new ActivityHelperSlot { SkillId = skill, Wanted = wanted });
            }
        }
    }

    /// <summary>A bell for everyone confirmed or waiting (docs/workflows.md: the outbox delivers "user:" messages).</summary>
    private static async Task TellAsync(PanlongDbContext db, Activity activity, string topic, string title, string? body, DateTimeOffset now, CancellationToken ct)
    {
        var users = await db.ActivitySignUps.Where(s => s.ActivityId == activity.Id && s.Seat != ActivitySeat.Cancelled).Select(s => s.UserId).ToListAsync(ct);
        foreach (var user in users)
        {
            db.OutboxMessages.Add(Outbox.Message(topic, $"user:{user}", title, body, ActivityLinks.Detail(activity.Id), now));
        }
    }
}

/// <summary>The activity pages' addresses, shared by the outbox messages and the pages.</summary>
public static class ActivityLinks
{
    public static string Detail(long id) => $"/activities/{id}";

    public static string CheckIn(long id) => $"/activities/{id}/check-in";
}

/// <summary>
/// Runs a change to an activity and its sign-ups with the activity locked, in one transaction: SQLite's write lock
/// (BEGIN IMMEDIATE, as the 金豆 ledger), PostgreSQL's and SQL Server's row lock. So seats are counted and taken by one
/// caller at a time and capacity is never exceeded (docs/decisions/0056-community-activities.md).
/// </summary>
internal static class ActivityLock
{
    public static async Task<ActivityResult> RunAsync(IDbContextFactory<PanlongDbContext> dbFactory, long activityId,
        Func<PanlongDbContext, Activity, CancellationToken, Task<ActivityResult>> change, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.LockRowAsync<Activity>(activityId, ct);
            if (await db.Activities.SingleOrDefaultAsync(a => a.Id == activityId, ct) is not { } activity)
            {
                return ActivityResult.Refused("Activities.Problem.NotFound");
            }
            var result = await change(db, activity, ct);
            if (result.Ok)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
            return result;
        }, ct);
    }
}
