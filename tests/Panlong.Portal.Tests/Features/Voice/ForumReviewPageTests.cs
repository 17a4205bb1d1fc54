using System.Globalization;
using Bunit;
using Panlong.Portal.Features.Voice;
using Panlong.Workflows.Voice;

namespace Panlong.Portal.Tests.Features.Voice;

/// <summary>The staff review list (docs/decisions/0095-building-watchers.md) on the portal's demo forum, as 东庄's approver.</summary>
[Collection(nameof(PortalCollection))]
public class ForumReviewPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public ForumReviewPageTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(VoiceQueries), typeof(CommunityForum));
    }

    [Fact]
    public async Task Review_TheDemoHiddenPost_IsListed_RestoreWithoutAReasonIsRefusedInWords()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        SignInAs(await _portal.PrincipalAsync("approver.dongzhuang"));

        var page = Render<ForumReviewPage>();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=forum-post]"), p => p.TextContent.Contains("代开发票", StringComparison.Ordinal)));
        var hidden = page.FindAll("[data-testid=forum-post]").First(p => p.TextContent.Contains("代开发票", StringComparison.Ordinal));
        Assert.NotNull(hidden.QuerySelector("[data-testid=forum-hidden]"));
        hidden.QuerySelector("[data-testid=review-act]")!.Click();
        page.WaitForAssertion(() => Assert.Equal("请填写理由（不超过 200 字）。", page.Find("[data-testid=review-message]").TextContent));
    }
}
