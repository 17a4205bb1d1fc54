using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Panlong.Data.Providers;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 18 part 7 at phone size: a resident registers as a 流动党员, the community's party organiser confirms and
/// publishes a one-minute article with a quiz, the member reads it until it counts, passes the quiz and posts in its
/// thread, and the organiser hides the post (docs/decisions/0053-party-study.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class PartyStudyFlowTests(BrowserFixture browser)
{
    private const string Title = "学习党章第一章";

    [Fact]
    public async Task Member_RegistersStudiesPassesAndPosts_OrganiserConfirmsAndHides()
    {
        var member = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(member, "resident");
        await BrowserFixture.OpenAsync(member, "/party");
        await member.FillAsync("[data-testid=party-region]", "四川省成都市 某机械厂");
        await member.FillAsync("[data-testid=party-branch]", "第二党支部");
        await member.FillAsync("[data-testid=party-phone]", "028-86001234");
        // Where the registry already places the resident, the community is shown, not asked; otherwise it is chosen.
        var community = member.Locator("[data-testid=party-community]");
        if (await community.Locator("input").CountAsync() > 0)
        {
            await community.ClickAsync();
            await member.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "东庄社区" }).First.ClickAsync();
        }
        else
        {
            await Assertions.Expect(community).ToContainTextAsync("东庄社区");
        }
        await member.FillAsync("[data-testid=party-joined]", "2012-07-01");
        await member.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-register-phone.png"), FullPage = true });
        await member.ClickAsync("[data-testid=party-register]");
        await Assertions.Expect(member.Locator("[data-testid=party-pending]")).ToBeVisibleAsync();

        var organiser = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(organiser, "party.dongzhuang");
        await BrowserFixture.OpenAsync(organiser, "/party/organize");
        await organiser.Locator("[data-testid=member]", new() { HasTextString = "张居民" }).Locator("[data-testid=member-confirm]").ClickAsync();
        await Assertions.Expect(organiser.Locator("[data-testid=member]", new() { HasTextString = "张居民" })).ToContainTextAsync("已确认");
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-organize-members-phone.png"), FullPage = true });

        await organiser.Locator(".mud-tab", new() { HasTextString = "学习资料" }).ClickAsync();
        await organiser.GetByText("发布新资料").ClickAsync();
        await organiser.FillAsync("[data-testid=material-title-input]", Title);
        await organiser.FillAsync("[data-testid=material-body-input]", "# 第一章 党员\n**党员**必须全心全意为人民服务。\n<script>window.injected=1</script>");
        await organiser.FillAsync("[data-testid=material-minutes]", "1");
        string[] right = ["全心全意为人民服务", "党课", "流入地党组织和原党组织"];
        for (var i = 0; i < 3; i++)
        {
            await organiser.ClickAsync("[data-testid=add-question]");
            await organiser.FillAsync($"[data-testid=question-{i}]", $"第{i + 1}题");
            await organiser.FillAsync($"[data-testid=options-{i}]", $"{right[i]}\n错误选项");
            await organiser.FillAsync($"[data-testid=answer-{i}]", "1");
        }
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-new-material-phone.png"), FullPage = true });
        await organiser.ClickAsync("[data-testid=material-publish]");
        await Assertions.Expect(organiser.Locator("[data-testid=own-material]", new() { HasTextString = Title })).ToBeVisibleAsync();

        await BrowserFixture.OpenAsync(member, "/party");
        await Assertions.Expect(member.Locator("[data-testid=party-confirmed]")).ToBeVisibleAsync();
        await member.Locator("[data-testid=party-material]", new() { HasTextString = Title }).ClickAsync();
        try
        {
            // A new document: its circuit starts before the reading counter shows (sized for a loaded machine).
            await member.WaitVisibleAsync("[data-testid=reading]", new() { Timeout = BrowserFixture.LiveTimeout });
        }
        catch (PlaywrightException)
        {
            await member.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-failed.png"), FullPage = true });
            await File.WriteAllTextAsync(Paths.Screenshot("18-study-failed.log"), browser.Portal.Log);
            throw;
        }
        // The script in the article is text on the page, never run.
        await Assertions.Expect(member.Locator("[data-testid=material-body]")).ToContainTextAsync("<script>window.injected=1</script>");
        Assert.Null(await member.EvaluateAsync<int?>("() => window.injected"));
        // The member read 50 seconds of it on an earlier visit; this visit's beats (one every 10 s, credited by the
        // server) make up the minute — the whole minute in real time would cost the test command a minute for nothing.
        await EarlierReadingAsync(Title, seconds: 50);
        await Assertions.Expect(member.Locator("[data-testid=reading-minutes]")).ToContainTextAsync("已学 1 / 1 分钟", new() { Timeout = 60_000 });
        await Assertions.Expect(member.Locator("[data-testid=quiz-needed]")).ToBeVisibleAsync();
        for (var i = 0; i < 3; i++)
        {
            await member.Locator($"[data-testid=quiz-q{i}] .mud-radio").First.ClickAsync();
        }
        await member.ClickAsync("[data-testid=quiz-submit]");
        await Assertions.Expect(member.Locator("[data-testid=quiz-passed]")).ToBeVisibleAsync();
        await Assertions.Expect(member.Locator("[data-testid=studied]")).ToBeVisibleAsync();
        await member.FillAsync("[data-testid=post-text]", "学习体会：要主动与流入地党组织联系。");
        await member.ClickAsync("[data-testid=post-send]");
        await Assertions.Expect(member.Locator("[data-testid=post-body]")).ToHaveTextAsync("学习体会：要主动与流入地党组织联系。");
        await member.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-material-phone.png"), FullPage = true });

        var materialUrl = member.Url;
        await BrowserFixture.OpenAsync(organiser, materialUrl);
        await organiser.ClickAsync("[data-testid=post-hide]");
        await organiser.FillAsync("[data-testid=post-reason]", "与学习无关");
        await organiser.ClickAsync("[data-testid=post-act]");
        await Assertions.Expect(organiser.Locator("[data-testid=post-hidden]")).ToContainTextAsync("与学习无关");
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-moderation-phone.png"), FullPage = true });

        await member.ReloadAsync();
        await member.WaitVisibleAsync("[data-testid=thread]");
        await Assertions.Expect(member.Locator("[data-testid=post]")).ToHaveCountAsync(0);

        await BrowserFixture.OpenAsync(organiser, "/party/organize");
        await organiser.Locator(".mud-tab", new() { HasTextString = "学习情况" }).ClickAsync();
        await Assertions.Expect(organiser.Locator("[data-testid=progress]")).ToContainTextAsync("已学完");
        await organiser.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-progress-phone.png"), FullPage = true });

        // The same pages at desktop width and in English.
        var desk = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(desk, "party.dongzhuang");
        await BrowserFixture.OpenAsync(desk, "/party/organize");
        await desk.Locator(".mud-tab", new() { HasTextString = "学习情况" }).ClickAsync();
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-progress-desktop.png"), FullPage = true });
        await BrowserFixture.OpenAsync(desk, "/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString(new Uri(materialUrl).AbsolutePath));
        await Assertions.Expect(desk.Locator("[data-testid=post-hidden]")).ToContainTextAsync("Hidden");
        await desk.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-material-desktop-en.png"), FullPage = true });
        await BrowserFixture.OpenAsync(member, "/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString("/party"));
        await Assertions.Expect(member.Locator("[data-testid=party-material-state]").First).ToContainTextAsync("Studied");
        await member.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("18-study-record-phone-en.png"), FullPage = true });
    }

    /// <summary>Adds reading time to the member's progress row as an earlier visit's beats would have (a new version, so a beat racing it reads again).</summary>
    private async Task EarlierReadingAsync(string title, int seconds)
    {
        var options = new DbContextOptionsBuilder<SqlitePanlongDbContext>().UseSqlite(browser.Portal.ConnectionString).Options;
        await using var db = new SqlitePanlongDbContext(options);
        var material = await db.StudyMaterials.Where(m => m.Title == title).Select(m => m.Id).SingleAsync();
        // The page's first beat makes the row; until it has (a loaded machine), there is nothing to add to.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await db.StudyProgress.Where(p => p.MaterialId == material)
                   .ExecuteUpdateAsync(u => u.SetProperty(p => p.CreditedSeconds, p => p.CreditedSeconds + seconds).SetProperty(p => p.Version, Guid.NewGuid())) == 0)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), "the reading page never sent its first beat");
            await Task.Delay(250);
        }
    }
}
