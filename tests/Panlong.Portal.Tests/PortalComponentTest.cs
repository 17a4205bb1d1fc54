using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests;

/// <summary>The shared bUnit setup: MudBlazor services, loose JS interop, real localization.</summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    // MudBlazor's services only dispose asynchronously; xUnit v2 awaits this before its synchronous Dispose.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// bUnit's waits give up after one second by default; a page that saves a photo or reads the database through the portal
    /// takes longer on a loaded two-core machine (a CI run failed a camera snapshot's attach that way). A passing wait returns as
    /// soon as it holds, as the browser tests' do (ADR 69).
    /// </summary>
    static PortalComponentTest() => DefaultWaitTimeout = TimeSpan.FromSeconds(30);

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(new IdleTimeout(TimeSpan.FromMinutes(30)));
        Services.AddSingleton(new RateLimits(Microsoft.Extensions.Options.Options.Create(new RateLimitSettings())));
        // Every list's export button reads its progress here (docs/decisions/0051-every-list-export-streams.md).
        Services.AddSingleton(new ExportProgress(TimeProvider.System));
    }

    protected void SignIn(params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("tester");
        auth.SetRoles(roles);
    }

    /// <summary>The running portal's own services (real database, real rules) for the page under test.</summary>
    protected void UsePortal(PortalFactory portal, params Type[] types)
    {
        foreach (var type in types)
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
    }

    /// <summary>A real account's principal (its roles, id, scope) as the page's signed-in user.</summary>
    protected void SignInAs(ClaimsPrincipal user)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(user.Identity!.Name!);
        auth.SetRoles(user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray());
        auth.SetClaims(user.Claims.Where(c => c.Type != ClaimTypes.Role).ToArray());
    }

    /// <summary>A user with an id and a data scope, as the services see one through <c>WorkflowActor.From</c>.</summary>
    protected void SignInAs(string userId, string scope, params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(userId);
        auth.SetRoles(roles);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId), new Claim(DataScope.ScopeClaim, scope));
    }
}
