using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <param name="Target">Open needs of one kind and community picked by staff, or a gathered group not yet linked (ADR 80).</param>
/// <param name="Texts">The order's text per household (house id) where staff edited it; else the household's needs' texts.</param>
public sealed record NeedOrderForm(NeedTarget Target, int SkillId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    IReadOnlyDictionary<long, string>? Texts = null);

/// <summary>An outcome; when refused, the resource key of the reason; else the orders posted, one per household.</summary>
public sealed record NeedOrderResult(bool Ok, string? Problem = null, IReadOnlyList<long>? OrderIds = null)
{
    public static NeedOrderResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// Issue 18 part 6's other half (docs/decisions/0063-needs-become-orders.md): staff turn picked open needs, or a group they
/// gathered volunteers for (docs/decisions/0080-gathered-groups-become-orders.md), into service orders. An order is for one place, so there is one order per household — the needs of residents registered in one house
/// share an order at that house — each posted through <see cref="ServiceOrderService"/> as any order is (offered live to
/// the community's matching volunteers, the requester masked until won), and the household's needs form a group linked to
/// it (<see cref="NeedService.Link"/>, which tells the residents). All households in one transaction: a need withdrawn or
/// taken by other staff meanwhile refuses the whole act, and nothing is posted or linked.
/// </summary>
public sealed class NeedOrders(IDbContextFactory<PanlongDbContext> dbFactory, NeedService needs, ServiceOrderService orders, TimeProvider clock)
{
    /// <summary>A household of the picked needs: the registry house of the residents who posted them (null = none registered).</summary>
    public sealed record Household(long? HouseId, long PersonId, IReadOnlyList<Need> Needs)
    {
        /// <summary>What the order says unless staff edit it: the residents' own words, as far as an order's text goes.</summary>
        public string Text
        {
            get
            {
                var text = string.Join("；", Needs.Select(n => n.Text));
                return text.Length > ServiceOrderRules.MaxDescription ? text[..ServiceOrderRules.MaxDescription] : text;
            }
        }
    }

    public async Task<NeedOrderResult> PostAsync(WorkflowActor actor, NeedOrderForm form, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(NeedContract.ActingRoles))
        {
            return NeedOrderResult.Refused("Needs.Problem.NotFound");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var posted = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var (households, problem) = await HouseholdsAsync(db, actor, form.Target, ct);
            if (problem is not null)
            {
                return NeedOrderResult.Refused(problem);
            }
            var kind = await db.NeedKinds.AsNoTracking().SingleAsync(k => k.Id == households[0].Needs[0].KindId, ct);
            if (!VolunteerSkill.Ids(kind.SkillIds).Contains(form.SkillId))
            {
                return NeedOrderResult.Refused("Needs.Problem.OrderSkill");
            }
            var (groups, notOpen) = await ClaimAsync(db, form.Target, households, actor, ct);
            if (notOpen is not null)
            {
                return NeedOrderResult.Refused(notOpen);
            }
            var ids = new List<long>();
            foreach (var (household, (group, claimed)) in households.Zip(groups))
            {
                var text = form.Texts?.GetValueOrDefault(household.HouseId!.Value) is { } edited && !string.IsNullOrWhiteSpace(edited) ? edited : household.Text;
                var (order, refused) = await orders.DraftAsync(db, actor, new ServiceOrderForm(form.SkillId, household.PersonId, form.WindowStart, form.WindowEnd, text), ct);
                if (order is null)
                {
                    return NeedOrderResult.Refused(refused!);
                }
                await orders.AddAsync(db, order, actor, ct);
                if (needs.Link(db, group, claimed, NeedContract.LinkOrder, order.Id.ToString(CultureInfo.InvariantCulture), actor) is { } unlinked)
                {
                    return NeedOrderResult.Refused(unlinked);
                }
                ids.Add(order.Id);
            }
            if (form.Target.GroupId is { } gathered)
            {
                await TellInvitedAsync(db, gathered, kind, form.SkillId, ids, ct);
            }
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new NeedOrderResult(true, OrderIds: ids);
        }, ct);
        if (posted.Ok)
        {
            orders.Announce();
        }
        return posted;
    }

    /// <summary>
    /// The target's needs by household, when every one is live in the actor's scope, of one kind and community, and its resident
    /// has a registered house (an order goes to a house; a need without one can become an activity instead). Picked needs must
    /// all be open; a gathered group must not be linked yet and must still hold needs not withdrawn.
    /// </summary>
    public static async Task<(IReadOnlyList<Household> Households, string? Problem)> HouseholdsAsync(PanlongDbContext db, WorkflowActor actor, NeedTarget target,
        CancellationToken ct)
    {
        var picked = db.Needs.AsNoTracking().InScope(actor.Scope);
        var ids = (target.NeedIds ?? []).Distinct().ToList();
        if (target.GroupId is { } groupId)
        {
            var group = await db.NeedGroups.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(g => g.Id == groupId, ct);
            if (group is null)
            {
                return ([], "Needs.Problem.NotFound");
            }
            if (group.LinkKind is not null)
            {
                return ([], "Needs.Problem.AlreadyLinked");
            }
            if (!NeedService.Live.Contains(group.Status))
            {
                return ([], "Needs.Problem.NotOpen");
            }
            picked = picked.Where(n => n.GroupId == groupId && NeedService.Live.Contains(n.Status));
        }
        else
        {
            picked = picked.Where(n => ids.Contains(n.Id));
        }
        var rows = target.GroupId is null && ids.Count == 0 ? [] : await (from n in picked
                                                                         join p in db.People on n.PersonId equals p.Id
                                                                         orderby n.Id
                                                                         select new { Need = n, p.HouseId }).ToListAsync(ct);
        if (target.GroupId is not null && rows.Count == 0)
        {
            return ([], "Needs.Problem.GroupEmpty");
        }
        if (target.GroupId is null && (rows.Count == 0 || rows.Count != ids.Count))
        {
            return ([], "Needs.Problem.NotFound");
        }
        if (target.GroupId is null && rows.Any(r => r.Need.Status != NeedStatus.Open))
        {
            return ([], "Needs.Problem.NotOpen");
        }
        if (rows.Select(r => (r.Need.KindId, r.Need.CommunityCode)).Distinct().Count() > 1)
        {
            return ([], "Needs.Problem.Mixed");
        }
        if (rows.Any(r => r.HouseId is null))
        {
            return ([], "Needs.Problem.NoHouse");
        }
        return (rows.GroupBy(r => r.HouseId).Select(g => new Household(g.Key, g.First().Need.PersonId, g.Select(r => r.Need).ToList())).ToList(), null);
    }

    /// <summary>
    /// Claims each household's needs as a group of its own (<see cref="NeedService.ClaimAsync"/>, the conditional move). Picked
    /// needs form one new group per household; a gathered group is claimed whole — its first household keeps it, with its
    /// invitations, and the others split off (<see cref="NeedService.SplitAsync"/>). Needs that changed since they were read refuse.
    /// </summary>
    private async Task<(IReadOnlyList<(NeedGroup Group, List<Need> Needs)> Groups, string? Problem)> ClaimAsync(PanlongDbContext db, NeedTarget target,
        IReadOnlyList<Household> households, WorkflowActor actor, CancellationToken ct)
    {
        var groups = new List<(NeedGroup, List<Need>)>();
        if (target.GroupId is null)
        {
            foreach (var household in households)
            {
                var (group, claimed, problem) = await needs.ClaimAsync(db, NeedTarget.Needs(household.Needs.Select(n => n.Id)), actor, null, ct);
                if (problem is not null)
                {
                    return ([], problem);
                }
                groups.Add((group!, claimed));
            }
            return (groups, null);
        }
        var (whole, all, refused) = await needs.ClaimAsync(db, target, actor, null, ct);
        if (refused is not null)
        {
            return ([], refused);
        }
        var byId = all.ToDictionary(n => n.Id);
        if (!byId.Keys.Order().SequenceEqual(households.SelectMany(h => h.Needs).Select(n => n.Id).Order()))
        {
            return ([], "Needs.Problem.NotOpen");
        }
        foreach (var household in households)
        {
            var claimed = household.Needs.Select(n => byId[n.Id]).ToList();
            groups.Add((groups.Count == 0 ? whole! : await needs.SplitAsync(db, claimed, actor, ct), claimed));
        }
        return (groups, null);
    }

    /// <summary>
    /// The volunteers invited for the gathered group who hold the orders' skill are told in their bell (the outbox) that the
    /// needs became orders they can grab; every qualified volunteer of the community sees the orders offered live as any order.
    /// </summary>
    private async Task TellInvitedAsync(PanlongDbContext db, long groupId, NeedKind kind, int skillId, List<long> orderIds, CancellationToken ct)
    {
        var invited = await (from i in db.NeedInvitations
                             join v in db.Volunteers on i.VolunteerId equals v.Id
                             where i.GroupId == groupId && v.Status == VolunteerStatus.Active
                             select new { v.UserId, v.Skills }).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new { groupId, orders = orderIds });
        foreach (var volunteer in invited.Where(v => VolunteerSkill.Ids(v.Skills).Contains(skillId)))
        {
            db.OutboxMessages.Add(Outbox.Message(NeedContract.OrderedTopic, $"user:{volunteer.UserId}", $"受邀的社区需求已转为服务单：{kind.Name}",
                $"{orderIds.Count} 张服务单，先抢先得", "/volunteer", now, payload));
        }
    }
}
