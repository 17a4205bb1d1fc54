using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 19 part 2 (docs/decisions/0072-cameras.md): the system administrator registers a camera whose stream is a short HLS
/// stream made by ffmpeg; the command center's acceptor opens it from the map on a phone and on the video wall, sees a frame
/// drawn, takes a snapshot and reports a case with it as the photo, then attaches the snapshot to that case, now open
/// (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public class CameraFlowTests(BrowserFixture browser)
{
    /// <summary>A place in 拓东街道, the acceptor's street (as the patrol flow's).</summary>
    private const string Lat = "25.0478", Lng = "102.7196";

    [Fact]
    public async Task Acceptor_OpensACameraOnTheMapAndTheWall_SeesAFrameAndReportsACaseWithTheSnapshot()
    {
        await using var stream = await HlsTestStream.StartAsync();
        var code = $"CAM-T{Random.Shared.Next(10000, 99999)}";
        await RegisterAsync(browser, code, Lat, Lng, stream.Url, refuseOffList: true);

        // The phone: the camera on the map, its live view beside it (below, at this width).
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "center.tuodong");
        await phone.GotoAsync("/map");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-cameras]", new() { Timeout = 60_000 });
        await phone.Locator($"[data-testid=district-map] [data-camera={code}]").DispatchEventAsync("click");
        var onMap = phone.Locator($"[data-testid=map-camera] [data-testid=camera-player][data-camera={code}]");
        await Assertions.Expect(onMap).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        await onMap.ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-camera-phone.png") });

        // The wall: the camera chosen into a tile, a frame drawn on the snapshot's canvas, and the case reported with it.
        var center = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(center, "center.tuodong");
        await center.GotoAsync("/cameras");
        await center.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await ChooseAsync(center, code);
        var tile = center.Locator($"[data-testid=camera-wall] [data-testid=camera-player][data-camera={code}]");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        Assert.True(await tile.Locator("video").EvaluateAsync<int>("v => v.readyState") >= 2);
        await tile.Locator("[data-testid=camera-snapshot]").ClickAsync();
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-frame", "drawn");
        await tile.Locator("[data-testid=camera-category]").ClickAsync();
        await center.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        await tile.Locator("[data-testid=camera-description]").FillAsync("监控发现路口有暴露垃圾");
        await tile.Locator("[data-testid=camera-report-send]").ClickAsync();
        var link = tile.Locator("[data-testid=camera-case]");
        await Assertions.Expect(link).ToHaveTextAsync(new Regex(@"\d"));
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-camera-wall.png"), FullPage = true });
        var number = (await link.TextContentAsync())!.Trim();

        // The same snapshot attached to a case already open (ADR 78): a number outside the area is refused as not found,
        // the case's own number (typed, then offered among the area's open cases) takes it as a check photo.
        await tile.Locator("[data-testid=camera-mode-attach]").ClickAsync();
        var attach = tile.Locator("[data-testid=camera-attach]");
        await attach.Locator("[data-testid=camera-attach-number]").FillAsync("AJ2000010100001");
        await attach.Locator("[data-testid=camera-attach-send]").ClickAsync();
        await Assertions.Expect(attach).ToContainTextAsync("不在您的辖区内");
        await attach.Locator("[data-testid=camera-attach-number]").FillAsync(number);
        await attach.Locator($"[data-testid=camera-attach-pick][data-case={number}]").ClickAsync();
        await attach.Locator("[data-testid=camera-attach-send]").ClickAsync();
        await Assertions.Expect(attach.Locator("[data-testid=camera-attach-case]")).ToHaveTextAsync(number);
        await tile.ScrollIntoViewIfNeededAsync();
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-camera-attach.png"), FullPage = true });

        await BrowserFixture.ChooseEnglishAsync(center);
        await ChooseAsync(center, code);
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        await center.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-camera-wall-en.png"), FullPage = true });
        await BrowserFixture.ChooseEnglishAsync(phone);
        await phone.WaitVisibleAsync("[data-testid=district-map][data-cameras]", new() { Timeout = 60_000 });
        await phone.Locator($"[data-testid=district-map] [data-camera={code}]").DispatchEventAsync("click");
        await Assertions.Expect(onMap).ToHaveAttributeAsync("data-state", "playing", new() { Timeout = 20_000 });
        await onMap.ScrollIntoViewIfNeededAsync();
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("19-camera-phone-en.png") });

        // The snapshot is the case's photo, through the case's own photo path (a stored JPEG with its thumbnail).
        await center.GotoAsync($"/cases/{number}");
        var photo = center.Locator("[data-testid=case-photos] img").First;
        await Assertions.Expect(photo).ToBeVisibleAsync();
        Assert.True(await photo.EvaluateAsync<int>("img => img.complete ? img.naturalWidth : 0") > 0);
        await Assertions.Expect(center.Locator("[data-testid=case-photos] [data-stage=Check] img")).ToHaveCountAsync(1);
        await phone.Context.CloseAsync();
        await center.Context.CloseAsync();
    }

    /// <summary>
    /// The system administrator registers a camera at a place with the test stream (the incident room's step uses it too);
    /// <paramref name="refuseOffList"/> first tries an address off the allow-list, refused with a message naming the allowed hosts.
    /// </summary>
    internal static async Task RegisterAsync(BrowserFixture browser, string code, string lat, string lng, string url, bool refuseOffList = false)
    {
        var admin = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, "sysadmin");
        await admin.GotoAsync("/admin/cameras");
        await admin.WaitVisibleAsync("[data-circuit=ready]", new() { Timeout = 60_000 });
        await admin.FillAsync("[data-testid=camera-code]", code);
        await admin.FillAsync("[data-testid=camera-name]", "测试路口监控");
        await admin.FillAsync("[data-testid=camera-lat]", lat);
        await admin.FillAsync("[data-testid=camera-lng]", lng);
        if (refuseOffList)
        {
            await admin.FillAsync("[data-testid=camera-url]", "http://10.0.0.8/index.m3u8");
            await admin.ClickAsync("[data-testid=camera-save]");
            await Assertions.Expect(admin.Locator("[data-testid=camera-form]")).ToContainTextAsync("不在允许列表中");
        }
        await admin.FillAsync("[data-testid=camera-url]", url);
        await admin.ClickAsync("[data-testid=camera-save]");
        await Assertions.Expect(admin.Locator($"[data-testid=camera-row][data-camera={code}]")).ToBeVisibleAsync();
        await admin.Context.CloseAsync();
    }

    /// <summary>Puts the camera on the wall unless the wall opened with it already (the first cameras of the scope fill it).</summary>
    private static async Task ChooseAsync(IPage page, string code)
    {
        var chip = page.Locator($"[data-testid=camera-choice][data-camera={code}]");
        await Assertions.Expect(chip).ToHaveAttributeAsync("data-chosen", new Regex("^(true|false)$"));
        if (await chip.GetAttributeAsync("data-chosen") == "false")
        {
            await chip.ClickAsync();
        }
    }
}
