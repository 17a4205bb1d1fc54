using Microsoft.AspNetCore.Authorization;

namespace Panlong.Portal.Features.Identity.Passwords;

/// <summary>
/// After an administrator's reset the user must change the temporary password before anything else (issue 15): every
/// request for something that needs sign-in, but the change page and sign-out, goes to the change page (APIs and the
/// Blazor hub answer 403). The mark is a claim of the cookie, set at sign-in from <c>PanlongUser.MustChangePassword</c>.
/// </summary>
public static class PasswordChangeGate
{
    public const string ChangePath = "/account/password";

    public static IApplicationBuilder UsePasswordChangeGate(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.HasClaim(c => c.Type == Sessions.SessionCookieEvents.MustChangePasswordClaim) && IsGated(http))
        {
            if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                || http.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            http.Response.Redirect(ChangePath);
            return;
        }
        await next(http);
    });

    private static bool IsGated(HttpContext http)
    {
        if (http.Request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<PersonalWhenSignedInAttribute>() is not null)
        {
            return true;
        }
        return endpoint?.Metadata.GetMetadata<IAuthorizeData>() is not null
            && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
            && endpoint.Metadata.GetMetadata<PasswordChangePageAttribute>() is null;
    }
}

/// <summary>Marks the change page as the one signed-in page the gate lets through.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PasswordChangePageAttribute : Attribute;

/// <summary>
/// A public page that shows a signed-in person their own work (the home page, docs/decisions/0032-home-and-menu-by-role.md):
/// gated like a signed-in page, so a temporary password opens nothing personal.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class PersonalWhenSignedInAttribute : Attribute;
