using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.KeySites;

namespace Panlong.Portal.Features.KeySites;

/// <summary>Key sites' map layer and registration (docs/decisions/0088-key-sites.md); the pages work through the circuit.</summary>
public static class KeySiteApi
{
    public static IServiceCollection AddKeySitePages(this IServiceCollection services)
    {
        services.AddSingleton<KeySiteQueries>();
        services.AddPeriodicJob<KeySiteSweepJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapKeySiteApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/map/sites", SitesAsync).WithName("MapKeySites").WithTags("Map")
            .WithSummary("The key sites of the caller's scope with their kind and position, without their guards")
            .RequireAuthorization(p => p.RequireRole(KeySiteSettings.Viewers.Split(',')));
        return app;
    }

    public static async Task<Ok<IReadOnlyList<SitePoint>>> SitesAsync(HttpContext http, KeySiteQueries queries, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
        TypedResults.Ok(await queries.PointsAsync(DataScope.For(http.User), k => l["KeySites.Kind." + k], ct));
}
