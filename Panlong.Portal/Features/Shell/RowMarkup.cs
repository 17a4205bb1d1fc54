using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// A list row's cells as ONE markup string, the same <c>&lt;td class="mud-table-cell" data-label="…"&gt;</c> MudTd draws:
/// written as Razor, each cell is four to a dozen render-tree frames, and every circuit keeps each frame two or three times
/// (the current tree, the previous one, the batch that sent it) — on the desk some 1,300 frames a page
/// (docs/decisions/0070-rows-as-markup.md). Text is HTML-encoded here; only the helpers' own markup is passed as HTML.
/// </summary>
public sealed class RowMarkup
{
    private readonly StringBuilder _html = new(1024);

    /// <summary>A cell holding <paramref name="text"/> (encoded).</summary>
    public RowMarkup Cell(string label, string? text, string? cssClass = null, string? style = null) =>
        CellHtml(label, Encode(text), cssClass, style);

    /// <summary>A cell holding markup the caller built with <see cref="Encode"/> and the helpers' own HTML.</summary>
    public RowMarkup CellHtml(string label, string html, string? cssClass = null, string? style = null)
    {
        _html.Append("<td data-label=\"").Append(Encode(label)).Append("\" class=\"mud-table-cell");
        if (cssClass is not null)
        {
            _html.Append(' ').Append(Encode(cssClass));
        }
        _html.Append('"');
        if (style is not null)
        {
            _html.Append(" style=\"").Append(Encode(style)).Append('"');
        }
        _html.Append('>').Append(html).Append("</td>");
        return this;
    }

    public MarkupString ToMarkup() => new(_html.ToString());

    /// <summary>Text or an attribute's value, encoded (quotes included); CJK text stays as it is.</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}
