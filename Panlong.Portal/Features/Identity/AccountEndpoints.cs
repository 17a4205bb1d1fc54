using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Panlong.Portal.Features.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token: nobody can sign a user out from another site.
        app.MapPost("/account/logout", async (HttpContext http, SignInService signIn, [FromForm] string? reason) =>
        {
            var idle = reason == "idle";
            await signIn.SignOutAsync(http.User, idle ? "idle" : "user", http.Connection.RemoteIpAddress?.ToString());
            return TypedResults.LocalRedirect(idle ? "/account/login?idle=1" : "/account/login");
        });

        // A live Blazor circuit makes no HTTP requests; while the user is active the browser calls this to slide the cookie.
        app.MapGet("/account/keepalive", () => TypedResults.NoContent()).RequireAuthorization();

        app.MapGet("/culture/set", (HttpContext http, string culture, string? redirectUri) =>
        {
            if (PortalSetup.Cultures.Any(c => c.Name == culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
            }
            return TypedResults.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        });
        return app;
    }

    /// <summary>Only same-site paths may be redirect targets (no <c>//evil</c> or <c>/\evil</c>): no open redirects.</summary>
    public static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal);
}
