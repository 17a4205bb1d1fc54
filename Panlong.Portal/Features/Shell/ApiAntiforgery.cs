using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Shell;

/// <summary>The antiforgery token a cookie-signed-in client sends back in <see cref="ApiAntiforgery.HeaderName"/>.</summary>
public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);

/// <summary>
/// CSRF on the APIs (issue 15, hole 4; docs/decisions/0024-browser-and-proxy-hardening.md). SameSite=Lax lets a sibling
/// host or port of the same site post with the user's cookie, so a state-changing request under <c>/api</c> that is signed
/// in by the cookie must carry an antiforgery token in the <c>X-CSRF-TOKEN</c> header: one the user's own client got from
/// <c>GET /api/antiforgery</c>, bound to the user and to the antiforgery cookie, which another site can neither read nor send.
/// </summary>
public static class ApiAntiforgery
{
    public const string HeaderName = "X-CSRF-TOKEN";

    public static IServiceCollection AddApiAntiforgery(this IServiceCollection services) =>
        services.AddAntiforgery(o => o.HeaderName = HeaderName);

    public static IEndpointRouteBuilder MapApiAntiforgery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/antiforgery", Token).RequireAuthorization().WithTags("Shell").WithName("GetAntiforgeryToken")
            .WithSummary("The token to send in X-CSRF-TOKEN with every POST/PUT/PATCH/DELETE under /api while signed in by cookie");
        return app;
    }

    public static Ok<AntiforgeryTokenResponse> Token(HttpContext http, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryTokenResponse(HeaderName, antiforgery.GetAndStoreTokens(http).RequestToken!));

    /// <summary>After authorization, so that a request nobody may make still answers 401/403 first.</summary>
    public static IApplicationBuilder UseApiAntiforgery(this IApplicationBuilder app) => app.UseWhen(NeedsProof, branch => branch.Use(async (context, next) =>
    {
        // Only the header is read: a missing one is refused before the body (up to 110 MB of photos) is touched.
        if (!context.Request.Headers.ContainsKey(HeaderName) || !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            var L = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
            await ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Antiforgery, L["Error.AntiforgeryMissing"]).ExecuteAsync(context);
            return;
        }
        await next(context);
    }));

    private static bool NeedsProof(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method)
        && !HttpMethods.IsTrace(http.Request.Method)
        && SignedInByCookie(http.User);

    /// <summary>
    /// The hook for token clients: only the browser's cookie travels without the client's say, so only it needs the proof.
    /// A client signed in by a bearer token (a later issue adds OpenIddict) has an identity of its own scheme and is exempt.
    /// </summary>
    private static bool SignedInByCookie(ClaimsPrincipal user) =>
        user.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == IdentityConstants.ApplicationScheme);
}
