using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>
/// The drawer draws its entries as markup and marks the current one itself, instead of three components per entry that every
/// circuit kept (docs/decisions/0040-what-a-circuit-holds.md); it follows navigation and lets go of it when disposed.
/// </summary>
public class NavMenuCircuitTests : PortalComponentTest
{
    [Theory]
    [InlineData("/", "", true)]
    [InlineData("/", "cases", false)]
    [InlineData("/", "?culture=en", true)]
    [InlineData("/cases", "cases", true)]
    [InlineData("/cases", "cases/AJ2026", true)]
    [InlineData("/cases", "cases?q=路灯", true)]
    [InlineData("/cases", "cases/", true)]
    [InlineData("/cases", "casesx", false)]
    [InlineData("/cases/board", "cases", false)]
    [InlineData("/cases", "cases/board", true)] // as NavLink's prefix match: the desk's entry stays marked on the board
    public void IsCurrent_MatchesAsNavLinkDoes(string href, string relativeUri, bool current) =>
        Assert.Equal(current, NavMenu.IsCurrent(href, relativeUri));

    [Fact]
    public void Menu_HoldsNoComponentPerEntry()
    {
        SignIn(Roles.Leader);

        var menu = Render<NavMenu>();

        Assert.True(menu.FindAll("a").Count > 10);
        Assert.Empty(menu.FindComponents<MudNavLink>());
        Assert.Empty(menu.FindComponents<MudIcon>());
        Assert.Empty(menu.FindComponents<Microsoft.AspNetCore.Components.Routing.NavLink>());
    }

    [Fact]
    public void CurrentEntry_FollowsNavigation()
    {
        SignIn(Roles.Leader);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/cases");
        var menu = Render<NavMenu>();
        Assert.Equal(["/cases"], menu.FindAll("a.active").Select(a => a.GetAttribute("href")));

        navigation.NavigateTo("/map");

        menu.WaitForAssertion(() => Assert.Equal(["/map"], menu.FindAll("a.active").Select(a => a.GetAttribute("href"))));
        Assert.Equal("page", menu.Find("a.active").GetAttribute("aria-current"));
    }

    [Fact]
    public async Task Dispose_StopsListeningToNavigation()
    {
        SignIn(Roles.Leader);
        var navigation = Services.GetRequiredService<NavigationManager>();
        var before = Listeners(navigation);
        Render<NavMenu>();
        Assert.Equal(before + 1, Listeners(navigation));

        await DisposeComponentsAsync();

        Assert.Equal(before, Listeners(navigation));
    }

    // NavigationManager keeps its LocationChanged handlers in a private delegate field.
    private static int Listeners(NavigationManager navigation) =>
        (typeof(NavigationManager).GetField("_locationChanged", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(navigation) as Delegate)?
            .GetInvocationList().Length ?? 0;
}
