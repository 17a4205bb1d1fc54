using Microsoft.Playwright;
using Panlong.Testing;

namespace Panlong.BrowserTests;

/// <summary>
/// The loop as people walk it: an inspector reports from a phone with a photo, the command center accepts, files and
/// dispatches, the department feeds back with an after-photo, the inspector checks, the shift lead closes — while a
/// leader's board in a second browser context follows every step without reloading.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class CaseFlowTests(BrowserFixture browser)
{
    private readonly CaseSteps _steps = new(browser);

    [Fact]
    public async Task InspectorReport_FromAPhone_RunsToClosingWhileTheBoardFollows()
    {
        var photo = Path.Combine(Path.GetTempPath(), $"panlong-before-{Guid.NewGuid():N}.png");
        var after = Path.Combine(Path.GetTempPath(), $"panlong-after-{Guid.NewGuid():N}.png");
        var fake = Path.Combine(Path.GetTempPath(), $"panlong-fake-{Guid.NewGuid():N}.jpg");
        await File.WriteAllBytesAsync(photo, TestImages.Png(red: 180));
        await File.WriteAllBytesAsync(after, TestImages.Png(red: 40, green: 160));
        await File.WriteAllTextAsync(fake, "this is text, not a photo");

        // The leader's board, open the whole time in its own context.
        var board = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(board, "leader");
        await board.GotoAsync("/cases/board");
        await board.WaitVisibleAsync("[data-testid=board]");
        var receivedBefore = int.Parse((await board.Locator("[data-testid=board-received-today]").InnerTextAsync()).Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

        // 1. The inspector, on a phone.
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(phone, "inspector");
        await phone.GotoAsync("/cases/report");
        await phone.WaitVisibleAsync("[data-testid=district-map][data-ready=true]");
        await phone.ClickAsync("[data-testid=report-submit]");
        await Assertions.Expect(phone.Locator("[data-testid=report-form]")).ToContainTextAsync("请选择案件类别");
        await Assertions.Expect(phone.Locator("[data-testid=report-position-error]")).ToContainTextAsync("请在地图上点选");

        await phone.ClickAsync("[data-testid=report-category]");
        await phone.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "暴露垃圾" }).First.ClickAsync();
        await phone.FillAsync("[data-testid=report-description]", "人行道旁堆放生活垃圾约两立方米");
        await phone.FillAsync("[data-testid=report-address]", "东风东路人行道");
        // What was typed is on the server before anything else re-renders the form (the fields bind as you type).
        await Assertions.Expect(phone.Locator("[data-testid=report-description]")).ToHaveValueAsync("人行道旁堆放生活垃圾约两立方米");
        await phone.SetInputFilesAsync("[data-testid=report-photos]", fake);
        await Assertions.Expect(phone.Locator("[data-testid=report-photo-error]")).ToContainTextAsync("不是可识别的照片");
        await phone.SetInputFilesAsync("[data-testid=report-photos]", photo);
        await Assertions.Expect(phone.Locator("[data-testid=report-thumbs]")).ToContainTextAsync("处置前");
        var map = phone.Locator("[data-testid=district-map]");
        // The middle of the district's outline: the map is fitted to it.
        await map.ClickAsync();
        await Assertions.Expect(phone.Locator("[data-testid=report-position]")).ToContainTextAsync(".");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-report-phone.png"), FullPage = true });
        await phone.ClickAsync("[data-testid=report-submit]");
        await phone.WaitForURLAsync("**/cases/AJ*");
        var number = (await phone.Locator("[data-testid=case-number]").InnerTextAsync()).Trim();
        await Assertions.Expect(phone.Locator("[data-testid=case-state]")).ToHaveAttributeAsync("data-state", "Accepting");

        // The board shows it without a reload.
        await Assertions.Expect(board.Locator("[data-testid=board-received-today]")).ToHaveTextAsync((receivedBefore + 1).ToString("N0", System.Globalization.CultureInfo.CurrentCulture));
        await Assertions.Expect(board.Locator("[data-testid=board-newest]")).ToContainTextAsync(number);

        // 2. The command center: accept, file, dispatch.
        await _steps.ActAsync("acceptor", number, "Accept");
        await _steps.ActAsync("shiftlead", number, "File");
        var dispatcher = await _steps.OpenAsync("dispatcher", number);
        await dispatcher.ClickAsync("[data-testid=action-Dispatch]");
        await Assertions.Expect(dispatcher.Locator("[data-testid=action-unit]")).ToContainTextAsync("环境卫生");
        await dispatcher.ClickAsync("[data-testid=action-unit]");
        await dispatcher.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "城市管理综合行政执法局" }).First.ClickAsync();
        await dispatcher.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-dispatch-desktop.png"), FullPage = true });
        await CaseSteps.ConfirmAsync(dispatcher, "Handling");
        await Assertions.Expect(board.Locator("[data-testid=board-states] tr[data-state=Handling]")).ToBeVisibleAsync();

        // The district center stands above the department that now holds the step: it may urge (督办), never act for it.
        await dispatcher.ClickAsync("[data-testid=action-Urge]");
        await dispatcher.FillAsync("[data-testid=action-comment]", "请今日内清运完毕");
        await CaseSteps.ConfirmAsync(dispatcher, "Handling");
        await Assertions.Expect(dispatcher.Locator("[data-testid=case-timeline]")).ToContainTextAsync("请今日内清运完毕");
        await Assertions.Expect(dispatcher.Locator("[data-testid=action-Complete]")).ToHaveCountAsync(0);
        await dispatcher.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-urged-desktop.png"), FullPage = true });
        var urgedPhone = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(urgedPhone, "dispatcher");
        await urgedPhone.GotoAsync($"/cases/{number}");
        await BrowserFixture.ChooseEnglishAsync(urgedPhone);
        await urgedPhone.WaitVisibleAsync("[data-testid=case-timeline]");
        await urgedPhone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-urged-phone-en.png"), FullPage = true });
        await urgedPhone.Context.CloseAsync();

        // 3. The department feeds back, with an after-photo (refused without one).
        var handler = await _steps.OpenAsync("handler", number);
        await Assertions.Expect(handler.Locator("[data-testid=bell-count]")).ToHaveAttributeAsync("data-count", new System.Text.RegularExpressions.Regex("[1-9]"));
        await handler.ClickAsync("[data-testid=action-Complete]");
        await handler.ClickAsync("[data-testid=action-confirm]");
        await Assertions.Expect(handler.Locator("[data-testid=action-error]")).ToContainTextAsync("请上传附件");
        await handler.SetInputFilesAsync("[data-testid=action-photos]", after);
        await Assertions.Expect(handler.Locator("[data-testid=action-photo-count]")).ToContainTextAsync("1");
        await handler.FillAsync("[data-testid=action-comment]", "已清运完毕");
        await CaseSteps.ConfirmAsync(handler, "Checking");

        // 4. The inspector checks on the phone; 5. the shift lead closes.
        await BrowserFixture.ReloadLiveAsync(phone);
        await CaseSteps.TakeAsync(phone, "Pass", "Closing");
        var lead = await _steps.OpenAsync("shiftlead", number);
        await CaseSteps.TakeAsync(lead, "Close", "Closed");
        await Assertions.Expect(lead.Locator("[data-testid=case-photos] [data-stage=After]")).ToHaveCountAsync(1);
        await Assertions.Expect(lead.Locator("[data-testid=case-timeline]")).ToContainTextAsync("已清运完毕");
        await Assertions.Expect(lead.Locator("[data-testid=case-actions]")).ToHaveCountAsync(0);
        await lead.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-closed-desktop.png"), FullPage = true });

        await Assertions.Expect(board.Locator("[data-testid=board-closed-today]")).Not.ToHaveTextAsync("0");
        await board.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-board.png"), FullPage = true });
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-closed-phone.png"), FullPage = true });

        // The desks: the inspector's reports on the phone, the leader's overview of the area with the closed case.
        await BrowserFixture.OpenAsync(phone, "/cases");
        await phone.ClickAsync("[data-testid=tab-Reported]");
        await Assertions.Expect(phone.Locator("[data-testid=case-table]")).ToContainTextAsync(number);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-desk-phone.png"), FullPage = true });
        await BrowserFixture.OpenAsync(board, "/cases");
        await Assertions.Expect(board.Locator("[data-testid=case-table]")).ToContainTextAsync(number);
        await board.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("case-desk-leader.png") });
        // The one map carries the open cases as a layer (this one is closed, so the layer counts the open ones only).
        await board.GotoAsync("/map");
        await Assertions.Expect(board.Locator("[data-testid=district-map][data-ready=true]")).ToHaveAttributeAsync("data-cases", new System.Text.RegularExpressions.Regex(@"^\d+$"), new() { Timeout = 30_000 });
    }
}
