using System.Security.Claims;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Identity.TwoFactor;

/// <summary>
/// MLPS level 3 (等保三级) wants two factors for the administrators; the district adds its leaders, who see every
/// street's figures. Until such a session has been signed in with a code it reaches only the account pages (enrolment,
/// sign-out, password) and static files: every other page goes to enrolment, every API and the Blazor hub answer 403,
/// so no circuit can navigate around the check (docs/decisions/0026-two-factor-sign-in.md).
/// </summary>
public sealed class TwoFactorMandate(bool required)
{
    public const string EnrolmentPath = "/account/two-factor";

    public static readonly IReadOnlyList<string> MandatoryRoles = [.. Roles.Administrators, Roles.Leader];

    public bool Required => required;

    /// <summary>Whether this user must hold a code-signed session before anything else.</summary>
    public bool Applies(ClaimsPrincipal user) => required && MandatoryRoles.Any(user.IsInRole);

    public bool Blocks(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true && Applies(user) && !user.SignedInWithCode();

    private static bool StaysOpen(HttpContext context)
    {
        var path = context.Request.Path;
        return path.StartsWithSegments("/account", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/culture", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)
            || context.GetEndpoint() is not { } endpoint
            || endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Blocks(context.User) || StaysOpen(context))
        {
            await next(context);
            return;
        }
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && !request.Path.StartsWithSegments("/_blazor", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect($"{EnrolmentPath}?returnUrl={Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString)}");
            return;
        }
        var title = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["TwoFactor.Required"].Value;
        await ApiProblems.Of(StatusCodes.Status403Forbidden, ApiProblems.Codes.TwoFactorRequired, title).ExecuteAsync(context);
    }
}

public static class TwoFactorMandateExtensions
{
    /// <summary>After authentication (it reads the signed-in user) and routing (it reads the endpoint).</summary>
    public static IApplicationBuilder UseTwoFactorMandate(this IApplicationBuilder app)
    {
        var mandate = app.ApplicationServices.GetRequiredService<TwoFactorMandate>();
        return app.Use(mandate.InvokeAsync);
    }
}
