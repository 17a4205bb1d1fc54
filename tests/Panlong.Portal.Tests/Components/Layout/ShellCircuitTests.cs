using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>
/// The app bar's plain buttons are markup, not MudIconButtons: each was two components (button and icon) that every circuit
/// kept on every page (docs/decisions/0049-what-the-shell-keeps.md). They still toggle what they toggled.
/// </summary>
public class ShellCircuitTests : PortalComponentTest
{
    [Fact]
    public void AppBarButtons_AreMarkup_AndStillToggle()
    {
        SignIn(Roles.Leader);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, "<p>body</p>"));

        // What is left are the menus' own activators (language, account).
        Assert.Equal(layout.FindComponents<MudMenu>().Count, layout.FindComponents<MudIconButton>().Count + layout.FindComponents<MudButton>().Count);
        var drawer = layout.Find("aside.mud-drawer").ClassName;
        layout.Find("header button[aria-label='展开或收起菜单']").Click();
        Assert.NotEqual(drawer, layout.Find("aside.mud-drawer").ClassName);

        Assert.Equal("false", layout.Find("[data-testid=large-text]").GetAttribute("aria-pressed"));
        layout.Find("[data-testid=large-text]").Click();
        Assert.Equal("true", layout.Find("[data-testid=large-text]").GetAttribute("aria-pressed"));
    }
}
