using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Identity.TwoFactor;

/// <summary>
/// Two-factor sign-in with an authenticator app and recovery codes, on ASP.NET Identity's own support
/// (docs/decisions/0026-two-factor-sign-in.md).
/// </summary>
public static class TwoFactorSetup
{
    public const string RequireForAdminsKey = "Security:RequireTwoFactorForAdmins";

    /// <summary>The "amr" (authentication methods) claim Identity writes at sign-in: "pwd" after a password, "mfa" after a code.</summary>
    public const string MethodClaim = "amr";
    public const string MultiFactor = "mfa";

    public static IHostApplicationBuilder AddTwoFactor(this IHostApplicationBuilder builder)
    {
        var required = builder.Configuration.GetValue(RequireForAdminsKey, true);
        // The relaxation exists for the demo district, whose accounts share a published password anyway (README).
        if (!required && builder.Environment.IsProduction())
        {
            throw new StartupConfigurationException(
                $"生产环境不能设置 {RequireForAdminsKey}=false：三员和领导必须使用双因素认证。请删除该配置项。 " +
                $"({RequireForAdminsKey}=false is refused in Production: the three administrators and leaders must use two-factor sign-in. Remove the setting.)");
        }
        var services = builder.Services;
        services.AddSingleton(new TwoFactorMandate(required));
        services.AddScoped<TwoFactorAccount>();
        services.Configure<SecurityStampValidatorOptions>(o => o.OnRefreshingPrincipal = KeepSignInMethod);
        return builder;
    }

    /// <summary>
    /// The cookie's periodic security-stamp check rebuilds the principal from the database, which would drop "amr" and
    /// send a leader who did enter a code back to enrolment; the method the session was signed in with is carried over.
    /// </summary>
    public static Task KeepSignInMethod(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.NewPrincipal?.Identities.FirstOrDefault() is { } identity
            && !identity.HasClaim(c => c.Type == MethodClaim)
            && context.CurrentPrincipal?.FindFirst(MethodClaim) is { } method)
        {
            identity.AddClaim(new Claim(MethodClaim, method.Value));
        }
        return Task.CompletedTask;
    }

    public static bool SignedInWithCode(this ClaimsPrincipal user) => user.HasClaim(MethodClaim, MultiFactor);
}
