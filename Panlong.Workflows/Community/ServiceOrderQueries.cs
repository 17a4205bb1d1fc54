using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>
/// One order as a page shows it. Whose it is decides what it shows: to a volunteer who has not won it the requester's
/// name and phone are masked and the address is only the grid (issue 18, "masked until they win"); the winner, the
/// poster and the community's staff see them in full.
/// </summary>
public sealed record OrderCard(long Id, ServiceOrderStatus Status, LocalizedName Skill, DateTimeOffset WindowStart, DateTimeOffset WindowEnd,
    string Description, bool LivingAlone, string Requester, string Phone, string Address, bool Masked, DateTimeOffset PostedAt,
    DateTimeOffset? EscalatedAt, string? AssigneeCode, int? CheckInDistance, int? Rating, string? RatingComment, int NoShows, bool HasPhoto,
    bool PostedByStaff)
{
    public bool Open => Status == ServiceOrderStatus.Open;
}

/// <summary>An offer on the volunteer's home, with how far its house is from the volunteer's own (null: no house on record).</summary>
public sealed record NearbyOffer(OrderCard Card, int? Meters);

/// <summary>A registry person staff may post an order for (they have a house), masked as the registry's lists are.</summary>
public sealed record RequesterChoice(long Id, string Name, string IdMasked, bool LivingAlone);

/// <summary>A volunteer of the community and their recent no-shows, for the staff's list.</summary>
public sealed record NoShowRow(string Code, string Name, int NoShows, bool Paused);

public enum StaffOrderFilter
{
    Open,
    Escalated,
    Active,
    Done,
}

/// <summary>The reads of the order pages (docs/decisions/0055-service-orders.md); every list is scoped on the server.</summary>
public sealed class ServiceOrderQueries(IDbContextFactory<PanlongDbContext> dbFactory, ServiceOrderService orders, PersonalDataProtector protector, TimeProvider clock)
{
    private const int ListSize = 100;

    /// <summary>What a volunteer is offered now: open orders of their community needing one of their skills in a window they are available; none while paused by no-shows.</summary>
    public async Task<IReadOnlyList<OrderCard>> OffersAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (_, offered) = await OfferedAsync(db, userId, ct);
        return await CardsAsync(db, offered, _ => true, ct);
    }

    /// <summary>
    /// The volunteer home's "nearby orders": the same offers as <see cref="OffersAsync"/>, nearest first to the volunteer's
    /// registered house (haversine to each order's building), or soonest first when the volunteer has no house on record.
    /// </summary>
    public async Task<IReadOnlyList<NearbyOffer>> NearbyAsync(string? userId, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (volunteer, offered) = await OfferedAsync(db, userId, ct);
        if (volunteer is null || offered.Count == 0)
        {
            return [];
        }
        var home = await (from p in db.People
                          where p.Id == volunteer.PersonId
                          join h in db.Houses on p.HouseId equals h.Id
                          join b in db.Buildings on h.BuildingId equals b.Id
                          select new { b.Lat, b.Lng }).FirstOrDefaultAsync(ct);
        var buildingIds = offered.Select(o => o.BuildingId).Distinct().ToList();
        var places = await db.Buildings.AsNoTracking().Where(b => buildingIds.Contains(b.Id)).Select(b => new { b.Id, b.Lat, b.Lng }).ToDictionaryAsync(b => b.Id, ct);
        int? Meters(ServiceOrder o) => home is null || !places.TryGetValue(o.BuildingId, out var b) ? null : (int)Math.Round(ServiceOrderRules.Meters(home.Lat, home.Lng, b.Lat, b.Lng));
        var nearest = offered.Select(o => (Order: o, Meters: Meters(o))).OrderBy(x => x.Meters ?? int.MaxValue).ThenBy(x => x.Order.WindowStart).Take(take).ToList();
        var cards = await CardsAsync(db, nearest.Select(x => x.Order).ToList(), _ => true, ct);
        return cards.Zip(nearest, (card, x) => new NearbyOffer(card, x.Meters)).ToList();
    }

    private async Task<(Volunteer? Volunteer, List<ServiceOrder> Offered)> OfferedAsync(PanlongDbContext db, string? userId, CancellationToken ct)
    {
        if (await ServiceOrderService.ActiveVolunteerAsync(db, userId, ct) is not { } volunteer
            || await orders.PausedAsync(db, volunteer.Id, clock.GetUtcNow(), ct))
        {
            return (null, []);
        }
        var skills = VolunteerSkill.Ids(volunteer.Skills);
        var now = clock.GetUtcNow();
        var open = await db.ServiceOrders.AsNoTracking()
            .Where(o => o.CommunityCode == volunteer.CommunityCode && o.Status == ServiceOrderStatus.Open && skills.Contains(o.SkillId) && o.WindowEnd > now)
            .OrderBy(o => o.WindowStart).Take(ListSize).ToListAsync(ct);
        return (volunteer, open.Where(o => ServiceOrderRules.Available(volunteer.Availability, o.WindowStart, o.WindowEnd)).ToList());
    }

    /// <summary>The orders a volunteer won (newest first), in full.</summary>
    public async Task<IReadOnlyList<OrderCard>> MineAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.ServiceOrders.AsNoTracking().Where(o => o.AssigneeUserId == userId && o.AssigneeUserId != null)
            .OrderByDescending(o => o.Id).Take(ListSize).ToListAsync(ct);
        return await CardsAsync(db, list, _ => false, ct);
    }

    /// <summary>The orders a resident or staff member posted (newest first).</summary>
    public async Task<IReadOnlyList<OrderCard>> PostedAsync(string? userId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var list = await db.ServiceOrders.AsNoTracking().Where(o => o.PostedByUserId == userId).OrderByDescending(o => o.Id).Take(ListSize).ToListAsync(ct);
        return await CardsAsync(db, list, _ => false, ct);
    }

    /// <summary>The community staff's list, in their scope only.</summary>
    public async Task<IReadOnlyList<OrderCard>> StaffListAsync(WorkflowActor actor, StaffOrderFilter filter, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(ServiceOrderService.StaffRoles))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.ServiceOrders.AsNoTracking().InScope(actor.Scope);
        query = filter switch
        {
            StaffOrderFilter.Open => query.Where(o => o.Status == ServiceOrderStatus.Open),
            StaffOrderFilter.Escalated => query.Where(o => o.Status == ServiceOrderStatus.Open && o.EscalatedAt != null),
            StaffOrderFilter.Active => query.Where(o => o.Status == ServiceOrderStatus.Assigned || o.Status == ServiceOrderStatus.CheckedIn || o.Status == ServiceOrderStatus.Completed),
            _ => query.Where(o => o.Status == ServiceOrderStatus.Confirmed || o.Status == ServiceOrderStatus.Cancelled),
        };
        var list = await query.OrderByDescending(o => o.Id).Take(ListSize).ToListAsync(ct);
        return await CardsAsync(db, list, _ => false, ct);
    }

    /// <summary>Volunteers of the staff's scope with a no-show in the counting window, most first.</summary>
    public async Task<IReadOnlyList<NoShowRow>> NoShowsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(ServiceOrderService.StaffRoles))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var volunteers = await db.Volunteers.AsNoTracking().InScope(actor.Scope).Select(v => new { v.Id, v.Code, v.PersonId }).ToListAsync(ct);
        var rows = new List<NoShowRow>();
        foreach (var volunteer in volunteers)
        {
            var count = await orders.NoShowsAsync(db, volunteer.Id, now, ct);
            if (count > 0)
            {
                var name = await db.People.Where(p => p.Id == volunteer.PersonId).Select(p => p.Name).SingleOrDefaultAsync(ct);
                rows.Add(new NoShowRow(volunteer.Code, PersonalDataMask.Name(name), count, await orders.PausedAsync(db, volunteer.Id, now, ct)));
            }
        }
        return rows.OrderByDescending(r => r.NoShows).ToList();
    }

    /// <summary>People with a house in the staff's scope whose name starts with the text, for posting on their behalf.</summary>
    public async Task<IReadOnlyList<RequesterChoice>> PeopleAsync(WorkflowActor actor, string? text, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(ServiceOrderService.StaffRoles) || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var name = text.Trim();
        var found = await db.People.AsNoTracking().InScope(actor.Scope).Where(p => p.HouseId != null && p.Name.StartsWith(name))
            .OrderBy(p => p.Name).Take(10).Select(p => new { p.Id, p.Name, p.IdMasked, p.Groups }).ToListAsync(ct);
        return found.Select(p => new RequesterChoice(p.Id, p.Name, p.IdMasked, p.Groups.HasFlag(SpecialGroups.LivingAlone))).ToList();
    }

    /// <summary>The order's photo path for whoever may see the order in full (winner, poster, staff); null otherwise.</summary>
    public async Task<string?> PhotoAsync(long orderId, WorkflowActor actor, bool thumbnail, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.ServiceOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || !(order.AssigneeUserId == actor.UserId || order.PostedByUserId == actor.UserId || ServiceOrderService.IsStaffOf(order, actor)))
        {
            return null;
        }
        return thumbnail ? order.PhotoThumbnailPath : order.PhotoPath;
    }

    private async Task<IReadOnlyList<OrderCard>> CardsAsync(PanlongDbContext db, List<ServiceOrder> list, Func<ServiceOrder, bool> masked, CancellationToken ct)
    {
        if (list.Count == 0)
        {
            return [];
        }
        var personIds = list.Select(o => o.PersonId).Distinct().ToList();
        var houseIds = list.Select(o => o.HouseId).Distinct().ToList();
        var volunteerIds = list.Where(o => o.AssigneeVolunteerId != null).Select(o => o.AssigneeVolunteerId!.Value).Distinct().ToList();
        var people = await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Name, p.PhoneCipher, p.PhoneMasked, Grid = p.Grid!.Name }).ToDictionaryAsync(p => p.Id, ct);
        var houses = await db.Houses.AsNoTracking().Where(h => houseIds.Contains(h.Id))
            .Select(h => new { h.Id, h.Unit, h.Room, h.Building!.Address }).ToDictionaryAsync(h => h.Id, ct);
        var codes = await db.Volunteers.AsNoTracking().Where(v => volunteerIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => v.Code, ct);
        var skills = await db.VolunteerSkills.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        return list.Select(o =>
        {
            var person = people[o.PersonId];
            var house = houses[o.HouseId];
            var hide = masked(o);
            var phone = hide || person.PhoneCipher is null ? person.PhoneMasked ?? "" : protector.Decrypt(person.PhoneCipher);
            return new OrderCard(o.Id, o.Status, skills[o.SkillId], o.WindowStart, o.WindowEnd, o.Description, o.LivingAlone,
                hide ? PersonalDataMask.Name(person.Name) : person.Name, phone,
                hide ? person.Grid : $"{house.Address} {UnitName(house.Unit)} {house.Room}", hide, o.PostedAt, o.EscalatedAt,
                o.AssigneeVolunteerId is { } v ? codes.GetValueOrDefault(v) : null, o.CheckInDistance, o.Rating, o.RatingComment, o.NoShows,
                o.PhotoThumbnailPath is not null, o.PostedByStaff);
        }).ToList();
    }

    /// <summary>The registry keeps a unit as written — "3单元" in the registry's pages and demo data, or a bare "3": named once either way.</summary>
    private static string UnitName(string unit) => unit.EndsWith("单元", StringComparison.Ordinal) ? unit : unit + "单元";
}
