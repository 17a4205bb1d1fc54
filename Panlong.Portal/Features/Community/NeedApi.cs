using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Community;

namespace Panlong.Portal.Features.Community;

/// <summary>The needs layer of the community's needs page (docs/decisions/0057-community-needs.md), scoped like the report map's layers (ADR 33).</summary>
public static class NeedApi
{
    public const string MapPath = "/api/community/needs/map";

    public static IEndpointRouteBuilder MapNeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet(MapPath, MapAsync).RequireAuthorization(p => p.RequireRole(NeedContract.StaffRoles.Split(','))).WithTags("Community").WithName("NeedMap")
            .WithSummary("Open needs of the caller's scope counted per grid or building with the registry's positions; no resident's identity")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<Results<Ok<NeedMap>, ProblemHttpResult>> MapAsync(HttpContext http, NeedQueries queries, IStringLocalizer<SharedResource> l, string? by, CancellationToken ct) =>
        Enum.TryParse<NeedAreaLevel>(by ?? nameof(NeedAreaLevel.Grid), ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? TypedResults.Ok(await queries.MapAsync(DataScope.For(http.User), level, ct))
            : ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Map.Api.UnknownKind"]);
}
