using Panlong.Portal.Features.PartyStudy;

namespace Panlong.Portal.Tests.Features.PartyStudy;

public class ArticleMarkupTests
{
    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("# <iframe src=\"javascript:alert(1)\"></iframe>")]
    [InlineData("- **<svg onload=alert(1)>**")]
    [InlineData("[点我](javascript:alert(1))")]
    public void ToHtml_MarkupInTheText_IsShownAsText(string markdown)
    {
        var html = ArticleMarkup.ToHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<svg", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToHtml_AScript_IsKeptVisibleAsEncodedText()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n", ArticleMarkup.ToHtml("<script>alert(1)</script>"));
    }

    [Fact]
    public void ToHtml_HeadingsListsBoldAndParagraphs_BecomeTheirTags()
    {
        var html = ArticleMarkup.ToHtml("# 第一章 总纲\n党员必须：\n\n- **坚持**学习\n- 联系群众\n\n结束语 a < b & c");

        Assert.Equal("<h3>第一章 总纲</h3>\n<p>党员必须：</p>\n<ul>\n<li><strong>坚持</strong>学习</li>\n<li>联系群众</li>\n</ul>\n<p>结束语 a &lt; b &amp; c</p>\n", html);
    }
}
