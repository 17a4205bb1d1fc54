using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.Passwords;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Identity.Sessions;

public static class SessionSetup
{
    /// <summary>Server-side sessions, password management and account status (issue 15; docs/decisions/0025-server-side-sessions.md).</summary>
    public static IServiceCollection AddSessionsAndPasswords(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMemoryCache();
        services.AddSingleton(SessionSettings.From(configuration));
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<Panlong.Workflows.Community.IRoleChangeSignal, SessionsEndOnRoleChange>();
        services.ConfigureApplicationCookie(o => SessionCookieEvents.Attach(o.Events));
        services.AddScoped<PasswordChange>();
        services.AddScoped<PasswordResetBySms>();
        services.AddScoped<AccountAdministration>();
        services.AddSingleton<DormantAccounts>();
        services.AddPeriodicJob<DormantAccountsJob>();
        return services;
    }
}
