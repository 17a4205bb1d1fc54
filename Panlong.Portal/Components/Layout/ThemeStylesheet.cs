using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.JSInterop;
using MudBlazor;
using MudBlazor.Services;

namespace Panlong.Portal.Components.Layout;

/// <summary>
/// The portal's theme as one stylesheet for the whole process: what <see cref="MudThemeProvider"/> writes for
/// <see cref="PortalTheme"/>, light under <c>:root</c> and dark under <c>:root.panlong-dark</c>, which the shell's script
/// sets from the remembered choice. As a component the provider kept a 12,000-character &lt;style&gt; and some hundred
/// parsed colours in every circuit (docs/decisions/0060-what-a-circuit-keeps-now.md); here MudBlazor's own provider
/// renders it once, so the look is exactly its own.
/// </summary>
public static partial class ThemeStylesheet
{
    public const string Path = "/theme.css";

    /// <summary>The class on &lt;html&gt; that selects the dark palette (Components/Layout/MainLayout.razor.js).</summary>
    public const string DarkClass = "panlong-dark";

    private static readonly Lazy<(string Css, string Href)> Built = new(Build);

    public static string Css => Built.Value.Css;

    /// <summary>The address with the content's hash, so a changed theme is fetched again and an unchanged one is cached.</summary>
    public static string Href => Built.Value.Href;

    public static IEndpointRouteBuilder MapThemeStylesheet(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Serve).AllowAnonymous().WithName("ThemeStylesheet")
            .WithSummary("The portal's light and dark palettes as CSS variables, the same for every user")
            .ExcludeFromDescription();
        return app;
    }

    public static ContentHttpResult Serve(HttpContext http)
    {
        // The address carries the hash: the same address always has the same content.
        http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return TypedResults.Text(Css, "text/css", Encoding.UTF8);
    }

    private static (string, string) Build()
    {
        var light = Styles(Render(dark: false));
        var dark = Styles(Render(dark: true));
        var css = new StringBuilder();
        foreach (var block in light)
        {
            css.AppendLine(block);
        }
        // Only what the dark palette changes, scoped to the class; the rest (scrollbar, shadows, sizes) is the same.
        foreach (var block in dark.Except(light))
        {
            css.AppendLine(RootSelector().Replace(block, $":root.{DarkClass}"));
        }
        var text = css.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
        return (text, $"{Path}?v={hash}");
    }

    private static string Render(bool dark)
    {
        using var services = new ServiceCollection().AddLogging().AddMudServices()
            .AddSingleton<IJSRuntime, NoBrowser>().BuildServiceProvider();
        using var scope = services.CreateScope();
        var renderer = new HtmlRenderer(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<ILoggerFactory>());
        try
        {
            return renderer.Dispatcher.InvokeAsync(async () =>
            {
                var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
                {
                    [nameof(MudThemeProvider.Theme)] = PortalTheme.Theme,
                    [nameof(MudThemeProvider.IsDarkMode)] = dark,
                });
                var output = await renderer.RenderComponentAsync<MudThemeProvider>(parameters);
                return output.ToHtmlString();
            }).GetAwaiter().GetResult();
        }
        finally
        {
            renderer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>The contents of the &lt;style&gt; elements the provider writes, each as one block.</summary>
    internal static IReadOnlyList<string> Styles(string html) =>
        [.. StyleElement().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim())];

    /// <summary>Rendered to HTML there is no browser: the provider's one call, letting go of it when disposed, does nothing.</summary>
    private sealed class NoBrowser : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }

    [GeneratedRegex(@"<style[^>]*>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    [GeneratedRegex(@":root\b")]
    private static partial Regex RootSelector();
}
