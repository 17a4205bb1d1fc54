using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <param name="NeedIds">Open needs of one kind and community, picked by staff.</param>
/// <param name="Texts">The order's text per household (house id) where staff edited it; else the household's needs' texts.</param>
public sealed record NeedOrderForm(IReadOnlyList<long> NeedIds, int SkillId, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    IReadOnlyDictionary<long, string>? Texts = null);

/// <summary>An outcome; when refused, the resource key of the reason; else the orders posted, one per household.</summary>
public sealed record NeedOrderResult(bool Ok, string? Problem = null, IReadOnlyList<long>? OrderIds = null)
{
    public static NeedOrderResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// Issue 18 part 6's other half (docs/decisions/0063-needs-become-orders.md): staff turn picked open needs into service
/// orders. An order is for one place, so there is one order per household — the needs of residents registered in one house
/// share an order at that house — each posted through <see cref="ServiceOrderService"/> as any order is (offered live to
/// the community's matching volunteers, the requester masked until won), and the household's needs form a group linked to
/// it (<see cref="NeedService.Link"/>, which tells the residents). All households in one transaction: a need withdrawn or
/// taken by other staff meanwhile refuses the whole act, and nothing is posted or linked.
/// </summary>
public sealed class NeedOrders(IDbContextFactory<PanlongDbContext> dbFactory, NeedService needs, ServiceOrderService orders)
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
            var (households, problem) = await HouseholdsAsync(db, actor, form.NeedIds, ct);
            if (problem is not null)
            {
                return NeedOrderResult.Refused(problem);
            }
            var kind = await db.NeedKinds.AsNoTracking().SingleAsync(k => k.Id == households[0].Needs[0].KindId, ct);
            if (!VolunteerSkill.Ids(kind.SkillIds).Contains(form.SkillId))
            {
                return NeedOrderResult.Refused("Needs.Problem.OrderSkill");
            }
            var ids = new List<long>();
            foreach (var household in households)
            {
                var text = form.Texts?.GetValueOrDefault(household.HouseId!.Value) is { } edited && !string.IsNullOrWhiteSpace(edited) ? edited : household.Text;
                var (order, refused) = await orders.DraftAsync(db, actor, new ServiceOrderForm(form.SkillId, household.PersonId, form.WindowStart, form.WindowEnd, text), ct);
                if (order is null)
                {
                    return NeedOrderResult.Refused(refused!);
                }
                var (group, claimed, notOpen) = await needs.ClaimAsync(db, NeedTarget.Needs(household.Needs.Select(n => n.Id)), actor, null, ct);
                if (notOpen is not null)
                {
                    return NeedOrderResult.Refused(notOpen);
                }
                await orders.AddAsync(db, order, actor, ct);
                if (needs.Link(db, group!, claimed, NeedContract.LinkOrder, order.Id.ToString(CultureInfo.InvariantCulture), actor) is { } unlinked)
                {
                    return NeedOrderResult.Refused(unlinked);
                }
                ids.Add(order.Id);
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
    /// The picked needs by household, when every one is open, in the actor's scope, of one kind and community, and its
    /// resident has a registered house (an order goes to a house; a need without one can become an activity instead).
    /// </summary>
    public static async Task<(IReadOnlyList<Household> Households, string? Problem)> HouseholdsAsync(PanlongDbContext db, WorkflowActor actor, IReadOnlyList<long> needIds,
        CancellationToken ct)
    {
        var ids = needIds.Distinct().ToList();
        var rows = ids.Count == 0 ? [] : await (from n in db.Needs.AsNoTracking().InScope(actor.Scope)
                                                join p in db.People on n.PersonId equals p.Id
                                                where ids.Contains(n.Id)
                                                orderby n.Id
                                                select new { Need = n, p.HouseId }).ToListAsync(ct);
        if (rows.Count == 0 || rows.Count != ids.Count)
        {
            return ([], "Needs.Problem.NotFound");
        }
        if (rows.Any(r => r.Need.Status != NeedStatus.Open))
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
}
