using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Organization;

/// <summary>The org tree for the mobile client and partner systems, limited to the caller's data scope.</summary>
public static class OrgApi
{
    public static IEndpointRouteBuilder MapOrgApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org").RequireAuthorization(p => p.RequireRole(Roles.OrganizationViewers.Split(','))).WithTags("Organization");
        group.MapGet("/units", UnitsAsync).WithName("OrgUnits")
            .WithSummary("The units under a parent (the caller's top units without one), grids excluded");
        group.MapGet("/units/{id:int}", UnitAsync).WithName("OrgUnit")
            .WithSummary("One unit with its counts and its grids' staff; not found outside the caller's scope")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Ok<IReadOnlyList<OrgNode>>> UnitsAsync(HttpContext http, OrgQueries queries, int? parentId, CancellationToken ct) =>
        TypedResults.Ok(await queries.ChildrenAsync(DataScope.For(http.User), parentId, ct));

    /// <remarks>A unit outside the scope answers as one that does not exist: the caller learns nothing about it.</remarks>
    public static async Task<Results<Ok<UnitDetail>, ProblemHttpResult>> UnitAsync(HttpContext http, OrgQueries queries, IStringLocalizer<SharedResource> l,
        int id, CancellationToken ct) =>
        await queries.DetailAsync(DataScope.For(http.User), id, ct) is { } detail ? TypedResults.Ok(detail) : ApiProblems.NotFound(l["Org.Api.NotFound"]);
}
