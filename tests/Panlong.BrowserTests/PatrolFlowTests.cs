using System.Globalization;
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
        await center.WaitVisibleAsync("[data-testid=patrol-map][data-ready=true]", new() { Timeout = 60_000 });

        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Portal.Url.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 }, IsMobile = true, HasTouch = true,
            Locale = "zh-CN", TimezoneId = "Asia/Shanghai", Permissions = ["geolocation"], Geolocation = First,
        });
        context.SetDefaultTimeout(BrowserFixture.StepTimeout);
        var phone = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(phone, "patroller.tuodong");
        await BrowserFixture.OpenAsync(phone, "/patrol");
        await phone.ClickAsync("[data-testid=patrol-start]");
        await phone.WaitVisibleAsync("[data-testid=patrol-recorder][data-recording=true]");
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

        await center.GotoAsync("/culture/set?culture=en&redirectUri=%2Fpatrol%2Flive");
        await center.WaitVisibleAsync("[data-testid=patrol-map][data-ready=true]");
        await center.Locator("[data-testid=patrol-shift]").First.ClickAsync();
        await Assertions.Expect(center.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-live-en.png"), FullPage = true });
        await phone.GotoAsync("/culture/set?culture=en&redirectUri=%2Fpatrol%2Fmine");
        await Assertions.Expect(phone.Locator("[data-testid=patrol-figures]")).ToBeVisibleAsync();
        // A security patroller is no map viewer: the own-track map draws the district's plain outline and the track on it.
        await Assertions.Expect(phone.Locator("[data-testid=patrol-map]")).ToHaveAttributeAsync("data-track-points", new System.Text.RegularExpressions.Regex(@"^[1-9]"));
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-mine-en.png"), FullPage = true });
        await phone.GotoAsync("/patrol");
        await phone.WaitVisibleAsync("[data-testid=patrol-recorder][data-recording=true]");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-patrol-phone-en.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=patrol-end]");
        await Assertions.Expect(phone.Locator("[data-testid=patrol-start]")).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    /// <summary>
    /// Issue 19 part 5 (docs/decisions/0075-major-incident-command.md): the acceptor opens an incident from a call, the shift
    /// lead gives an order in its room, the department's handler sees it arrive on the phone without a reload and
    /// acknowledges it, and the lead's live log shows the acknowledgement — both through the bus.
    /// </summary>
    [Fact]
    public async Task Incident_OrderGivenInTheRoom_ReachesTheUnitsPhoneAndItsAcknowledgementTheLog()
    {
        var acceptor = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(acceptor, "acceptor");
        await acceptor.GotoAsync("/incidents/new");
        await acceptor.WaitVisibleAsync("[data-testid=district-map][data-ready=true]", new() { Timeout = 60_000 });
        await acceptor.ClickAsync("[data-testid=incident-category]");
        await acceptor.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        await acceptor.FillAsync("[data-testid=incident-description]", "东风东路燃气管道泄漏，多名群众来电");
        await Assertions.Expect(acceptor.Locator("[data-testid=incident-description]")).ToHaveValueAsync("东风东路燃气管道泄漏，多名群众来电");
        await acceptor.ClickAsync("[data-testid=incident-lead]");
        await acceptor.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "城市管理综合行政执法局" }).First.ClickAsync();
        await acceptor.Locator("[data-testid=district-map]").ClickAsync();
        await Assertions.Expect(acceptor.Locator("[data-testid=incident-position]")).ToContainTextAsync(".");
        await acceptor.ClickAsync("[data-testid=incident-open]");
        await acceptor.WaitForURLAsync("**/incidents/ZD*", new() { Timeout = 30_000 });
        var room = new Uri(acceptor.Url).AbsolutePath;

        var lead = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(lead, "shiftlead");
        await lead.GotoAsync(room);
        await lead.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });

        // Cameras near the incident (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md): one registered beside it
        // through the administrator's page is listed and drawn in the room, plays there, and its snapshot goes to the
        // incident's own case, offered first.
        var focus = lead.Locator("[data-testid=patrol-map][data-focus]");
        await Assertions.Expect(focus).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        var at = (await focus.GetAttributeAsync("data-focus"))!.Split(',');
        await using var stream = await HlsTestStream.StartAsync();
        var code = $"CAM-I{Random.Shared.Next(10000, 99999)}";
        var north = (double.Parse(at[0], CultureInfo.InvariantCulture) + 0.0003).ToString("F6", CultureInfo.InvariantCulture);
        await CameraFlowTests.RegisterAsync(browser, code, north, at[1], stream.Url);
        await lead.ReloadAsync();
        await lead.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        var listed = lead.Locator($"[data-testid=incident-cameras] [data-camera={code}]");
        await Assertions.Expect(listed).ToBeVisibleAsync();
        await Assertions.Expect(lead.Locator($"[data-testid=patrol-map] .map-camera-mark[data-camera={code}]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
        await listed.ClickAsync();
        var player = lead.Locator($"[data-testid=incident-camera] [data-testid=camera-player][data-camera={code}]");
        await Assertions.Expect(player).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        await player.Locator("[data-testid=camera-snapshot]").ClickAsync();
        await Assertions.Expect(player).ToHaveAttributeAsync("data-frame", "drawn");
        var caseNumber = (await lead.Locator("[data-testid=incident-case]").TextContentAsync())!.Trim();
        await Assertions.Expect(player.Locator("[data-testid=camera-attach-number]")).ToHaveValueAsync(caseNumber);
        await Assertions.Expect(player.Locator("[data-testid=camera-attach-pick]").First).ToHaveAttributeAsync("data-case", caseNumber);
        await player.Locator("[data-testid=camera-attach-send]").ClickAsync();
        await Assertions.Expect(player.Locator("[data-testid=camera-attach-case]")).ToHaveTextAsync(caseNumber);
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "handler");
        await phone.GotoAsync(room);
        await phone.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await Assertions.Expect(phone.Locator("[data-testid=incident-my-orders]")).ToBeVisibleAsync();

        await lead.ClickAsync("[data-testid=order-unit]");
        await lead.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "城市管理综合行政执法局" }).First.ClickAsync();
        await lead.FillAsync("[data-testid=order-text]", "立即封锁路口，疏散行人");
        await Assertions.Expect(lead.Locator("[data-testid=order-text]")).ToHaveValueAsync("立即封锁路口，疏散行人");
        await lead.ClickAsync("[data-testid=order-submit]");
        await Assertions.Expect(lead.Locator("[data-testid=incident-orders] tr[data-state=Ordered]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });

        // The phone re-renders from the bus: the order appears without a reload, and its acknowledgement reaches the lead's log.
        await Assertions.Expect(phone.Locator("[data-testid=order-ack]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-incident-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=order-ack]");
        await Assertions.Expect(lead.Locator("[data-testid=incident-orders] tr[data-state=Acting]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Assertions.Expect(lead.Locator("[data-testid=incident-log] [data-kind=Acknowledged]")).ToHaveCountAsync(1);
        await lead.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-incident-room.png"), FullPage = true });

        await lead.GotoAsync("/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString(room));
        await lead.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await listed.ClickAsync();
        await Assertions.Expect(player).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        await lead.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-incident-room-en.png"), FullPage = true });
        await phone.GotoAsync("/culture/set?culture=en&redirectUri=" + Uri.EscapeDataString(room));
        await phone.WaitVisibleAsync("[data-testid=incident-my-orders]");
        // The unit's handler is no watcher: no cameras in their room (ADR 75), though one stands beside the incident.
        await Assertions.Expect(phone.Locator("[data-testid=incident-nearby]")).ToContainTextAsync("cameras: 0");
        await Assertions.Expect(phone.Locator("[data-testid=incident-cameras]")).ToHaveCountAsync(0);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-incident-phone-en.png"), FullPage = true });
    }
}
