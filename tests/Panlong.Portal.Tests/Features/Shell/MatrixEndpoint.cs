using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>One endpoint as the matrix keys it ("METHODS pattern"; "*" for any method), and the methods it is asked with.</summary>
public sealed record MatrixEndpoint(string Key, string Pattern, IReadOnlyList<string> Methods, Endpoint Endpoint)
{
    /// <summary>The portal's endpoints as the matrix keys them; static files of the build manifest (public by design) are none.</summary>
    public static IEnumerable<MatrixEndpoint> All(IServiceProvider portal)
    {
        foreach (var endpoint in portal.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null)
            {
                continue;
            }
            var declared = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods;
            var key = $"{(declared is null ? "*" : string.Join(',', declared))} {endpoint.RoutePattern.RawText}";
            // "*" is asked with GET; HEAD answers as GET does. A page's GET and form POST are one endpoint with one set of gates,
            // and the POST is stopped by its antiforgery check before the page runs, so the GET judges both.
            var page = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var methods = declared is null || page ? [HttpMethods.Get] : declared.Where(m => m != HttpMethods.Head).ToList();
            yield return new MatrixEndpoint(key, endpoint.RoutePattern.RawText!, methods, endpoint);
        }
    }

    /// <summary>The row the endpoint's own metadata suggests, for the failure message; the matrix's author decides.</summary>
    public static string Suggestion(Endpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return "Public";
        }
        var roles = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Roles).Where(r => r is not null)
            .Concat(endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(p => p.Requirements)
                .OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Select(r => string.Join(',', r.AllowedRoles)))
            .ToList();
        if (roles.Count > 0)
        {
            return $"Only({string.Join(", ", roles.SelectMany(r => r!.Split(',')).Distinct().Select(r => "R." + r.Trim()))})";
        }
        return endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null ? "SignedIn" : "Public /* no authorization metadata: public? */";
    }
}
