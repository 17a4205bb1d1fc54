using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>Issue 16 (accessibility and 适老化): the larger-text mode, the focus ring, and menus used from the keyboard.</summary>
[Collection(nameof(BrowserCollection))]
public class KeyboardAndTextSizeTests(BrowserFixture browser)
{
    private static Task<string> RootFontSizeAsync(IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize");

    /// <summary>The toggle's handler runs over the circuit, so the size changes some time after the click: wait for it
    /// (the fixture's generous timeout), then read it — a failure still names the size found.</summary>
    private static async Task ExpectRootFontSizeAsync(IPage page, string size)
    {
        try
        {
            await page.WaitForFunctionAsync("s => getComputedStyle(document.documentElement).fontSize === s", size);
        }
        catch (TimeoutException)
        {
        }
        Assert.Equal(size, await RootFontSizeAsync(page));
    }

    [Fact]
    public async Task LargerText_ToggledInTheAppBar_ScalesThePageAndIsRememberedOnTheNextPage()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await BrowserFixture.SignInAsync(page, "resident");
        await ExpectRootFontSizeAsync(page, "16px");

        await page.ClickAsync("[data-testid=large-text]");

        await Assertions.Expect(page.Locator("[data-testid=large-text]")).ToHaveAttributeAsync("aria-pressed", "true");
        await ExpectRootFontSizeAsync(page, "20px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-a11y-large-text-home-phone.png") });
        await BrowserFixture.OpenAsync(page, "/my/applications");
        await ExpectRootFontSizeAsync(page, "20px");
        await Assertions.Expect(page.Locator("[data-testid=large-text]")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.ClickAsync("[data-testid=large-text]");
        await ExpectRootFontSizeAsync(page, "16px");
    }

    [Fact]
    public async Task LargerText_OnTheStaticSignInPage_HasItsOwnToggle()
    {
        var page = await browser.NewPageAsync(390, 844, mobile: true);
        await page.GotoAsync("/account/login");

        await page.ClickAsync("#large-text");

        await ExpectRootFontSizeAsync(page, "20px");
        await page.ReloadAsync();
        await ExpectRootFontSizeAsync(page, "20px");
        await Assertions.Expect(page.Locator("#large-text")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-a11y-large-text-login-phone.png") });
    }

    [Fact]
    public async Task Keyboard_TabbingOntoAControl_ShowsAFocusRing()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "resident");
        await page.Locator("[data-testid=large-text]").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");

        var ring = await page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return `${document.activeElement.dataset.testid} ${s.outlineStyle} ${s.outlineWidth}`; }");

        Assert.Equal("large-text solid 3px", ring);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("16-a11y-focus-ring.png"), Clip = new() { X = 800, Y = 0, Width = 566, Height = 120 } });
    }

    [Fact]
    public async Task AccountMenu_OpenedAndClosedFromTheKeyboard_ReturnsFocusToItsButton()
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "resident");
        await page.Locator("[data-testid=large-text]").FocusAsync();
        var activator = page.Locator("[data-testid=user-chip]");
        for (var i = 0; i < 6 && !await activator.EvaluateAsync<bool>("a => a.contains(document.activeElement)"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.True(await activator.EvaluateAsync<bool>("a => a.contains(document.activeElement)"), "the account menu is not reached with Tab");

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=menu-password]")).ToBeVisibleAsync();
        // The open menu takes the focus, so Escape reaches it.
        await page.WaitForFunctionAsync("() => document.activeElement?.closest('.mud-popover-open') != null");
        await page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(page.Locator("[data-testid=menu-password]")).ToBeHiddenAsync();
        Assert.True(await activator.EvaluateAsync<bool>("a => a.contains(document.activeElement)"), "focus did not return to the account menu's button");
    }
}
