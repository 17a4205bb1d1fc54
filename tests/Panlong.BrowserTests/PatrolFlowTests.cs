using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 19 part 1 (docs/decisions/0068-patrol-shifts-and-tracks.md): a patroller's phone with a fake position starts a
/// shift; the command center's open /patrol/live sees the marker appear and then move as the phone moves — no reload.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class PatrolFlowTests(BrowserFixture browser)
{
    /// <summary>Two places in 拓东街道 (the patroller's street), about 60 m apart (a walk, not the 200 km/h a fake jump would imply).</summary>
    private static readonly Geolocation First = new() { Latitude = 25.0478f, Longitude = 102.7196f, Accuracy = 8 };
    private static readonly Geolocation Second = new() { Latitude = 25.0483f, Longitude = 102.7198f, Accuracy = 8 };

    [Fact]
    public async Task Patroller_StartsAShiftOnThePhone_CommandCenterSeesTheMarkerMove()
    {
        var center = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(center, "center.tuodong");
        await center.GotoAsync("/patrol/live");
        // Sized for a loaded machine: possibly the first map of a fresh portal.
        await center.WaitForSelectorAsync("[data-testid=patrol-map][data-ready=true]", new() { Timeout = 60_000 });

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Portal.Url.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            Locale = "zh-CN", TimezoneId = "Asia/Shanghai", Permissions = ["geolocation"], Geolocation = First,
        });
        context.SetDefaultTimeout(20_000);
        var phone = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(phone, "patroller.tuodong");
        await phone.GotoAsync("/patrol");
        await phone.ClickAsync("[data-testid=patrol-start]");
        await phone.WaitForSelectorAsync("[data-testid=patrol-recorder][data-recording=true]");
        var map = center.Locator("[data-testid=patrol-map]");
        await Assertions.Expect(map).ToHaveAttributeAsync("data-positions", new System.Text.RegularExpressions.Regex(@":25\.0478\d*,102\.7196"), new() { Timeout = 20_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-phone.png"), FullPage = true });

        await context.SetGeolocationAsync(Second);
        await Assertions.Expect(map).ToHaveAttributeAsync("data-positions", new System.Text.RegularExpressions.Regex(@":25\.0483\d*,102\.7198"), new() { Timeout = 20_000 });
        await Assertions.Expect(center.Locator("[data-testid=patrol-shift]")).Not.ToHaveCountAsync(0);
        await center.Locator("[data-testid=patrol-shift]").First.ClickAsync();
        await Assertions.Expect(center.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        await Assertions.Expect(map).ToHaveAttributeAsync("data-track-points", new System.Text.RegularExpressions.Regex(@"^[1-9]"));
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-live.png"), FullPage = true });

        // The patroller's own track (the same playback, own shifts only), then back to recording.
        await phone.GotoAsync("/patrol/mine");
        await Assertions.Expect(phone.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("[data-testid=patrol-map]")).ToHaveAttributeAsync("data-track-points", new System.Text.RegularExpressions.Regex(@"^[1-9]"));
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-mine.png"), FullPage = true });
        await phone.GotoAsync("/patrol");
        await phone.WaitForSelectorAsync("[data-testid=patrol-recorder][data-recording=true]");

        await center.GotoAsync("/culture/set?culture=en&redirectUri=%2Fpatrol%2Flive");
        await center.WaitForSelectorAsync("[data-testid=patrol-map][data-ready=true]");
        await center.Locator("[data-testid=patrol-shift]").First.ClickAsync();
        await Assertions.Expect(center.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-live-en.png"), FullPage = true });
        await phone.GotoAsync("/culture/set?culture=en&redirectUri=%2Fpatrol%2Fmine");
        await Assertions.Expect(phone.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-mine-en.png"), FullPage = true });
        await phone.GotoAsync("/patrol");
        await phone.WaitForSelectorAsync("[data-testid=patrol-recorder][data-recording=true]");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-phone-en.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=patrol-end]");
        await Assertions.Expect(phone.Locator("[data-testid=patrol-start]")).ToBeVisibleAsync();
        await context.CloseAsync();
    }
}
