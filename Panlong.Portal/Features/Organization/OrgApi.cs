using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Organization;

/// <summary>The org tree for the mobile client and partner systems, limited to the caller's data scope.</summary>
public static class OrgApi
{
    public static IEndpointRouteBuilder MapOrgApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/org").RequireAuthorization(p => p.RequireRole(Roles.OrganizationViewers.Split(','))).WithTags("Organization");
        group.MapGet("/units", async (HttpContext http, OrgQueries queries, int? parentId, CancellationToken ct) =>
            TypedResults.Ok(await queries.ChildrenAsync(DataScope.For(http.User), parentId, ct)));
        group.MapGet("/units/{id:int}", async Task<Microsoft.AspNetCore.Http.HttpResults.Results<Microsoft.AspNetCore.Http.HttpResults.Ok<UnitDetail>, Microsoft.AspNetCore.Http.HttpResults.NotFound>> (HttpContext http, OrgQueries queries, int id, CancellationToken ct) =>
            await queries.DetailAsync(DataScope.For(http.User), id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound());
        return app;
    }
}
