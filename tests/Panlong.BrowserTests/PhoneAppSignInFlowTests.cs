using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// The phone app's sign-in (ADR 91) in Chromium at phone size: js/app-auth.js starts code + PKCE, the portal's own sign-in
/// page takes the password, the app exchanges the code and lists the person's cases through <c>panlongAuth.fetch</c> — a
/// fetch without cookies, so the bearer token alone answers. A reload keeps the sign-in (refresh token in IndexedDB); a
/// forged answer is refused with the sentence in the person's language. A report queued offline goes out with the token, once, and the
/// app's sign-out ends the portal session too (ADR 97).
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

        await QueuedReport_IsSentWithTheTokenOnceAsync(phone);

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
        // The sign-out ended the portal's own session in this browser too (/connect/logout, ADR 97), and the app holds no token.
        Assert.Equal(401, (await phone.Context.APIRequest.GetAsync("/api/pwa/form")).Status);
        Assert.False(await phone.EvaluateAsync<bool>("() => panlongAuth.isSignedIn()"));
    }

    /// <summary>
    /// The offline queue (report-queue.js) on a phone whose app holds a token: a report kept while offline goes out when the
    /// network returns as one POST with the bearer token and no cookie, once — a second flush sends nothing (ADR 97).
    /// </summary>
    private static async Task QueuedReport_IsSentWithTheTokenOnceAsync(IPage phone)
    {
        var posts = new List<IRequest>();
        void Watch(object? sender, IRequest request)
        {
            if (request.Url.Contains("/api/cases", StringComparison.Ordinal) && request.Method == "POST" || request.Url.Contains("/api/antiforgery", StringComparison.Ordinal))
            {
                lock (posts)
                {
                    posts.Add(request);
                }
            }
        }
        var description = $"手机应用离线上报：井盖缺失 {Guid.NewGuid().ToString("N")[..8]}";
        var form = await phone.EvaluateAsync<JsonElement>("async () => (await (await panlongAuth.fetch('/api/pwa/form')).json())");
        var category = form.GetProperty("categories").EnumerateArray().First(c => c.GetProperty("code").GetString() == "14-01").GetProperty("id").GetInt32();
        phone.Request += Watch;
        try
        {
            await phone.Context.SetOfflineAsync(true);
            await phone.EvaluateAsync("report => PanlongQueue.add(report)", new
            {
                owner = form.GetProperty("user").GetString(), categoryId = category, categoryLabel = "14-01", description, address = "东庄路与北京路口",
                lat = 25.0478, lng = 102.7196, photos = Array.Empty<object>(),
            });
            Assert.Equal(0, await phone.EvaluateAsync<int>("() => PanlongQueue.flush()"));
            await phone.Context.SetOfflineAsync(false);
            Assert.Equal(1, await phone.EvaluateAsync<int>("() => PanlongQueue.flush()"));
            Assert.Equal(0, await phone.EvaluateAsync<int>("() => PanlongQueue.flush()"));
        }
        finally
        {
            await phone.Context.SetOfflineAsync(false);
            phone.Request -= Watch;
        }
        var sent = Assert.Single(posts);
        Assert.EndsWith("/api/cases", sent.Url, StringComparison.Ordinal);
        var headers = await sent.AllHeadersAsync();
        Assert.StartsWith("Bearer ", headers["authorization"], StringComparison.Ordinal);
        Assert.False(headers.ContainsKey("cookie"), "the queue sent the portal's cookie beside the token");
        var number = await phone.EvaluateAsync<string>("d => PanlongQueue.all().then(items => items.find(i => i.description === d)).then(i => i.state + ' ' + i.number)", description);
        Assert.Matches(@"^sent AJ\d+$", number);
        var found = await phone.EvaluateAsync<JsonElement>("async d => (await (await panlongAuth.fetch('/api/cases/?kind=Reported&text=' + encodeURIComponent(d))).json())", description);
        Assert.Equal(1, found.GetProperty("total").GetInt32());
        Assert.Equal(number[5..], found.GetProperty("rows")[0].GetProperty("number").GetString());
    }
}
