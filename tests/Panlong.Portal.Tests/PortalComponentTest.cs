using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Panlong.Portal.Features.Identity;

namespace Panlong.Portal.Tests;

/// <summary>The shared bUnit setup: MudBlazor services, loose JS interop, real localization.</summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    // MudBlazor's services only dispose asynchronously; xUnit v2 awaits this before its synchronous Dispose.
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton(new IdleTimeout(TimeSpan.FromMinutes(30)));
    }

    protected void SignIn(params string[] roles)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("tester");
        auth.SetRoles(roles);
    }
}
