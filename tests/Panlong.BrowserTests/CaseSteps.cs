using System.Text.Json;
using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>
/// The case page's steps as the loop's people take them (docs/workflows.md): the loop's own story (CaseFlowTests) and the
/// article's (SupermarketFlowTests) walk the same page the same way.
/// </summary>
public sealed class CaseSteps(BrowserFixture browser)
{
    /// <summary>A fresh browser context signed in as <paramref name="user"/>, on the case's page with its actions drawn.</summary>
    public async Task<IPage> OpenAsync(string user, string number)
    {
        var page = await browser.NewPageAsync();
        await BrowserFixture.SignInAsync(page, user);
        await ShowAsync(page, number);
        return page;
    }

    /// <summary>The case's page in a context already signed in, its actions drawn.</summary>
    public static async Task ShowAsync(IPage page, string number)
    {
        await BrowserFixture.OpenAsync(page, $"/cases/{number}");
        // Sized for a loaded machine: the case page reads the case, its timeline and its map after the circuit starts.
        await page.WaitVisibleAsync("[data-testid=case-state]", new() { Timeout = 60_000 });
    }

    /// <summary>One step by someone who does nothing else on the case: open it, act, confirm, and close the context.</summary>
    public async Task ActAsync(string user, string number, string trigger)
    {
        var page = await OpenAsync(user, number);
        await page.ClickAsync($"[data-testid=action-{trigger}]");
        await page.ClickAsync("[data-testid=action-confirm]");
        await Assertions.Expect(page.Locator("[data-testid=action-form]")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// One step on a case page already open: the action's button shows once the page has the step (an open page follows
    /// the case live), then confirm and wait for the state it leads to.
    /// </summary>
    public static async Task TakeAsync(IPage page, string trigger, string expectedState)
    {
        var action = page.Locator($"[data-testid=action-{trigger}]");
        try
        {
            // Sized for a loaded machine, as the page's own wait: the buttons come with the case's read.
            await Assertions.Expect(action).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new InvalidOperationException($"No {trigger} on the page: {await DescribeAsync(page)}", ex);
        }
        await action.ClickAsync();
        await ConfirmAsync(page, expectedState);
    }

    /// <summary>What the case page shows, for a failure's message: who is signed in, the state, the actions offered, any failure.</summary>
    private static async Task<string> DescribeAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<string>("""
                () => {
                    const text = s => document.querySelector(s)?.textContent?.trim() ?? "-";
                    const actions = [...document.querySelectorAll("[data-testid^=action-]")].map(e => e.dataset.testid).join(",");
                    return `url=${location.pathname} visibility=${document.visibilityState} user=${text("[data-testid=user-chip]")} circuit=${document.querySelector("[data-circuit]")?.dataset.circuit}` +
                        ` state=${document.querySelector("[data-testid=case-state]")?.dataset.state} actions=[${actions}] failure=${text("[data-testid=page-failure]")}` +
                        ` reconnect=${document.querySelector("#components-reconnect-modal, .components-reconnect-show") ? "shown" : "no"}`;
                }
                """).WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (PlaywrightException e)
        {
            return $"(the page did not answer: {e.Message.Split('\n')[0]})";
        }
        catch (TimeoutException)
        {
            return "(the page's main thread did not answer within 15 s)";
        }
    }

    /// <summary>
    /// One step through the case API — POST /api/cases/{number}/actions/{trigger}, the CaseService.ActAsync the page's confirm
    /// calls — as the signed-in context's user, with the version it reads first (If-Match) and the antiforgery token a cookie
    /// client sends. For a story whose subject is not the case page (CaseFlowTests walks these steps on the page).
    /// </summary>
    public static async Task ActByApiAsync(IPage signedIn, string number, string trigger, string comment, IReadOnlyDictionary<string, string>? fields = null, string? photo = null)
    {
        var api = signedIn.Context.APIRequest;
        using var token = JsonDocument.Parse(await (await api.GetAsync("/api/antiforgery")).TextAsync());
        var seen = await api.GetAsync($"/api/cases/{number}");
        var form = api.CreateFormData();
        form.Set("comment", comment);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            form.Set(key, value);
        }
        if (photo is not null)
        {
            form.Set("photos", new FilePayload { Name = Path.GetFileName(photo), MimeType = "image/png", Buffer = await File.ReadAllBytesAsync(photo) });
        }
        var acted = await api.PostAsync($"/api/cases/{number}/actions/{trigger}", new()
        {
            Headers = new Dictionary<string, string>
            {
                [token.RootElement.GetProperty("headerName").GetString()!] = token.RootElement.GetProperty("token").GetString()!,
                ["If-Match"] = seen.Headers["etag"],
            },
            Multipart = form,
        });
        Assert.True(acted.Ok, $"{trigger}: {acted.Status} {await acted.TextAsync()}");
    }

    public static async Task ConfirmAsync(IPage page, string expectedState)
    {
        try
        {
            await page.ClickAsync("[data-testid=action-confirm]");
        }
        catch (TimeoutException ex)
        {
            // A click that finds the button and then hangs is a page whose main thread does not answer (CI stop 30).
            throw new InvalidOperationException($"The confirm button did not take the click: {await DescribeAsync(page)}", ex);
        }
        try
        {
            // Generous: on a busy 2-core machine a step with a photo can take a few seconds.
            await Assertions.Expect(page.Locator("[data-testid=case-state]")).ToHaveAttributeAsync("data-state", expectedState, new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            var error = page.Locator("[data-testid=action-error]");
            throw new InvalidOperationException($"Not {expectedState}; the page says: {(await error.CountAsync() > 0 ? await error.InnerTextAsync() : "(no error shown)")}", ex);
        }
    }
}
