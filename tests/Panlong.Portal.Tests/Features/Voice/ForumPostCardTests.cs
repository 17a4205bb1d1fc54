using System.Globalization;
using Bunit;
using Panlong.Data.Voice;
using Panlong.Portal.Features.Voice;
using Panlong.Workflows.Voice;

namespace Panlong.Portal.Tests.Features.Voice;

/// <summary>The forum's post card (docs/decisions/0089-community-voice.md): masked text as read, and what staff alone are shown.</summary>
public sealed class ForumPostCardTests : PortalComponentTest
{
    private static ForumPostView Post(ForumPostStatus status = ForumPostStatus.Visible, bool official = false) =>
        VoiceQueries.View(new ForumPost
        {
            Id = 7, CommunityCode = "530103001001", ScopePath = "/530103/530103001/530103001001/", Title = "寻物", AuthorUserId = "u1", AuthorName = "张伟",
            Text = "身份证530103198501011234丢了，电话13812345678", IsOfficial = official, Status = status, HeldWord = status == ForumPostStatus.Held ? "办证" : null,
            HiddenReason = status == ForumPostStatus.Hidden ? "广告" : null, Reports = 2, CreatedAt = DateTimeOffset.UnixEpoch,
        }, replies: 3, viewer: "u2");

    [Fact]
    public void Card_ResidentPostWithIdAndPhone_ShowsThemMaskedAndTheSurnameOnly()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");

        var card = Render<ForumPostCard>(p => p.Add(c => c.Post, Post()).Add(c => c.Link, true));

        Assert.Equal("身份证530103********1234丢了，电话138****5678", card.Find("[data-testid=forum-text]").TextContent);
        Assert.Equal("张*", card.Find("[data-testid=forum-author]").TextContent);
        Assert.DoesNotContain("198501011234", card.Markup, StringComparison.Ordinal);
        Assert.Equal("/forum/7", card.Find("[data-testid=forum-title]").GetAttribute("href"));
        Assert.Empty(card.FindAll("[data-testid=forum-personal]"));
    }

    [Fact]
    public void Card_ForStaff_MarksHeldWordPersonalDataAndReports()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("en");

        var card = Render<ForumPostCard>(p => p.Add(c => c.Post, Post(ForumPostStatus.Held)).Add(c => c.IsStaff, true));

        Assert.Contains("办证", card.Find("[data-testid=forum-held]").TextContent, StringComparison.Ordinal);
        Assert.Single(card.FindAll("[data-testid=forum-personal]"));
        Assert.Contains("2 reports", card.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Card_HiddenOfficialPost_ShowsReasonAndOfficialMark()
    {
        var card = Render<ForumPostCard>(p => p.Add(c => c.Post, Post(ForumPostStatus.Hidden, official: true)).Add(c => c.IsStaff, true));

        Assert.Contains("广告", card.Find("[data-testid=forum-hidden]").TextContent, StringComparison.Ordinal);
        Assert.Single(card.FindAll("[data-testid=forum-official]"));
        Assert.Equal("张伟", card.Find("[data-testid=forum-author]").TextContent);
    }
}
