using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Engine.Tasks;

public sealed record InboxItem(long TaskId, Guid InstanceId, string DefinitionKey, string SubjectType, string SubjectId, string State, string Name,
    string? Role, string ScopePath, string? ClaimedByName, DateTimeOffset CreatedAt, DateTimeOffset? DueAt, TrafficLight Light, Guid Version, bool Oversight = false);

public sealed record InboxPage(IReadOnlyList<InboxItem> Items, int Total);

public enum ClaimOutcome
{
    Claimed,
    Released,
    NotFound,
    NotYours,
    ClaimedBySomeoneElse,
    ChangedBySomeoneElse,
}

/// <summary>The inbox: the open tasks the actor can act on (<see cref="TaskActors"/>), with claim and release.</summary>
public sealed class WorkTaskService(IDbContextFactory<PanlongDbContext> dbFactory, DefinitionStore definitions, CalendarProvider calendars, TimeProvider clock)
{
    /// <summary>
    /// Tasks the actor can act on (<see cref="TaskActors.InboxAsync"/>): their own work first, then work below them that waits
    /// for nobody there — or, with <paramref name="includeSubordinate"/>, all the work below they may take over or that is their role's.
    /// </summary>
    public async Task<InboxPage> InboxAsync(WorkflowActor actor, bool includeSubordinate = false, int page = 0, int pageSize = 25, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await TaskActors.InboxAsync(db, definitions, actor, includeSubordinate, ct);
        var does = TaskActors.Does(actor);
        var query = db.WorkTasks.AsNoTracking().Where(t => t.Status == WorkTaskStatus.Open).Where(rule);
        var total = await query.CountAsync(ct);
        // One's own work first, then what one may take over from below; each by its deadline.
        var rows = await query.OrderBy(TaskActors.OwnFirst(does)).ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id)
            .Page(page, pageSize)
            .Select(t => new { Task = t, t.Instance!.DefinitionKey, t.Instance.SubjectType, t.Instance.SubjectId })
            .ToListAsync(ct);
        var own = does.Compile(preferInterpretation: true);
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        return new InboxPage(rows.Select(r => new InboxItem(r.Task.Id, r.Task.InstanceId, r.DefinitionKey, r.SubjectType, r.SubjectId, r.Task.State,
            r.Task.Name, r.Task.Role, r.Task.ScopePath, r.Task.ClaimedByName, r.Task.CreatedAt, r.Task.DueAt,
            r.Task.DueAt is { } due ? TrafficLights.For(calendar, r.Task.CreatedAt, due, now) : TrafficLight.Green, r.Task.Version, !own(r.Task))).ToList(), total);
    }

    public Task<ClaimOutcome> ClaimAsync(long taskId, Guid expectedVersion, WorkflowActor actor, CancellationToken ct = default) =>
        ChangeClaimAsync(taskId, expectedVersion, actor, claim: true, ct);

    public Task<ClaimOutcome> ReleaseAsync(long taskId, Guid expectedVersion, WorkflowActor actor, CancellationToken ct = default) =>
        ChangeClaimAsync(taskId, expectedVersion, actor, claim: false, ct);

    private async Task<ClaimOutcome> ChangeClaimAsync(long taskId, Guid expectedVersion, WorkflowActor actor, bool claim, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var task = await db.WorkTasks.SingleOrDefaultAsync(t => t.Id == taskId && t.Status == WorkTaskStatus.Open, ct);
        if (task is null)
        {
            return ClaimOutcome.NotFound;
        }
        if (!actor.CanTake(task))
        {
            return ClaimOutcome.NotYours;
        }
        if (task.ClaimedByUserId is not null && task.ClaimedByUserId != actor.UserId)
        {
            return ClaimOutcome.ClaimedBySomeoneElse;
        }
        task.ClaimedByUserId = claim ? actor.UserId : null;
        task.ClaimedByName = claim ? actor.Name : null;
        task.ClaimedAt = claim ? clock.GetUtcNow() : null;
        db.Entry(task).Property(t => t.Version).OriginalValue = expectedVersion;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ClaimOutcome.ChangedBySomeoneElse;
        }
        return claim ? ClaimOutcome.Claimed : ClaimOutcome.Released;
    }
}
