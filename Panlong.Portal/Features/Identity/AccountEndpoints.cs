using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Panlong.Portal.Features.Identity.Passwords;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// The account's plain HTTP endpoints: sign-out, the idle keep-alive and the language switch — the browser's plumbing, not
/// APIs, so they stay out of the API description (docs/decisions/0094-openapi-and-scalar.md).
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form post with the antiforgery token: nobody can sign a user out from another site.
        app.MapPost("/account/logout", LogoutAsync).WithName("AccountLogout")
            .WithSummary("Signs the user out (reason=idle when the idle timer did it) and goes to the sign-in page").ExcludeFromDescription();
        // A live Blazor circuit makes no HTTP requests; while the user is active the browser calls this to slide the cookie.
        app.MapGet("/account/keepalive", KeepAlive).RequireAuthorization().WithName("AccountKeepAlive")
            .WithSummary("Slides the sign-in cookie while the user is active").ExcludeFromDescription();
        app.MapGet("/culture/set", SetCulture).WithName("SetCulture")
            .WithSummary("Remembers the chosen language in a cookie and goes back to a page of this site").ExcludeFromDescription();
        app.MapPasswordCheck();
        return app;
    }

    public static async Task<RedirectHttpResult> LogoutAsync(HttpContext http, SignInService signIn, [FromForm] string? reason)
    {
        var idle = reason == "idle";
        await signIn.SignOutAsync(http.User, idle ? "idle" : "user", http.Connection.RemoteIpAddress?.ToString());
        return TypedResults.LocalRedirect(idle ? "/account/login?idle=1" : "/account/login");
    }

    public static NoContent KeepAlive() => TypedResults.NoContent();

    public static RedirectHttpResult SetCulture(HttpContext http, string culture, string? redirectUri)
    {
        if (PortalSetup.Cultures.Any(c => c.Name == culture))
        {
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax });
        }
        return TypedResults.LocalRedirect(IsLocal(redirectUri) ? Ascii(redirectUri!) : "/");
    }

    /// <summary>The address as a Location header may carry it: characters beyond ASCII (a search in Chinese) percent-encoded as UTF-8.</summary>
    private static string Ascii(string path) =>
        string.Concat(path.EnumerateRunes().Select(r => r.Value < 0x80 ? r.ToString() : Uri.EscapeDataString(r.ToString())));

    /// <summary>
    /// Only same-site paths may be redirect targets (no <c>//evil</c> or <c>/\evil</c>): no open redirects. Control characters
    /// are refused too: browsers drop a tab or line break, so <c>/\t/evil</c> is <c>//evil</c> (and LocalRedirect would throw).
    /// </summary>
    public static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri.StartsWith('/') && !uri.StartsWith("//", StringComparison.Ordinal) && !uri.StartsWith("/\\", StringComparison.Ordinal)
        && !uri.Any(char.IsControl);
}
