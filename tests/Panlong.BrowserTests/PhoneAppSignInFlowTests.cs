using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// The phone app's sign-in (ADR 91) in Chromium at phone size: js/app-auth.js starts code + PKCE, the portal's own sign-in
/// page takes the password, the app exchanges the code and lists the person's cases through <c>panlongAuth.fetch</c> — a
/// fetch without cookies, so the bearer token alone answers. A reload keeps the sign-in (refresh token in IndexedDB); a
/// forged answer is refused with the sentence in the person's language.
/// </summary>
[Collection(nameof(BrowserCollection))]
public class PhoneAppSignInFlowTests(BrowserFixture browser)
{
    private static readonly string[] SignedIn = ["msgSignedIn", "msgNone"];

    private static async Task WaitSignedInAsync(IPage phone)
    {
        var status = phone.Locator("[data-testid=app-status]");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^msg(SignedIn|None)$"), new() { Timeout = 30_000 });
        // The list is what the API gives the token, asked again here without the cookie.
        var rows = await phone.EvaluateAsync<int>("async () => (await (await panlongAuth.fetch('/api/cases/?kind=Area&pageSize=20')).json()).rows.length");
        await Assertions.Expect(phone.Locator("[data-testid=app-cases] li")).ToHaveCountAsync(rows);
        // Each row reads number · category · state from the API's own field names (a screenshot showed "undefined").
        Assert.DoesNotContain("undefined", string.Join(" ", await phone.Locator("[data-testid=app-cases] li").AllInnerTextsAsync()), StringComparison.Ordinal);
        Assert.Contains(await status.GetAttributeAsync("data-state"), SignedIn);
    }

    [Fact]
    public async Task PhoneApp_SignsInWithCodeAndPkce_ListsTheUsersCasesThroughTheToken()
    {
        var phone = await browser.NewPageAsync(390, 844, mobile: true);
        await phone.GotoAsync("/app");
        await phone.ClickAsync("[data-testid=app-sign-in]");
        await phone.WaitForURLAsync("**/account/login**", new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        await phone.FillAsync("#username", "gridworker");
        await phone.FillAsync("#password", BrowserFixture.DemoPassword);
        await phone.ClickAsync("#login-submit");
        await phone.WaitForURLAsync("**/app/signed-in**", new() { Timeout = 30_000 });
        await WaitSignedInAsync(phone);
        // The code is spent and gone from the address bar.
        Assert.DoesNotContain("code=", phone.Url, StringComparison.Ordinal);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-phone-app-signed-in-zh.png"), FullPage = true });

        // English, after a reload: the access token was in memory only, the refresh token in IndexedDB brings a new one.
        await phone.GotoAsync("/culture/set?culture=en&redirectUri=/app");
        await phone.WaitVisibleAsync("html[lang=en] [data-testid=app-status]", new() { Timeout = 30_000 });
        await WaitSignedInAsync(phone);
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-phone-app-signed-in-en.png"), FullPage = true });

        // An answer this tab never asked for (a forged or replayed redirect) is refused, not exchanged.
        await phone.GotoAsync("/app/signed-in?code=forged&state=forged");
        await Assertions.Expect(phone.Locator("[data-testid=app-status]")).ToHaveAttributeAsync("data-state", "msgState", new() { Timeout = 30_000 });
        await Assertions.Expect(phone.Locator("[data-testid=app-status]")).ToContainTextAsync("does not match");
        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Paths.Screenshot("20-phone-app-state-refused-en.png"), FullPage = true });

        await phone.ClickAsync("[data-testid=app-sign-in]");
        await phone.WaitForURLAsync("**/app/signed-in**", new() { Timeout = 30_000 });
        await WaitSignedInAsync(phone);
        await phone.ClickAsync("[data-testid=app-sign-out]");
        await Assertions.Expect(phone.Locator("[data-testid=app-status]")).ToHaveAttributeAsync("data-state", "msgSignedOut");
    }
}
