using Microsoft.Playwright;

namespace Panlong.BrowserTests;

/// <summary>How the browser tests wait for something to show.</summary>
public static class PageWaits
{
    /// <summary>
    /// Waits until the first element matching <paramref name="selector"/> is visible. Playwright's own WaitForSelectorAsync
    /// hands back an element handle: when Blazor replaces the node it found (the circuit taking over the prerendered markup, a
    /// live re-render), fetching that handle can hang until the timeout although the log says "resolved to visible" — a CI run
    /// failed that way on the case page. A locator assertion holds no handle and re-queries until it passes.
    /// </summary>
    public static Task WaitVisibleAsync(this IPage page, string selector, PageWaitForSelectorOptions? options = null) =>
        Assertions.Expect(page.Locator(selector).First).ToBeVisibleAsync(new() { Timeout = options?.Timeout });
}
