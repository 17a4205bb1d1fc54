using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>
/// The theme is one stylesheet per process, not a provider component per circuit (docs/decisions/0060-what-a-circuit-keeps-now.md):
/// it holds MudBlazor's own light palette under :root and the dark one under the shell's class.
/// </summary>
public class ThemeStylesheetTests
{
    [Fact]
    public void Css_HoldsBothPalettes_DarkUnderTheShellsClass()
    {
        var css = ThemeStylesheet.Css;

        Assert.Contains("--mud-palette-primary: rgba(31,78,153,1)", css, StringComparison.OrdinalIgnoreCase);
        var dark = css.IndexOf($":root.{ThemeStylesheet.DarkClass}", StringComparison.Ordinal);
        Assert.True(dark > 0, "no dark palette");
        Assert.Contains("--mud-palette-primary: rgba(143,179,236,1)", css[dark..], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("rgba(143,179,236,1)", css[..dark], StringComparison.OrdinalIgnoreCase);
    }
}
