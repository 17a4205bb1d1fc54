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
            .WithSummary("Streets (or communities, grids) with their names and codes, for position pickers").Produces<string>(contentType: GeoJson)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        // The report form's address search and position check (issue 16): for reporters, inside their scope as the registry is.
        var reporters = app.MapGroup("/api/map").RequireAuthorization(p => p.RequireRole(PlaceSearchers)).WithTags("Map");
        reporters.MapGet("/places", PlacesAsync).WithName("MapPlaces")
            .WithSummary("Registry buildings and houses whose address contains every word of q, with the building's position");
        reporters.MapGet("/position-check", CheckAsync).WithName("MapPositionCheck")
            .WithSummary("Whether a position is inside the district, its grid, its distance from the caller's own area and whether it lies in the building's grid")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapCommunityLayers();
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> RegionsAsync(HttpContext http, MapQueries queries, IStringLocalizer<SharedResource> l,
        string kind, CancellationToken ct) =>
        Enum.TryParse<OrgUnitKind>(kind, ignoreCase: true, out var parsed) && RegionKinds.Contains(parsed)
            ? TypedResults.Text(await queries.RegionsAsync(DataScope.For(http.User), parsed, ct), GeoJson)
            : ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Map.Api.UnknownKind"]);

    public static async Task<ContentHttpResult> BuildingsAsync(HttpContext http, MapQueries queries, CancellationToken ct) =>
        TypedResults.Text(await queries.BuildingsAsync(DataScope.For(http.User), ct), "application/json");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> OutlineAsync(MapQueries queries, IStringLocalizer<SharedResource> l,
        string? kind, CancellationToken ct) =>
        Enum.TryParse<OrgUnitKind>(kind ?? nameof(OrgUnitKind.Street), ignoreCase: true, out var parsed) && RegionKinds.Contains(parsed)
            ? TypedResults.Text(await queries.OutlineAsync(parsed, ct), GeoJson)
            : ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Map.Api.UnknownKind"]);

    /// <summary>Who may search addresses and check positions: whoever reports cases or reads the registry.</summary>
    public static readonly string[] PlaceSearchers = [.. Roles.CaseReporters.Split(',').Union(Roles.RegistryViewers.Split(','))];

    public static async Task<Ok<IReadOnlyList<PlaceHit>>> PlacesAsync(HttpContext http, ReportPlaces places, string? q, CancellationToken ct) =>
        TypedResults.Ok(await places.SearchAsync(http.User, q, ct));

    public static async Task<Results<Ok<PositionCheck>, ProblemHttpResult>> CheckAsync(HttpContext http, ReportPlaces places, IStringLocalizer<SharedResource> l,
        double lat, double lng, long? buildingId, CancellationToken ct) =>
        double.IsFinite(lat) && double.IsFinite(lng) && lat is >= -90 and <= 90 && lng is >= -180 and <= 180
            ? TypedResults.Ok(await places.CheckAsync(http.User, lat, lng, buildingId, ct))
            : ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Cases.Position.Invalid"]);
}
