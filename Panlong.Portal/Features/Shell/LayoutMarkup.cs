using Microsoft.AspNetCore.Components;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The markup MudBlazor 9.12's <c>MudAppBar</c> (dense, elevation 1, with its <c>MudToolBar</c>), <c>MudText</c> (h6),
/// <c>MudSpacer</c>, <c>MudMainContent</c> and <c>MudContainer</c> (extra large) draw, written into the layout's own render
/// tree: six components that hold no state of their own and that every circuit kept on every page
/// (docs/decisions/0099-circuits-under-500-kb.md). The shell's <c>MudLayout</c> and <c>MudDrawer</c> stay components.
/// </summary>
public static class LayoutMarkup
{
    /// <summary>The app bar fixed at the top, with its toolbar around <paramref name="content"/>.</summary>
    public static RenderFragment AppBar(RenderFragment content) => b =>
    {
        b.OpenElement(0, "header");
        b.AddAttribute(1, "class", "mud-appbar mud-appbar-dense mud-appbar-fixed-top mud-elevation-1");
        b.OpenElement(2, "div");
        b.AddAttribute(3, "role", "toolbar");
        b.AddAttribute(4, "class", "mud-toolbar mud-toolbar-dense mud-toolbar-gutters mud-toolbar-appbar");
        b.AddContent(5, content);
        b.CloseElement();
        b.CloseElement();
    };

    /// <summary>The app bar's title (a MudText h6 with <paramref name="classes"/>).</summary>
    public static RenderFragment Title(string text, string classes) => b =>
    {
        b.OpenElement(0, "h6");
        b.AddAttribute(1, "class", "mud-typography mud-typography-h6 " + classes);
        b.AddContent(2, text);
        b.CloseElement();
    };

    /// <summary>What MudSpacer draws: an empty box that takes the free width.</summary>
    public static readonly RenderFragment Spacer = b =>
    {
        b.OpenElement(0, "div");
        b.AddAttribute(1, "aria-hidden", "true");
        b.AddAttribute(2, "class", "flex-grow-1");
        b.CloseElement();
    };

    /// <summary>
    /// The main content and its container (<paramref name="containerClasses"/> added to MudContainer's own);
    /// <paramref name="circuit"/> is the page's data-circuit mark (prerendered or ready).
    /// </summary>
    public static RenderFragment Content(string circuit, string containerClasses, RenderFragment content) => b =>
    {
        b.OpenElement(0, "div");
        b.AddAttribute(1, "data-circuit", circuit);
        b.AddAttribute(2, "class", "mud-main-content");
        b.OpenElement(3, "div");
        b.AddAttribute(4, "class", "mud-container mud-container-maxwidth-xl mud-container--gutters " + containerClasses);
        b.AddContent(5, content);
        b.CloseElement();
        b.CloseElement();
    };
}
