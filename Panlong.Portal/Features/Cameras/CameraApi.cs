using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cameras;

namespace Panlong.Portal.Features.Cameras;

/// <summary>The cameras layer of the district map (docs/decisions/0072-cameras.md); the live view and the wall work through the circuit.</summary>
public static class CameraApi
{
    public static IServiceCollection AddCameraPages(this IServiceCollection services) => services.AddSingleton<CameraQueries>();

    public static IEndpointRouteBuilder MapCameraApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/map/cameras", PointsAsync).WithName("MapCameras").WithTags("Map")
            .WithSummary("Active cameras of the caller's scope: position, name and kind, without the stream address")
            .RequireAuthorization(p => p.RequireRole(CameraSettings.Watchers.Split(',')));
        return app;
    }

    public static async Task<Ok<IReadOnlyList<CameraPoint>>> PointsAsync(HttpContext http, CameraQueries queries, IStringLocalizer<SharedResource> L, CancellationToken ct) =>
        TypedResults.Ok(await queries.PointsAsync(DataScope.For(http.User), k => L["Cameras.Kind." + k].Value, ct));
}
