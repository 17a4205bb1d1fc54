using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// Issue 20 part 6, the phone app without the network: the report page online installs the service worker; with the phone
/// offline the offline form comes from the worker's cache, keeps a report with its photo in IndexedDB ("1 waiting"), and sends
/// it when the network returns — exactly once, by its client key (docs/decisions/0092-offline-phone-app.md).
/// </summary>
[Collection(nameof(BrowserCollection))]
public partial class OfflineReportFlowTests(BrowserFixture browser)
{
    // In 东庄社区, the grid worker's own area (the patrol flow walks there too).
    private static readonly Geolocation Dongzhuang = new() { Latitude = 25.0478f, Longitude = 102.7196f, Accuracy = 8 };

    [Fact]
    public async Task GridWorker_ReportsOffline_TheQueueSendsItOnceWhenTheNetworkReturns()
    {
        var photo = Path.Combine(Path.GetTempPath(), $"panlong-offline-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(photo, TestImages.Png(red: 90, green: 120));
        var description = $"离线上报：路口暴露垃圾 {Guid.NewGuid().ToString("N")[..8]}";
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await phone.Context.GrantPermissionsAsync(["geolocation"]);
        await phone.Context.SetGeolocationAsync(Dongzhuang);
        try
        {
            await BrowserFixture.SignInAsync(phone, "gridworker");
            await BrowserFixture.OpenAsync(phone, "/cases/report");
            // The worker controls the page and holds this reporter's categories and words.
            await Assertions.Expect(phone.Locator("html")).ToHaveAttributeAsync("data-offline-ready", "true");

            await phone.Context.SetOfflineAsync(true);
            // Without the network the page can only come from the worker's cache.
            await phone.GotoAsync("/offline.html");
            await Assertions.Expect(phone.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
            await Assertions.Expect(phone.Locator("[data-testid=offline-network]")).ToHaveAttributeAsync("data-online", "false");
            await phone.ClickAsync("[data-testid=offline-save]");
            await Assertions.Expect(phone.Locator("[data-testid=offline-form-error]")).ToContainTextAsync("请选择类别");

            var category = await phone.Locator("[data-testid=offline-category] option", new() { HasTextString = "暴露垃圾" }).First.GetAttributeAsync("value");
            await phone.SelectOptionAsync("[data-testid=offline-category]", category!);
            await phone.FillAsync("[data-testid=offline-description]", description);
            await phone.FillAsync("[data-testid=offline-address]", "东庄路与北京路口");
            await phone.ClickAsync("[data-testid=offline-locate]");
            await Assertions.Expect(phone.Locator("[data-testid=offline-position]")).ToContainTextAsync("25.0478");
            await phone.SetInputFilesAsync("[data-testid=offline-photos]", photo);
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-pwa-offline-form-phone-zh.png"), FullPage = true });
            await phone.ClickAsync("[data-testid=offline-save]");

            var waiting = phone.Locator("[data-testid=offline-waiting]");
            await Assertions.Expect(waiting).ToHaveTextAsync("1 条等待发送");
            await Assertions.Expect(phone.Locator("[data-testid=offline-item]")).ToHaveAttributeAsync("data-state", "waiting");
            await Assertions.Expect(phone.Locator("[data-testid=offline-item]")).ToContainTextAsync("1 张照片");
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-pwa-offline-queue-phone-zh.png"), FullPage = true });
            await phone.ClickAsync("[data-testid=offline-language]");
            await Assertions.Expect(waiting).ToHaveTextAsync("1 waiting");
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-pwa-offline-queue-phone-en.png"), FullPage = true });

            await phone.Context.SetOfflineAsync(false);
            var sent = phone.Locator("[data-testid=offline-item][data-state=sent]");
            await Assertions.Expect(sent.Locator("[data-testid=offline-item-number]")).ToHaveTextAsync(CaseNumber());
            await Assertions.Expect(waiting).ToHaveTextAsync("0 waiting");
            var number = await sent.Locator("[data-testid=offline-item-number]").InnerTextAsync();
            await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-pwa-offline-sent-phone-en.png"), FullPage = true });

            // A reload sends again whatever still waits: nothing does, and the server holds one case for the report.
            await phone.ReloadAsync();
            await Assertions.Expect(phone.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
            await Assertions.Expect(phone.Locator("[data-testid=offline-item-number]")).ToHaveTextAsync(number);
            var list = await phone.Context.APIRequest.GetAsync($"/api/cases?kind=Reported&text={Uri.EscapeDataString(description)}");
            using var found = JsonDocument.Parse(await list.TextAsync());
            Assert.Equal(1, found.RootElement.GetProperty("total").GetInt32());
            Assert.Equal(number, found.RootElement.GetProperty("rows")[0].GetProperty("number").GetString());
        }
        finally
        {
            await phone.Context.SetOfflineAsync(false);
            File.Delete(photo);
        }
    }

    [GeneratedRegex(@"^AJ\d+$")]
    private static partial Regex CaseNumber();
}
