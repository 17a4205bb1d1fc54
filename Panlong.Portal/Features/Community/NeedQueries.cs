using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Community;

public sealed record MyNeedRow(long Id, LocalizedName Kind, string Text, string? Building, NeedStatus Status, string? Reason, DateTimeOffset CreatedAt, NeedLink? Link = null);

/// <summary>What a need's group became (ADR 57's link): an activity, or a service order and where it stands now.</summary>
public sealed record NeedLink(string Kind, string Id, ServiceOrderStatus? OrderStatus)
{
    /// <summary>The activity's page (residents read activities); an order has no page for the resident it was posted for.</summary>
    public string? Href => Kind == NeedContract.LinkActivity && long.TryParse(Id, System.Globalization.CultureInfo.InvariantCulture, out var id) ? ActivityLinks.Detail(id) : null;
}

/// <summary>How staff group open needs by area: per grid, or per building (needs without a building stay the community's).</summary>
public enum NeedAreaLevel
{
    Grid,
    Building,
}

/// <summary>Open needs of one kind in one area of one community; <see cref="AreaName"/> null = the community as a whole.</summary>
public sealed record OpenNeedGroup(string CommunityCode, string CommunityName, int KindId, LocalizedName Kind, string Area, string? AreaName, IReadOnlyList<long> NeedIds)
{
    public int Count => NeedIds.Count;
}

public sealed record KindCount(int KindId, LocalizedName Kind, int Count);

public sealed record OpenNeedRow(long Id, string Name, string Text, string? Building, DateTimeOffset CreatedAt);

public sealed record NeedsForActivity(LocalizedName Kind, IReadOnlyList<string> Texts, IReadOnlyList<int> SkillIds);

/// <summary>One order to be made from picked needs: a household's registered house (staff see the address, the name masked) and its needs' text.</summary>
public sealed record HouseholdOrder(long HouseId, string Name, string Address, bool LivingAlone, int Needs, string Text);

public sealed record NeedsForOrders(LocalizedName Kind, IReadOnlyList<int> SkillIds, IReadOnlyList<HouseholdOrder> Households);

public sealed record MatchRow(long Id, string Code, string Name, string Skills, string Availability);

public sealed record NeedGroupRow(long Id, LocalizedName Kind, string? AreaName, NeedStatus Status, int Needs, string Invited, string? Note, string? LinkKind, string? LinkId,
    DateTimeOffset CreatedAt);

/// <summary>One dot of the needs layer: a building or a grid, how many open needs and of which kinds — never who asked.</summary>
public sealed record NeedMapPoint(double Lat, double Lng, string Area, string Name, int Count, IReadOnlyList<string> Kinds);

public sealed record NeedMap(IReadOnlyList<NeedMapPoint> Points, int WithoutPlace);

/// <summary>
/// The needs pages' reads (docs/decisions/0057-community-needs.md). A resident reads only their own needs; staff lists,
/// groups and the map layer go through the actor's data scope on the server, so community A's staff never see B's needs.
/// Names are masked; the map carries counts only.
/// </summary>
public sealed class NeedQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<IReadOnlyList<NeedKind>> KindsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NeedKinds.AsNoTracking().Where(k => k.Active).OrderBy(k => k.SortOrder).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<MyNeedRow>> MineAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from n in db.Needs.AsNoTracking()
                          join k in db.NeedKinds on n.KindId equals k.Id
                          where n.UserId == actor.UserId
                          orderby n.Id descending
                          select new
                          {
                              n, k.Name, k.NameEn, Building = db.Buildings.Where(b => b.Id == n.BuildingId).Select(b => b.Name).FirstOrDefault(),
                              Link = db.NeedGroups.Where(g => g.Id == n.GroupId && g.LinkKind != null).Select(g => new { g.LinkKind, g.LinkId }).FirstOrDefault(),
                          })
            .Take(100).ToListAsync(ct);
        // An order's state is read from the order, so the resident sees it taken, done, confirmed as it happens.
        var orderIds = rows.Where(r => r.Link?.LinkKind == NeedContract.LinkOrder).Select(r => long.TryParse(r.Link!.LinkId, out var id) ? id : 0).ToList();
        var states = await db.ServiceOrders.AsNoTracking().Where(o => orderIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), o => o.Status, ct);
        return rows.Select(r => new MyNeedRow(r.n.Id, new LocalizedName(r.Name, r.NameEn), r.n.Text, r.Building, r.n.Status, r.n.StatusReason, r.n.CreatedAt,
            r.Link is { } l ? new NeedLink(l.LinkKind!, l.LinkId!, l.LinkKind == NeedContract.LinkOrder && states.TryGetValue(l.LinkId!, out var st) ? st : null) : null)).ToList();
    }

    /// <summary>The building of the resident's own house in the registry, offered as where the need is; null when the registry has none.</summary>
    public async Task<(long Id, string Name)?> OwnBuildingAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var person = await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
        var building = person?.HouseId is not { } house ? null
            : await (from h in db.Houses where h.Id == house join b in db.Buildings on h.BuildingId equals b.Id select new { b.Id, b.Name }).SingleOrDefaultAsync(ct);
        return building is null ? null : (building.Id, building.Name);
    }

    private sealed record OpenNeed(long Id, string CommunityCode, int KindId, int? GridId, long? BuildingId);

    private static IQueryable<Need> Open(PanlongDbContext db, DataScope scope) =>
        db.Needs.AsNoTracking().InScope(scope).Where(n => n.Status == NeedStatus.Open);

    /// <summary>The open needs of the actor's scope by community, kind and area, largest first.</summary>
    public async Task<IReadOnlyList<OpenNeedGroup>> OpenGroupsAsync(WorkflowActor actor, NeedAreaLevel level, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var open = await Open(db, actor.Scope).Select(n => new OpenNeed(n.Id, n.CommunityCode, n.KindId, n.GridId, n.BuildingId)).ToListAsync(ct);
        var kinds = await db.NeedKinds.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.DisplayName, ct);
        var names = await AreaNamesAsync(db, open.Select(n => AreaOf(n, level)), ct);
        var communities = await CommunityNamesAsync(db, open.Select(n => n.CommunityCode), ct);
        return open.GroupBy(n => (n.CommunityCode, n.KindId, Area: AreaOf(n, level)))
            .Select(g => new OpenNeedGroup(g.Key.CommunityCode, communities.GetValueOrDefault(g.Key.CommunityCode, g.Key.CommunityCode), g.Key.KindId, kinds[g.Key.KindId],
                g.Key.Area, names.GetValueOrDefault(g.Key.Area), g.Select(n => n.Id).Order().ToList()))
            .OrderByDescending(g => g.Count).ThenBy(g => g.CommunityCode, StringComparer.Ordinal).ThenBy(g => g.KindId).ThenBy(g => g.Area, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Open needs of the actor's scope per kind (the desk's card and the page's summary).</summary>
    public async Task<IReadOnlyList<KindCount>> OpenByKindAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await Open(db, scope).GroupBy(n => n.KindId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var kinds = await db.NeedKinds.AsNoTracking().OrderBy(k => k.SortOrder).ToListAsync(ct);
        return kinds.Select(k => new KindCount(k.Id, k.DisplayName, counts.SingleOrDefault(c => c.Key == k.Id)?.Count ?? 0)).Where(k => k.Count > 0).ToList();
    }

    /// <summary>The needs of a group as staff read them: the resident's name masked, the text as written.</summary>
    public async Task<IReadOnlyList<OpenNeedRow>> NeedsAsync(WorkflowActor actor, IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from n in db.Needs.AsNoTracking().InScope(actor.Scope)
                          join p in db.People on n.PersonId equals p.Id
                          where ids.Contains(n.Id)
                          orderby n.Id
                          select new { n.Id, p.Name, n.Text, Building = db.Buildings.Where(b => b.Id == n.BuildingId).Select(b => b.Name).FirstOrDefault(), n.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(r => new OpenNeedRow(r.Id, PersonalDataMask.Name(r.Name), r.Text, r.Building, r.CreatedAt)).ToList();
    }

    /// <summary>
    /// What an activity made from picked open needs, or from a gathered group not yet linked (ADR 80), starts with (ADR 57's
    /// link): the needs' texts and the skills their kind asks for; null unless every picked need is open (the group's live
    /// needs are at least one), of one kind and in the actor's scope.
    /// </summary>
    public async Task<NeedsForActivity?> ForActivityAsync(WorkflowActor actor, NeedTarget target, CancellationToken ct = default)
    {
        var ids = target.NeedIds ?? [];
        if (target.GroupId is null && ids.Count == 0)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (target.GroupId is { } groupId
            && !await db.NeedGroups.AsNoTracking().InScope(actor.Scope).AnyAsync(g => g.Id == groupId && g.LinkKind == null && g.Status == NeedStatus.Gathered, ct))
        {
            return null;
        }
        var picked = target.GroupId is { } group
            ? db.Needs.AsNoTracking().Where(n => n.GroupId == group && (n.Status == NeedStatus.Open || n.Status == NeedStatus.Gathered))
            : Open(db, actor.Scope).Where(n => ids.Contains(n.Id));
        var needs = await picked.Select(n => new { n.KindId, n.Text }).ToListAsync(ct);
        if (needs.Count == 0 || target.GroupId is null && needs.Count != ids.Count || needs.Select(n => n.KindId).Distinct().Count() != 1)
        {
            return null;
        }
        var kind = await db.NeedKinds.AsNoTracking().SingleAsync(k => k.Id == needs[0].KindId, ct);
        return new NeedsForActivity(kind.DisplayName, needs.Select(n => n.Text).ToList(), VolunteerSkill.Ids(kind.SkillIds).ToList());
    }

    /// <summary>
    /// What the orders made from picked open needs or a gathered group start with (docs/decisions/0063-needs-become-orders.md,
    /// 0080-gathered-groups-become-orders.md): one per household,
    /// at its registered house, with its needs' text, and the skills the kind maps to. The problem's resource key when the
    /// needs cannot become orders (withdrawn or taken meanwhile, mixed, outside the scope, a resident without a house).
    /// </summary>
    public async Task<(NeedsForOrders? Orders, string? Problem)> ForOrdersAsync(WorkflowActor actor, NeedTarget target, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (households, problem) = await NeedOrders.HouseholdsAsync(db, actor, target, ct);
        if (problem is not null)
        {
            return (null, problem);
        }
        var kind = await db.NeedKinds.AsNoTracking().SingleAsync(k => k.Id == households[0].Needs[0].KindId, ct);
        var houseIds = households.Select(h => h.HouseId!.Value).ToList();
        var personIds = households.Select(h => h.PersonId).ToList();
        var houses = await (from h in db.Houses.AsNoTracking()
                            join b in db.Buildings on h.BuildingId equals b.Id
                            where houseIds.Contains(h.Id)
                            select new { h.Id, b.Name, h.Unit, h.Room }).ToDictionaryAsync(h => h.Id, ct);
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => new { p.Name, p.Groups }, ct);
        return (new NeedsForOrders(kind.DisplayName, VolunteerSkill.Ids(kind.SkillIds).ToList(), households.Select(h =>
        {
            var house = houses[h.HouseId!.Value];
            var person = people[h.PersonId];
            return new HouseholdOrder(house.Id, PersonalDataMask.Name(person.Name), $"{house.Name} {house.Unit} {house.Room}", person.Groups.HasFlag(SpecialGroups.LivingAlone),
                h.Needs.Count, h.Text);
        }).ToList()), null);
    }

    /// <summary>Who an invitation for this kind in this community would reach (the same rule as the invitation), with their availability.</summary>
    public async Task<IReadOnlyList<MatchRow>> MatchingAsync(WorkflowActor actor, string communityCode, int kindId, CancellationToken ct = default)
    {
        if (OrgPath.OfRegion(communityCode) is not { } path || !actor.Scope.Covers(path.Value) && !CoversPartOf(actor.Scope, path))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteers = await NeedMatching.VolunteersAsync(db, communityCode, kindId, ct);
        var personIds = volunteers.Select(v => v.PersonId).ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var skills = await VolunteerQueries.SkillNamesByIdAsync(db, ct);
        return volunteers.Select(v => new MatchRow(v.Id, v.Code, PersonalDataMask.Name(people.GetValueOrDefault(v.PersonId, "")), VolunteerQueries.SkillNames(skills, v.Skills), v.Availability))
            .ToList();
    }

    // A grid's staff act on their grid's needs of the community: the community's volunteers are who they can invite.
    private static bool CoversPartOf(DataScope scope, OrgPath community) => scope.Root is { } root && root.IsBelow(community);

    /// <summary>The groups staff acted on, newest first, with who was invited (masked names and volunteer codes).</summary>
    public async Task<IReadOnlyList<NeedGroupRow>> GroupsAsync(WorkflowActor actor, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var groups = await db.NeedGroups.AsNoTracking().InScope(actor.Scope).OrderByDescending(g => g.Id).Take(take)
            .Select(g => new { g, Needs = db.Needs.Count(n => n.GroupId == g.Id) }).ToListAsync(ct);
        var ids = groups.Select(g => g.g.Id).ToList();
        var invited = await (from i in db.NeedInvitations
                             join v in db.Volunteers on i.VolunteerId equals v.Id
                             join p in db.People on v.PersonId equals p.Id
                             where ids.Contains(i.GroupId)
                             orderby i.Id
                             select new { i.GroupId, v.Code, p.Name }).ToListAsync(ct);
        var kinds = await db.NeedKinds.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.DisplayName, ct);
        var names = await AreaNamesAsync(db, groups.Select(g => g.g.Area), ct);
        return groups.Select(r => new NeedGroupRow(r.g.Id, kinds[r.g.KindId], names.GetValueOrDefault(r.g.Area), r.g.Status, r.Needs,
            string.Join("、", invited.Where(i => i.GroupId == r.g.Id).Select(i => $"{PersonalDataMask.Name(i.Name)} {i.Code}")), r.g.Note, r.g.LinkKind, r.g.LinkId, r.g.CreatedAt)).ToList();
    }

    /// <summary>
    /// The needs layer: open needs of the scope counted per building (its registry position) or per grid (the mean position
    /// of its needs' buildings). Needs without a building have no place on the map; they are counted apart.
    /// </summary>
    public async Task<NeedMap> MapAsync(DataScope scope, NeedAreaLevel level, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var placed = await (from n in Open(db, scope)
                            join b in db.Buildings on n.BuildingId equals b.Id
                            select new { n.KindId, n.GridId, n.BuildingId, b.Lat, b.Lng }).ToListAsync(ct);
        var all = await Open(db, scope).CountAsync(ct);
        var kinds = await db.NeedKinds.AsNoTracking().ToDictionaryAsync(k => k.Id, k => k.DisplayName.ToString(), ct);
        var rows = placed.Select(p => (p.Lat, p.Lng, p.KindId, Area: level == NeedAreaLevel.Building ? $"building:{p.BuildingId}" : $"grid:{p.GridId}")).ToList();
        var names = await AreaNamesAsync(db, rows.Select(r => r.Area), ct);
        var points = rows.GroupBy(r => r.Area)
            .Select(g => new NeedMapPoint(Math.Round(g.Average(r => r.Lat), 6), Math.Round(g.Average(r => r.Lng), 6), g.Key, names.GetValueOrDefault(g.Key, g.Key), g.Count(),
                g.GroupBy(r => r.KindId).OrderByDescending(k => k.Count()).Select(k => $"{kinds[k.Key]} {k.Count()}").ToList()))
            .OrderBy(p => p.Area, StringComparer.Ordinal).ToList();
        return new NeedMap(points, all - placed.Count);
    }

    private static string AreaOf(OpenNeed n, NeedAreaLevel level) =>
        level == NeedAreaLevel.Building && n.BuildingId is { } b ? $"building:{b}" : n.GridId is { } g ? $"grid:{g}" : "community";

    /// <summary>Names of "grid:{id}" and "building:{id}" areas.</summary>
    private static async Task<Dictionary<string, string>> AreaNamesAsync(PanlongDbContext db, IEnumerable<string> areas, CancellationToken ct)
    {
        var keys = areas.Distinct().ToList();
        var grids = keys.Where(a => a.StartsWith("grid:", StringComparison.Ordinal)).Select(a => int.Parse(a[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var buildings = keys.Where(a => a.StartsWith("building:", StringComparison.Ordinal)).Select(a => long.Parse(a[9..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var names = new Dictionary<string, string>();
        foreach (var g in await db.OrgUnits.AsNoTracking().Where(u => grids.Contains(u.Id)).Select(u => new { u.Id, u.Name }).ToListAsync(ct))
        {
            names[$"grid:{g.Id}"] = g.Name;
        }
        foreach (var b in await db.Buildings.AsNoTracking().Where(b => buildings.Contains(b.Id)).Select(b => new { b.Id, b.Name }).ToListAsync(ct))
        {
            names[$"building:{b.Id}"] = b.Name;
        }
        return names;
    }

    private static async Task<Dictionary<string, string>> CommunityNamesAsync(PanlongDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct().ToList();
        return await db.OrgUnits.AsNoTracking().Where(u => wanted.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
    }
}
