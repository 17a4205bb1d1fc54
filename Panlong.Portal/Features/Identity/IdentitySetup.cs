using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Passwords;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Portal.Features.Identity.TwoFactor;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Identity;

public static class IdentitySetup
{
    public const int MaxFailedAttempts = 5;
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(5);

    /// <summary>MLPS level 3 policy: lockout after 5 failures for 5 minutes; passwords of 8+ characters in 3 classes.</summary>
    public static void ApplyPolicy(IdentityOptions options)
    {
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.Lockout.AllowedForNewUsers = true;
        options.Password.RequiredLength = 8;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.User.RequireUniqueEmail = false;
        options.SignIn.RequireConfirmedAccount = false;
    }

    public static IHostApplicationBuilder AddPanlongIdentity(this IHostApplicationBuilder builder)
    {
        var idle = builder.Configuration.GetValue("Security:IdleTimeout", TimeSpan.FromMinutes(30));
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            // The browser's idle timer signs out first; the cookie outlives it a little so that sign-out still posts as the user.
            o.ExpireTimeSpan = idle + TimeSpan.FromMinutes(1);
            o.SlidingExpiration = true;
            o.Cookie.Name = "panlong.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // APIs answer 401/403 instead of redirecting to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx, StatusCodes.Status401Unauthorized);
            // A list's export refused says why (docs/decisions/0051-every-list-export-streams.md).
            o.Events.OnRedirectToAccessDenied = ctx => ListExport.TryRefuse(ctx.HttpContext, out var refusal) ? refusal : RedirectOrStatus(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();
        services.AddIdentityCore<PanlongUser>(ApplyPolicy)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PanlongDbContext>()
            .AddSignInManager<PanlongSignInManager>()
            .AddClaimsPrincipalFactory<PanlongClaimsFactory>()
            .AddPasswordValidator<CharacterClassesPasswordValidator>()
            .AddPasswordValidator<PasswordLengthValidator>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<TwoFactor.SingleUseAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        ApplyHashIterations(builder);
        services.AddScoped<SignInService>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInSummary>();
        services.AddPeriodicJob<SignInSummaryJob>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<RoleGrants>();
        services.AddScoped<Registration>();
        services.AddSingleton<AccountVerifier>();
        services.AddSingleton<WindowActivation>();
        builder.AddSms();
        services.AddSingleton(new IdleTimeout(idle));
        services.AddSessionsAndPasswords(builder.Configuration);
        builder.AddTwoFactor();
        return builder;
    }

    /// <summary>
    /// PBKDF2's iteration count for stored passwords, honoured in Development only: the tests lower it, since a sign-in or a
    /// seeded demo account otherwise costs ~0.1 CPU-second (docs/decisions/0106-test-password-hashing.md). Any other
    /// environment ignores it and keeps the library's default, so a copied test setting cannot weaken real passwords.
    /// </summary>
    public const string HashIterationsKey = "Security:PasswordHashIterations";

    private static void ApplyHashIterations(IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() && builder.Configuration.GetValue<int?>(HashIterationsKey) is { } iterations)
        {
            builder.Services.Configure<PasswordHasherOptions>(o => o.IterationCount = iterations);
        }
    }

    private static Task RedirectOrStatus(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}

public sealed record IdleTimeout(TimeSpan Value);
