using Panlong.Data.Identity;
using Panlong.Data.Organization;

namespace Panlong.Portal.Features.Maps;

/// <summary>The map's data for the browser module, scoped to the signed-in user.</summary>
public static class MapApi
{
    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/map").RequireAuthorization(p => p.RequireRole(Roles.OrganizationViewers.Split(','))).WithTags("Map");
        group.MapGet("/regions/{kind}", async (HttpContext http, MapQueries queries, string kind, CancellationToken ct) =>
            Enum.TryParse<OrgUnitKind>(kind, ignoreCase: true, out var parsed) && parsed is OrgUnitKind.Street or OrgUnitKind.Community or OrgUnitKind.Grid
                ? Results.Text(await queries.RegionsAsync(DataScope.For(http.User), parsed, ct), "application/geo+json")
                : Results.Problem(statusCode: 400, title: "kind must be street, community or grid"));
        group.MapGet("/buildings", async (HttpContext http, MapQueries queries, CancellationToken ct) =>
            Results.Text(await queries.BuildingsAsync(DataScope.For(http.User), ct), "application/json"));
        // The outline for the case form's position picker: every signed-in reporter (volunteers too) needs it; it carries no figures.
        app.MapGet("/api/map/outline", async (MapQueries queries, CancellationToken ct) => Results.Text(await queries.OutlineAsync(ct), "application/geo+json"))
            .RequireAuthorization().WithTags("Map");
        return app;
    }
}
