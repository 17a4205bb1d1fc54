using MudBlazor;

namespace Panlong.Portal.Components.Layout;

/// <summary>
/// Government blue with a red accent; fonts that carry Chinese (Noto Sans CJK ships with the README's install).
/// Every colour that carries text meets WCAG AA (4.5:1) on its background in both themes, which the browser tests' axe
/// check holds (docs/decisions/0039-accessibility-check.md): MudBlazor's default info, success and warning are too light
/// for white text on a light page, and the dark theme needs light accents with dark text on filled buttons.
/// </summary>
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
            Info = "#1565c0",
            InfoDarken = "#0d47a1",
            Success = "#2e7d32",
            SuccessDarken = "#1b5e20",
            Warning = "#a35200",
            WarningDarken = "#8a4500",
            Error = "#c62828",
            ErrorDarken = "#b71c1c",
            TextSecondary = "rgba(0,0,0,0.64)",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8fb3ec",
            PrimaryContrastText = "#0b1f3f",
            Secondary = "#ef9a9a",
            SecondaryContrastText = "#1b1b1b",
            Info = "#64b5f6",
            InfoLighten = "#90caf9",
            InfoDarken = "#90caf9",
            InfoContrastText = "#1b1b1b",
            Success = "#81c784",
            SuccessLighten = "#a5d6a7",
            SuccessDarken = "#a5d6a7",
            SuccessContrastText = "#1b1b1b",
            Warning = "#ffb74d",
            WarningLighten = "#ffcc80",
            WarningDarken = "#ffcc80",
            WarningContrastText = "#1b1b1b",
            Error = "#ef9a9a",
            ErrorLighten = "#ffcdd2",
            ErrorDarken = "#ffcdd2",
            ErrorContrastText = "#1b1b1b",
            TextSecondary = "rgba(255,255,255,0.74)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = Fonts },
        },
    };
}
