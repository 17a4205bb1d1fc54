using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The markup <c>MudSwitch&lt;bool&gt;</c> draws (MudBlazor 9.12) around a native checkbox, in the page's own render tree: the
/// switch holds nothing but its value, and as a component it was kept by every open circuit
/// (docs/decisions/0070-lighter-desk-and-fire.md). Space and a click toggle it, as the browser's own checkbox.
/// </summary>
public static class SwitchMarkup
{
    /// <param name="color">MudBlazor's colour name when on ("error", "primary").</param>
    public static RenderFragment Of(object receiver, bool value, Func<bool, Task> changed, string label, string color, string? testId = null) => b =>
    {
        var state = value ? $"mud-{color}-text hover:mud-{color}-hover mud-checked" : "mud-default-text hover:mud-default-hover";
        b.OpenElement(10, "div");
        b.AddAttribute(11, "class", "mud-input-control mud-input-control-boolean-input");
        b.OpenElement(12, "div");
        b.AddAttribute(13, "class", "mud-input-control-input-container");
        b.OpenElement(14, "label");
        b.AddAttribute(15, "class", "mud-switch mud-input-content-placement-end");
        b.OpenElement(16, "span");
        b.AddAttribute(17, "class", "mud-switch-span mud-switch-span-medium");
        b.OpenElement(18, "span");
        b.AddAttribute(19, "class", $"mud-button-root mud-icon-button mud-switch-base mud-ripple mud-ripple-switch {state} mud-switch-base-medium");
        b.OpenElement(20, "span");
        b.AddAttribute(21, "class", "mud-switch-button");
        b.OpenElement(22, "input");
        b.AddAttribute(23, "tabindex", "0");
        b.AddAttribute(24, "data-testid", testId);
        b.AddAttribute(25, "aria-readonly", "false");
        b.AddAttribute(26, "role", "switch");
        b.AddAttribute(27, "aria-checked", value ? "true" : "false");
        b.AddAttribute(28, "type", "checkbox");
        b.AddAttribute(29, "class", "mud-switch-input");
        b.AddAttribute(30, "checked", value);
        b.AddAttribute(31, "onchange", EventCallback.Factory.Create<ChangeEventArgs>(receiver, e => changed(e.Value is true)));
        b.CloseElement();
        b.AddMarkupContent(32, "<span class=\"mud-switch-thumb-medium d-flex align-center justify-center\"></span>");
        b.CloseElement();
        b.CloseElement();
        b.AddMarkupContent(33, $"<span class=\"mud-switch-track mud-{(value ? color : "default")}\"></span>");
        b.CloseElement();
        b.OpenElement(34, "span");
        b.AddAttribute(35, "class", "mud-typography mud-typography-body1");
        b.AddContent(36, label);
        b.CloseElement();
        b.CloseElement();
        b.CloseElement();
        b.CloseElement();
    };
}
