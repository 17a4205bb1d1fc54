using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Panlong.Portal.Features.PartyStudy;

/// <summary>
/// An article's Markdown as HTML, safe by construction: every character of the text is HTML-encoded first, and only then
/// are the few forms an organiser needs (# headings, paragraphs, - lists, **bold**) wrapped in tags this code writes. No
/// tag, attribute or link from the text ever reaches the page, so a pasted &lt;script&gt; is shown as text
/// (docs/decisions/0053-party-study.md).
/// </summary>
public static partial class ArticleMarkup
{
    public static string ToHtml(string? markdown)
    {
        var html = new StringBuilder();
        var inList = false;
        var paragraph = new List<string>();
        void Flush()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(string.Join("<br />", paragraph)).Append("</p>\n");
                paragraph.Clear();
            }
        }
        void EndList()
        {
            if (inList)
            {
                html.Append("</ul>\n");
                inList = false;
            }
        }
        foreach (var raw in (markdown ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.Trim().Length == 0)
            {
                Flush();
                EndList();
                continue;
            }
            if (Heading().Match(line) is { Success: true } heading)
            {
                Flush();
                EndList();
                var level = Math.Min(heading.Groups[1].Length + 2, 6);
                html.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h{level}>{Inline(heading.Groups[2].Value)}</h{level}>\n");
                continue;
            }
            if (Item().Match(line) is { Success: true } item)
            {
                Flush();
                if (!inList)
                {
                    html.Append("<ul>\n");
                    inList = true;
                }
                html.Append("<li>").Append(Inline(item.Groups[1].Value)).Append("</li>\n");
                continue;
            }
            EndList();
            paragraph.Add(Inline(line.Trim()));
        }
        Flush();
        EndList();
        return html.ToString();
    }

    /// <summary>Encodes the text, then turns **…** into bold: the asterisks survive encoding, nothing else becomes markup.</summary>
    private static string Inline(string text) => Bold().Replace(WebUtility.HtmlEncode(text), "<strong>$1</strong>");

    [GeneratedRegex(@"^(#{1,4})\s+(.+)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s*[-*]\s+(.+)$")]
    private static partial Regex Item();

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();
}
