using MudBlazor;

namespace Panlong.Portal.Components.Layout;

/// <summary>Government blue with a red accent; fonts that carry Chinese (Noto Sans CJK ships with the README's install).</summary>
public static class PortalTheme
{
    private static readonly string[] Fonts = ["Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e99",
            Secondary = "#c62828",
            AppbarBackground = "#1f4e99",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#6f9be0",
            Secondary = "#ef5350",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
    };
}
