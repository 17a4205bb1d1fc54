using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Xunit.Abstractions;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Issue 16 defect 11: every page of the authorization matrix, asked over HTTP in English by each home-street user who
/// may open it (and by anonymous visitors where it is public), shows no Chinese but data. Data — a person's or an org
/// unit's name, an address, a case's description, a definition's name that has no English yet — is marked where it is
/// written with <c>lang="zh-CN"</c> on the element that holds it (which also tells a screen reader to read it as
/// Chinese; docs/decisions/0038-localized-names.md). The allow-list is that marking, not a list of strings, so new UI text
/// cannot hide: a marked element may hold text only, never other elements that could carry labels.
/// </summary>
public sealed partial class EnglishPagesTests(AuthorizationMatrixPortal fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixPortal>
{
    /// <summary>Elements a data marking may contain: line breaks and search highlights of the data itself.</summary>
    private static readonly HashSet<string> InlineInData = ["BR", "WBR", "MARK"];

    /// <summary>Attributes people read or hear (a table's data-label is shown beside each cell on a phone).</summary>
    private static readonly string[] CheckedAttributes = ["title", "placeholder", "aria-label", "alt", "label", "data-label"];

    [Fact]
    public async Task EveryPage_InEnglish_ShowsNoChineseButData()
    {
        var askers = AuthorizationMatrixPortal.Askers.Where(a => !a.OtherStreet).ToList();
        foreach (var who in askers)
        {
            using var set = await fixture.Clients[who].GetAsync("/culture/set?culture=en&redirectUri=%2F");
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        }
        var pages = (from e in MatrixEndpoint.All(fixture.Portal.Services)
                     where e.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                        && AuthorizationMatrix.Rows.ContainsKey(e.Key)
                     from access in AuthorizationMatrix.Rows[e.Key].Probes
                     from who in askers
                     where access.Expected(who) == Answer.Allowed
                     select (e.Key, Path: Fill(access.Probe ?? e.Pattern), who)).ToList();
        var problems = new ConcurrentBag<string>();
        var parser = new HtmlParser();

        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (page, ct) =>
        {
            using var response = await fixture.Clients[page.who].GetAsync(page.Path, ct);
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                // Pages that send the user on (the home page of an administrator…) are judged where they send them.
                return;
            }
            var document = await parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync(ct), ct);
            var found = ChineseOutsideData(document).ToList();
            if (found.Count > 0)
            {
                problems.Add($"{page.Path} as {page.who}: {string.Join(" | ", found.Distinct().Take(12))}");
            }
        });

        output.WriteLine($"{pages.Count} pages asked in English");
        Assert.True(pages.Count > 100, $"only {pages.Count} pages asked");
        Assert.True(problems.IsEmpty, $"{problems.Count} pages show Chinese that is not marked as data:\n" + string.Join('\n', problems.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public void ChineseOutsideData_FindsUnmarkedTextAndAttributes_AndRefusesMarksAroundMarkup()
    {
        var document = new HtmlParser().ParseDocument("""
            <html lang="en"><body>
              <p>Case of <span lang="zh-CN">张三</span></p>
              <p title="受理">Accept</p>
              <div lang="zh-CN"><button>提交</button></div>
              <p>状态</p>
              <script>var s = "脚本";</script>
            </body></html>
            """);

        var found = ChineseOutsideData(document).ToList();

        Assert.Equal(["title=\"受理\"", "<button> inside a data marking", "状态"], found);
    }

    [Fact]
    public void ChineseOutsideData_PageNotInEnglish_IsReported()
    {
        var document = new HtmlParser().ParseDocument("""<html lang="zh-CN"><body><p>Case</p></body></html>""");

        Assert.Equal(["<html lang=\"zh-CN\">"], ChineseOutsideData(document));
    }

    private static IEnumerable<string> ChineseOutsideData(IDocument document)
    {
        var root = document.DocumentElement;
        if (root.GetAttribute("lang") is not { } lang || !lang.StartsWith("en", StringComparison.Ordinal))
        {
            yield return $"<html lang=\"{root.GetAttribute("lang")}\">";
        }
        foreach (var problem in Walk(document.Body!))
        {
            yield return problem;
        }
    }

    private static IEnumerable<string> Walk(IElement element)
    {
        if (element.LocalName is "script" or "style" or "template")
        {
            yield break;
        }
        if (IsData(element))
        {
            foreach (var inner in element.Descendants<IElement>().Where(e => !InlineInData.Contains(e.TagName)))
            {
                yield return $"<{inner.LocalName}> inside a data marking";
            }
            yield break;
        }
        foreach (var name in CheckedAttributes)
        {
            if (element.GetAttribute(name) is { } value && Han().IsMatch(value))
            {
                yield return $"{name}=\"{value}\"";
            }
        }
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text && Han().IsMatch(text.Data))
            {
                yield return text.Data.Trim();
            }
            else if (child is IElement inner)
            {
                foreach (var problem in Walk(inner))
                {
                    yield return problem;
                }
            }
        }
    }

    private static bool IsData(IElement element) => element.GetAttribute("lang")?.StartsWith("zh", StringComparison.Ordinal) == true;

    private string Fill(string probe) => Token().Replace(probe, m => fixture.Ids.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Token();

    /// <summary>CJK ideographs (the basic block and extension A) and the full-width punctuation only Chinese text uses.</summary>
    [GeneratedRegex(@"[\u3400-\u4DBF\u4E00-\u9FFF\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20]")]
    private static partial Regex Han();
}
