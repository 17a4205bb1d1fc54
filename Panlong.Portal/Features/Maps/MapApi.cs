using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Maps;

/// <summary>
/// The map's data for the browser module, scoped to the signed-in user. The bodies are GeoJSON text that
/// <see cref="MapQueries"/> builds, so the handlers pass text through rather than objects.
/// </summary>
public static class MapApi
{
    private const string GeoJson = "application/geo+json";

    /// <summary>The region kinds the map draws.</summary>
    public static readonly IReadOnlySet<OrgUnitKind> RegionKinds = new HashSet<OrgUnitKind> { OrgUnitKind.Street, OrgUnitKind.Community, OrgUnitKind.Grid };

    public static IEndpointRouteBuilder MapMapApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/map").RequireAuthorization(p => p.RequireRole(Roles.MapViewers.Split(','))).WithTags("Map");
        group.MapGet("/regions/{kind}", RegionsAsync).WithName("MapRegions")
            .WithSummary("Streets, communities or grids of the caller's scope as a GeoJSON feature collection").Produces<string>(contentType: GeoJson)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/buildings", BuildingsAsync).WithName("MapBuildings")
            .WithSummary("The buildings of the caller's scope with their position and grid").Produces<string>(contentType: "application/json");
        // The outline for the case form's position picker: every signed-in reporter (volunteers too) needs it; it carries no figures.
        app.MapGet("/api/map/outline", OutlineAsync).RequireAuthorization().WithTags("Map").WithName("MapOutline")
            .WithSummary("The district's outline for position pickers").Produces<string>(contentType: GeoJson);
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> RegionsAsync(HttpContext http, MapQueries queries, IStringLocalizer<SharedResource> l,
        string kind, CancellationToken ct) =>
        Enum.TryParse<OrgUnitKind>(kind, ignoreCase: true, out var parsed) && RegionKinds.Contains(parsed)
            ? TypedResults.Text(await queries.RegionsAsync(DataScope.For(http.User), parsed, ct), GeoJson)
            : ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Map.Api.UnknownKind"]);

    public static async Task<ContentHttpResult> BuildingsAsync(HttpContext http, MapQueries queries, CancellationToken ct) =>
        TypedResults.Text(await queries.BuildingsAsync(DataScope.For(http.User), ct), "application/json");

    public static async Task<ContentHttpResult> OutlineAsync(MapQueries queries, CancellationToken ct) =>
        TypedResults.Text(await queries.OutlineAsync(ct), GeoJson);
}
