using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

public sealed record NeedForm(int KindId, string Text, long? BuildingId);

/// <summary>An outcome; when refused, the resource key of the reason; <see cref="Count"/> = needs or volunteers concerned.</summary>
public sealed record NeedResult(bool Ok, string? Problem = null, long? Id = null, int Count = 0)
{
    public static NeedResult Refused(string problem) => new(false, problem);
}

/// <summary>What staff act on: a need group already formed, or open needs (one kind, one community) picked from a list.</summary>
public sealed record NeedTarget(long? GroupId, IReadOnlyList<long>? NeedIds)
{
    public static NeedTarget Group(long id) => new(id, null);

    public static NeedTarget Needs(IEnumerable<long> ids) => new(null, ids.Distinct().ToList());
}

/// <summary>
/// Residents' needs (issue 18 part 6, docs/decisions/0057-community-needs.md): a resident posts and withdraws; the
/// community's staff invite the matching volunteers for a group of needs through the outbox, mark a group met or closed,
/// and other features link a group to what it became (<see cref="LinkAsync"/>). Every staff act checks the actor's scope
/// on the server and is audited in its own transaction.
/// </summary>
public sealed class NeedService(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, ServiceOrderService orders, TimeProvider clock)
{
    /// <summary>The statuses of a need (and a group) still to be acted on.</summary>
    internal static readonly NeedStatus[] Live = [NeedStatus.Open, NeedStatus.Gathered];

    public async Task<NeedResult> PostAsync(WorkflowActor actor, NeedForm form, CancellationToken ct = default)
    {
        var text = form.Text?.Trim() ?? "";
        if (text.Length == 0 || text.Length > NeedContract.TextMax)
        {
            return NeedResult.Refused("Needs.Problem.Text");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.NeedKinds.AnyAsync(k => k.Id == form.KindId && k.Active, ct))
        {
            return NeedResult.Refused("Needs.Problem.Kind");
        }
        var person = await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
        if (person is null || OrgPath.Parse(person.ScopePath).CodeAt(OrgLevel.Community) is not { } community)
        {
            return NeedResult.Refused("Volunteers.Problem.NoPerson");
        }
        var communityPath = OrgPath.OfRegion(community)!;
        var building = form.BuildingId is { } id
            ? await db.Buildings.AsNoTracking().Where(b => b.Id == id).Select(b => new { b.Id, b.GridId, b.ScopePath }).SingleOrDefaultAsync(ct)
            : null;
        // A need is the resident's community's work: a building elsewhere (or none that exists) is refused, not moved.
        if (form.BuildingId is not null && (building is null || !building.ScopePath.StartsWith(communityPath.Value, StringComparison.Ordinal)))
        {
            return NeedResult.Refused("Needs.Problem.Building");
        }
        var need = new Need
        {
            UserId = actor.UserId!,
            PersonId = person.Id,
            KindId = form.KindId,
            Text = text,
            CommunityCode = community,
            ScopePath = building?.ScopePath ?? communityPath.Value,
            GridId = building?.GridId,
            BuildingId = building?.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Needs.Add(need);
        await db.SaveChangesAsync(ct);
        return new NeedResult(true, Id: need.Id);
    }

    /// <summary>
    /// The resident takes back their own need while it is open or being gathered for. A need that became a service order can be
    /// taken back until the volunteer is on site; the last need of its order calls the order off with it (the volunteer who won
    /// it is told), in one transaction.
    /// </summary>
    public async Task<NeedResult> WithdrawAsync(long needId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (result, calledOff) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var need = await db.Needs.SingleOrDefaultAsync(n => n.Id == needId && n.UserId == actor.UserId, ct);
            if (need is null)
            {
                return (NeedResult.Refused("Needs.Problem.NotFound"), false);
            }
            if (!Live.Contains(need.Status))
            {
                return (NeedResult.Refused("Needs.Problem.NotOpen"), false);
            }
            var now = clock.GetUtcNow();
            var group = need.GroupId is { } groupId ? await db.NeedGroups.SingleAsync(g => g.Id == groupId, ct) : null;
            var calledOff = false;
            if (group?.LinkKind == NeedContract.LinkOrder && long.TryParse(group.LinkId, CultureInfo.InvariantCulture, out var orderId)
                && await db.ServiceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct) is { } order)
            {
                if (order.Status is ServiceOrderStatus.CheckedIn or ServiceOrderStatus.Completed)
                {
                    return (NeedResult.Refused("Needs.Problem.OrderUnderway"), false);
                }
                var last = !await db.Needs.AnyAsync(n => n.GroupId == group.Id && n.Id != need.Id && Live.Contains(n.Status), ct);
                if (last && order.Status is ServiceOrderStatus.Open or ServiceOrderStatus.Assigned)
                {
                    if (!await ServiceOrderService.CallOffAsync(db, order, actor, "居民撤回需求", now, ct))
                    {
                        return (NeedResult.Refused("Needs.Problem.OrderUnderway"), false);
                    }
                    (group.Status, group.ClosedAt, calledOff) = (NeedStatus.Withdrawn, now, true);
                }
            }
            need.Status = NeedStatus.Withdrawn;
            need.StatusChangedAt = now;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return (new NeedResult(true, Id: needId), calledOff);
        }, ct);
        if (calledOff)
        {
            orders.Changed();
        }
        return result;
    }

    /// <summary>
    /// Invites the volunteers who match the group's kind (<see cref="NeedMatching"/>) and have not been invited for it yet:
    /// a bell message each through the outbox, the needs marked gathered — all in one transaction.
    /// </summary>
    public Task<NeedResult> InviteAsync(NeedTarget target, WorkflowActor actor, CancellationToken ct = default) =>
        ActAsync(target, actor, NeedStatus.Gathered, async (db, group, needs) =>
        {
            var invited = await db.NeedInvitations.Where(i => i.GroupId == group.Id).Select(i => i.VolunteerId).ToListAsync(ct);
            var volunteers = (await NeedMatching.VolunteersAsync(db, group.CommunityCode, group.KindId, ct)).Where(v => !invited.Contains(v.Id)).ToList();
            if (volunteers.Count == 0)
            {
                return "Needs.Problem.NoVolunteers";
            }
            var kind = await db.NeedKinds.Where(k => k.Id == group.KindId).Select(k => k.Name).SingleAsync(ct);
            var now = clock.GetUtcNow();
            var payload = JsonSerializer.Serialize(new { groupId = group.Id, kindId = group.KindId, needs = needs.Count });
            foreach (var v in volunteers)
            {
                db.NeedInvitations.Add(new NeedInvitation { GroupId = group.Id, VolunteerId = v.Id, InvitedAt = now });
                db.OutboxMessages.Add(Outbox.Message(NeedContract.InvitedTopic, $"user:{v.UserId}", $"社区需求邀请：{kind}",
                    $"{needs.Count} 条居民需求，请联系社区", "/volunteer", now, payload));
            }
            db.AuditEntries.Add(audit.Create(NeedContract.Invite, actor.UserId, actor.Name, $"need-group:{group.Id}",
                $"{kind} ×{needs.Count}: {string.Join(',', volunteers.Take(20).Select(v => v.Code))}"));
            return null;
        }, volunteersCounted: true, ct);

    /// <summary>Marks the needs met or closed (closing needs a reason); each resident is told in their bell.</summary>
    public Task<NeedResult> CloseAsync(NeedTarget target, NeedStatus outcome, string? note, WorkflowActor actor, CancellationToken ct = default)
    {
        note = note?.Trim() is { Length: > 0 } n ? n : null;
        if (outcome is not (NeedStatus.Met or NeedStatus.Closed))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "A group ends met or closed.");
        }
        if (outcome == NeedStatus.Closed && note is null)
        {
            return Task.FromResult(NeedResult.Refused("Needs.Problem.NoteRequired"));
        }
        if (note?.Length > NeedContract.NoteMax)
        {
            return Task.FromResult(NeedResult.Refused("Needs.Problem.NoteTooLong"));
        }
        return ActAsync(target, actor, outcome, (db, group, needs) =>
        {
            var now = clock.GetUtcNow();
            group.Note = note;
            group.ClosedAt = now;
            foreach (var need in needs)
            {
                need.StatusReason = note;
                db.OutboxMessages.Add(Outbox.Message("need.status", $"user:{need.UserId}", outcome == NeedStatus.Met ? "您的需求已满足" : "您的需求已关闭",
                    note, "/needs", now));
            }
            db.AuditEntries.Add(audit.Create(outcome == NeedStatus.Met ? NeedContract.Met : NeedContract.Close, actor.UserId, actor.Name,
                $"need-group:{group.Id}", note));
            return Task.FromResult<string?>(null);
        }, volunteersCounted: false, ct);
    }

    /// <summary>
    /// The contract for issue 18 parts 4 and 5 (docs/decisions/0057-community-needs.md): records that a group of needs (or
    /// open needs, which then form a group) was turned into an activity or a service order, e.g. <c>("activity", "42")</c>.
    /// Open needs become gathered; a group already linked to something else is refused.
    /// </summary>
    public Task<NeedResult> LinkAsync(NeedTarget target, string kind, string id, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!NeedContract.LinkKinds.Contains(kind) || string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return Task.FromResult(NeedResult.Refused("Needs.Problem.Link"));
        }
        return ActAsync(target, actor, null, (db, group, needs) => Task.FromResult(Link(db, group, needs, kind, id, actor)), volunteersCounted: false, ct);
    }

    /// <summary>
    /// Records the link on a group claimed in the caller's transaction (<see cref="ClaimAsync"/>): the resource key of the
    /// refusal, or null. A new link is audited and tells each resident once, in their bell (the outbox), what their need became.
    /// </summary>
    public string? Link(PanlongDbContext db, NeedGroup group, IReadOnlyCollection<Need> needs, string kind, string id, WorkflowActor actor)
    {
        if (group.LinkKind is not null)
        {
            return (group.LinkKind, group.LinkId) == (kind, id) ? null : "Needs.Problem.AlreadyLinked";
        }
        (group.LinkKind, group.LinkId) = (kind, id);
        db.AuditEntries.Add(audit.Create(NeedContract.Link, actor.UserId, actor.Name, $"need-group:{group.Id}", $"{kind}:{id}"));
        var now = clock.GetUtcNow();
        var (title, body) = kind == NeedContract.LinkOrder ? ("您的需求已转为服务订单", $"服务订单 {id}，志愿者接单后将上门服务") : ("您的需求已转为社区活动", $"社区活动 {id}，欢迎报名参加");
        foreach (var user in needs.Select(n => n.UserId).Distinct())
        {
            db.OutboxMessages.Add(Outbox.Message(NeedContract.LinkedTopic, $"user:{user}", title, body, "/needs", now,
                JsonSerializer.Serialize(new { groupId = group.Id, kind, id })));
        }
        return null;
    }

    /// <summary>
    /// Claims the target (<see cref="ClaimAsync"/>), runs the act and saves it all in one transaction. Needs that changed
    /// meanwhile (another staff member acted first, the resident withdrew) refuse the whole act.
    /// </summary>
    private async Task<NeedResult> ActAsync(NeedTarget target, WorkflowActor actor, NeedStatus? to,
        Func<PanlongDbContext, NeedGroup, List<Need>, Task<string?>> act, bool volunteersCounted, CancellationToken ct)
    {
        if (!actor.IsSystem && !actor.HoldsAny(NeedContract.ActingRoles))
        {
            return NeedResult.Refused("Needs.Problem.NotFound");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (group, needs, problem) = await ClaimAsync(db, target, actor, to, ct);
            if (problem is not null)
            {
                return NeedResult.Refused(problem);
            }
            if (await act(db, group!, needs) is { } refused)
            {
                return NeedResult.Refused(refused);
            }
            var count = volunteersCounted ? db.ChangeTracker.Entries<NeedInvitation>().Count(e => e.State == EntityState.Added) : needs.Count;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new NeedResult(true, Id: group!.Id, Count: count);
        }, ct);
    }

    /// <summary>
    /// In the caller's transaction: finds the target in the actor's scope, forms a group from picked open needs and moves the
    /// needs to <paramref name="to"/> (null = open ones become gathered, gathered stay) by a conditional update — only rows
    /// still as they were read move, so a second act on the same needs, or one racing a withdrawal, gets a problem instead.
    /// </summary>
    public async Task<(NeedGroup? Group, List<Need> Needs, string? Problem)> ClaimAsync(PanlongDbContext db, NeedTarget target, WorkflowActor actor, NeedStatus? to,
        CancellationToken ct)
    {
        var (group, needs, problem) = await ResolveAsync(db, target, actor, ct);
        if (problem is not null)
        {
            return (null, [], problem);
        }
        var now = clock.GetUtcNow();
        if (group!.Id == 0)
        {
            group.CreatedAt = now;
            db.NeedGroups.Add(group);
            await db.SaveChangesAsync(ct);
        }
        // An existing group moves only if it is still as read: of two staff linking the same gathered group at once (whose
        // needs stay gathered, so the needs' move below cannot tell), the second waits for the first and finds it linked.
        else if (await db.NeedGroups.Where(g => g.Id == group.Id && g.Status == group.Status && g.LinkKind == group.LinkKind)
                     .ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, g => g.Status), ct) == 0)
        {
            var linked = await db.NeedGroups.AsNoTracking().Where(g => g.Id == group.Id).Select(g => g.LinkKind).SingleAsync(ct);
            return (null, [], linked is not null && group.LinkKind is null ? "Needs.Problem.AlreadyLinked" : "Needs.Problem.NotOpen");
        }
        var ids = needs.Select(n => n.Id).ToList();
        var from = needs.Select(n => n.Status).Distinct().ToList();
        var moved = await db.Needs.Where(n => ids.Contains(n.Id) && from.Contains(n.Status) && (n.GroupId == null || n.GroupId == group.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.GroupId, group.Id), ct);
        if (moved != ids.Count)
        {
            return (null, [], "Needs.Problem.NotOpen");
        }
        var next = to ?? NeedStatus.Gathered;
        foreach (var need in needs.Where(n => to is not null || n.Status == NeedStatus.Open))
        {
            need.Status = next;
            need.StatusChangedAt = now;
            need.GroupId = group.Id;
        }
        if (to is not null)
        {
            group.Status = next;
        }
        return (group, needs, null);
    }

    private static async Task<(NeedGroup? Group, List<Need> Needs, string? Problem)> ResolveAsync(PanlongDbContext db, NeedTarget target, WorkflowActor actor, CancellationToken ct)
    {
        if (target.GroupId is { } groupId)
        {
            var group = await db.NeedGroups.InScope(actor.Scope).SingleOrDefaultAsync(g => g.Id == groupId, ct);
            if (group is null)
            {
                return (null, [], "Needs.Problem.NotFound");
            }
            var members = await db.Needs.Where(n => n.GroupId == groupId && Live.Contains(n.Status)).ToListAsync(ct);
            return Live.Contains(group.Status) && members.Count > 0 ? (group, members, null) : (null, [], "Needs.Problem.NotOpen");
        }
        var ids = target.NeedIds ?? [];
        var needs = ids.Count == 0 ? [] : await db.Needs.InScope(actor.Scope).Where(n => ids.Contains(n.Id)).ToListAsync(ct);
        if (needs.Count == 0 || needs.Count != ids.Count)
        {
            return (null, [], "Needs.Problem.NotFound");
        }
        if (needs.Any(n => n.Status != NeedStatus.Open))
        {
            return (null, [], "Needs.Problem.NotOpen");
        }
        if (needs.Select(n => (n.KindId, n.CommunityCode)).Distinct().Count() > 1)
        {
            return (null, [], "Needs.Problem.Mixed");
        }
        return (NewGroup(needs, actor), needs, null);
    }

    /// <summary>
    /// In the caller's transaction, on needs it claimed (<see cref="ClaimAsync"/>): moves some needs of a group into a group of
    /// their own, e.g. one household's needs when a gathered group becomes one service order per household (ADR 80).
    /// </summary>
    public async Task<NeedGroup> SplitAsync(PanlongDbContext db, IReadOnlyList<Need> needs, WorkflowActor actor, CancellationToken ct)
    {
        var group = NewGroup(needs, actor);
        group.CreatedAt = clock.GetUtcNow();
        db.NeedGroups.Add(group);
        await db.SaveChangesAsync(ct);
        foreach (var need in needs)
        {
            need.GroupId = group.Id;
        }
        return group;
    }

    /// <summary>A new group of needs of one kind and community, seen by whoever sees all of them, over the narrowest area they share.</summary>
    private static NeedGroup NewGroup(IReadOnlyList<Need> needs, WorkflowActor actor) => new()
    {
        KindId = needs[0].KindId,
        CommunityCode = needs[0].CommunityCode,
        ScopePath = CommonPath(needs.Select(n => n.ScopePath)),
        Area = AreaOf(needs),
        Status = NeedStatus.Gathered,
        CreatedBy = actor.Name.Length > 50 ? actor.Name[..50] : actor.Name,
    };

    /// <summary>The narrowest area the needs share: one building, one grid, else their community.</summary>
    public static string AreaOf(IReadOnlyCollection<Need> needs) =>
        needs.Select(n => n.BuildingId).Distinct().ToList() is [{ } building] ? $"building:{building}"
        : needs.Select(n => n.GridId).Distinct().ToList() is [{ } grid] ? $"grid:{grid}"
        : "community";

    /// <summary>The deepest org path every one of the paths lies in: the group is seen by whoever sees all its needs.</summary>
    private static string CommonPath(IEnumerable<string> paths) => paths.Select(OrgPath.Parse).Aggregate(CommonOf).Value;

    private static OrgPath CommonOf(OrgPath a, OrgPath b) => a.Covers(b) ? a : a.Parent is { } p ? CommonOf(p, b) : OrgPath.Root;
}
