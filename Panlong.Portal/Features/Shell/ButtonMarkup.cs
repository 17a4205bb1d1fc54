using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The markup <c>MudButton</c> draws (MudBlazor 9.12: the same classes, icon span and label), written into the page's own
/// render tree: a MudButton with a start icon is two components that every open circuit keeps for a button that holds no
/// state of its own (docs/decisions/0070-lighter-desk-and-fire.md; ADR 49 did the same for the app bar's icon buttons).
/// </summary>
public static class ButtonMarkup
{
    /// <summary>A button running <paramref name="click"/> on the server (<paramref name="receiver"/> is the component that re-renders).</summary>
    public static RenderFragment Button(object receiver, string text, Func<Task> click, Variant variant, Color color = Color.Default,
        Size size = Size.Medium, string? startIcon = null, string? testId = null) => b =>
    {
        b.OpenElement(0, "button");
        b.AddAttribute(1, "class", Classes(variant, color, size));
        b.AddAttribute(2, "data-testid", testId);
        b.AddAttribute(3, "type", "button");
        b.AddAttribute(4, "onclick", EventCallback.Factory.Create<MouseEventArgs>(receiver, click));
        b.AddEventStopPropagationAttribute(5, "onclick", true);
        b.OpenRegion(6);
        Label(b, text, startIcon, size);
        b.CloseRegion();
        b.CloseElement();
    };

    /// <summary>A link drawn as a button; <paramref name="click"/>, when given, runs besides the browser following it.</summary>
    public static RenderFragment Link(string text, string href, Variant variant, Color color = Color.Default, string? startIcon = null,
        string? testId = null, string? download = null, object? receiver = null, Func<Task>? click = null) => b =>
    {
        b.OpenElement(0, "a");
        b.AddAttribute(1, "class", Classes(variant, color, Size.Medium));
        b.AddAttribute(2, "download", download);
        b.AddAttribute(3, "data-testid", testId);
        if (receiver is not null && click is not null)
        {
            b.AddAttribute(4, "onclick", EventCallback.Factory.Create<MouseEventArgs>(receiver, click));
        }
        b.AddAttribute(5, "type", "button");
        b.AddAttribute(6, "href", href);
        b.OpenRegion(7);
        Label(b, text, startIcon, Size.Medium);
        b.CloseRegion();
        b.CloseElement();
    };

    /// <summary>MudButton's classes for a variant, colour and size.</summary>
    public static string Classes(Variant variant, Color color, Size size)
    {
        var v = variant.ToString().ToLowerInvariant();
        return $"mud-button-root mud-button mud-button-{v} mud-button-{v}-{color.ToString().ToLowerInvariant()} mud-button-{v}-size-{size.ToString().ToLowerInvariant()} mud-ripple";
    }

    /// <summary>MudIcon's SVG for an icon of MudBlazor's <see cref="Icons"/>.</summary>
    public static MarkupString Svg(string icon, string size = "medium") =>
        new($"<svg class=\"mud-icon-root mud-svg-icon mud-icon-size-{size}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\" role=\"img\">{icon}</svg>");

    private static void Label(RenderTreeBuilder b, string text, string? startIcon, Size size)
    {
        b.OpenElement(0, "span");
        b.AddAttribute(1, "class", "mud-button-label");
        if (startIcon is not null)
        {
            // MudButton sizes its icon with the button.
            var name = size.ToString().ToLowerInvariant();
            b.AddMarkupContent(2, $"<span class=\"mud-button-icon-start mud-button-icon-size-{name}\">{Svg(startIcon, name)}</span>");
        }
        b.AddContent(3, text);
        b.CloseElement();
    }
}
