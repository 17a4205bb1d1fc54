using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>
/// The app bar's plain buttons are markup, not MudIconButtons: each was two components (button and icon) that every circuit
/// kept on every page (docs/decisions/0049-what-the-shell-keeps.md). They still toggle what they toggled. The menus are
/// markup until opened and the theme is a shared stylesheet (docs/decisions/0060-what-a-circuit-keeps-now.md); the app bar and the
/// content's frame are markup (docs/decisions/0099-circuits-under-500-kb.md).
/// </summary>
public class ShellCircuitTests : PortalComponentTest
{
    [Fact]
    public void AppBarButtons_AreMarkup_AndStillToggle()
    {
        var layout = RenderShell();

        Assert.Empty(layout.FindComponents<MudIconButton>());
        Assert.Empty(layout.FindComponents<MudButton>());
        var drawer = layout.Find("aside.mud-drawer").ClassName;
        layout.Find("header button[aria-label='展开或收起菜单']").Click();
        Assert.NotEqual(drawer, layout.Find("aside.mud-drawer").ClassName);

        Assert.Equal("false", layout.Find("[data-testid=large-text]").GetAttribute("aria-pressed"));
        layout.Find("[data-testid=large-text]").Click();
        Assert.Equal("true", layout.Find("[data-testid=large-text]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public void AppBarAndContent_AreMarkup_AndKeepTheCircuitMark()
    {
        var layout = RenderShell();

        // Stateless components every circuit kept on every page (docs/decisions/0099-circuits-under-500-kb.md).
        Assert.Empty(layout.FindComponents<MudAppBar>());
        Assert.Empty(layout.FindComponents<MudToolBar>());
        Assert.Empty(layout.FindComponents<MudText>());
        Assert.Empty(layout.FindComponents<MudSpacer>());
        Assert.Empty(layout.FindComponents<MudMainContent>());
        Assert.Empty(layout.FindComponents<MudContainer>());
        Assert.Single(layout.FindComponents<MudDrawer>());
        Assert.Equal("数字盘龙", layout.Find("header.mud-appbar h6.app-title").TextContent);
        layout.Find("div.mud-main-content[data-circuit] > div.mud-container.mud-container-maxwidth-xl");
    }

    [Fact]
    public void AppBarMenus_ClosedAreMarkup_AndOpenAsMudMenusOnFirstClick()
    {
        var layout = RenderShell();
        // A closed menu was some seven components in every circuit (docs/decisions/0060-what-a-circuit-keeps-now.md).
        Assert.Empty(layout.FindComponents<MudMenu>());
        Assert.Equal("语言", layout.Find("[data-testid=language-menu] button").GetAttribute("aria-label"));

        layout.Find("[data-testid=user-chip] button").Click();

        layout.WaitForAssertion(() => Assert.Single(layout.FindComponents<MudMenu>()));
        layout.WaitForElement("a[href='/account/sessions']");
        Assert.Contains("tester", layout.Find("[data-testid=user-chip] button").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Shell_LinksTheThemeStylesheet_AndKeepsNoThemeProvider()
    {
        var layout = RenderShell();

        Assert.Empty(layout.FindComponents<MudThemeProvider>());
        Assert.Equal(ThemeStylesheet.Href, layout.Find("link[rel=stylesheet]").GetAttribute("href"));
    }

    private IRenderedComponent<MainLayout> RenderShell()
    {
        SignIn(Roles.Leader);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<MainLayout>(p => p.Add(l => l.Body, "<p>body</p>"));
    }
}
