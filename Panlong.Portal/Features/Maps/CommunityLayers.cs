using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Community.Activities;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Maps;

/// <summary>A service order on the map: what and when, at its building — never who asked (issue 18 part 8).</summary>
public sealed record OrderPoint(double Lat, double Lng, long Id, string State, string StateName, string Skill, DateTimeOffset WindowStart, DateTimeOffset WindowEnd);

/// <summary>An upcoming activity on the map, at its venue's building or, without one, its community's centre (<see cref="AtVenue"/> false).</summary>
public sealed record ActivityPoint(double Lat, double Lng, long Id, string Title, string Kind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool AtVenue);

/// <summary>A layer's points and the page a popup links to, or null when the caller may not open it.</summary>
public sealed record MapLayer<T>(IReadOnlyList<T> Points, string? Link);

/// <summary>
/// The district map's service-order and activity layers (issue 18 part 8, docs/decisions/0062-leader-community-figures.md),
/// scoped to the caller on the server like the other layers (ADR 33).
/// </summary>
public static class CommunityLayers
{
    /// <summary>Who works the community's order list (<c>/community/orders</c>): the popup links there only for them.</summary>
    public const string OrderListRoles = "Approver,GridWorker,Leader";

    /// <summary>The order states drawn: open, or taken and not yet done.</summary>
    public static readonly ServiceOrderStatus[] Drawn = [ServiceOrderStatus.Open, ServiceOrderStatus.Assigned, ServiceOrderStatus.CheckedIn];

    public static IEndpointRouteBuilder MapCommunityLayers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/map").RequireAuthorization(p => p.RequireRole(Roles.MapViewers.Split(','))).WithTags("Map");
        group.MapGet("/orders", OrdersAsync).WithName("MapOrders").WithSummary("Open and assigned service orders of the caller's scope at their building, without the requester");
        group.MapGet("/activities", ActivitiesAsync).WithName("MapActivities").WithSummary("Upcoming activities of the caller's scope at their venue or community centre");
        return app;
    }

    public static async Task<Ok<MapLayer<OrderPoint>>> OrdersAsync(HttpContext http, IDbContextFactory<PanlongDbContext> dbFactory, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from o in db.ServiceOrders.AsNoTracking().InScope(actor.Scope)
                          join b in db.Buildings on o.BuildingId equals b.Id
                          where Drawn.Contains(o.Status)
                          orderby o.WindowStart
                          select new { b.Lat, b.Lng, o.Id, o.Status, o.SkillId, o.WindowStart, o.WindowEnd }).Take(2000).ToListAsync(ct);
        var skills = await db.VolunteerSkills.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.DisplayName.Text, ct);
        var points = rows.Select(o => new OrderPoint(o.Lat, o.Lng, o.Id, o.Status.ToString(), l["Orders.Status." + o.Status], skills.GetValueOrDefault(o.SkillId, ""),
            o.WindowStart, o.WindowEnd)).ToList();
        return TypedResults.Ok(new MapLayer<OrderPoint>(points, actor.HoldsAny(OrderListRoles) ? "/community/orders" : null));
    }

    public static async Task<Ok<MapLayer<ActivityPoint>>> ActivitiesAsync(HttpContext http, IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock,
        IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Activities.AsNoTracking().InScope(actor.Scope)
            .Where(a => a.Status == ActivityStatus.Published && a.EndsAt > now).OrderBy(a => a.StartsAt).Take(500)
            .Select(a => new
            {
                a.Id, a.Title, a.Kind, a.StartsAt, a.EndsAt,
                Venue = db.Buildings.Where(b => b.Id == a.BuildingId).Select(b => new { b.Lat, b.Lng }).FirstOrDefault(),
                Centre = db.OrgUnits.Where(u => u.Code == a.CommunityCode).Select(u => new { u.CenterLat, u.CenterLng }).FirstOrDefault(),
            }).ToListAsync(ct);
        var points = rows
            .Select(a => a.Venue is { } v ? (Lat: (double?)v.Lat, Lng: (double?)v.Lng, a, AtVenue: true) : (Lat: a.Centre?.CenterLat, Lng: a.Centre?.CenterLng, a, AtVenue: false))
            .Where(p => p.Lat is not null && p.Lng is not null)
            .Select(p => new ActivityPoint(p.Lat!.Value, p.Lng!.Value, p.a.Id, p.a.Title, l["Activities.Kind." + p.a.Kind], p.a.StartsAt, p.a.EndsAt, p.AtVenue)).ToList();
        return TypedResults.Ok(new MapLayer<ActivityPoint>(points, actor.HoldsAny(ActivityPages.Readers) ? "/activities/" : null));
    }
}
