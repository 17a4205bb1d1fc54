using System.Net;
using System.Text.RegularExpressions;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>The headers every answer carries (issue 15), over HTTP against the real portal.</summary>
[Collection(nameof(PortalCollection))]
public partial class SecurityHeadersTests(PortalFactory portal)
{
    [Theory]
    [InlineData("/api/org/units")] // an API
    [InlineData("/registry/people")] // a page with personal data
    [InlineData("/api/cases/nonexistent")] // a problem answer
    public async Task DynamicAnswer_IsNotSniffedNotCachedAndLeaksOnlyTheOrigin(string path)
    {
        var gridworker = await portal.SignedInAsync("gridworker");

        var response = await gridworker.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control is '{response.Headers.CacheControl}'");
    }

    [Fact]
    public async Task StaticAsset_KeepsItsOwnCaching_AndIsNotSniffed()
    {
        var response = await portal.Anonymous().GetAsync("/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
    }

    [Fact]
    public async Task SignInPage_CarriesTheHeadersToo()
    {
        var response = await portal.Anonymous().GetAsync("/account/login");

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(response.Headers.CacheControl?.NoStore);
    }

    [Theory]
    [InlineData("/account/login", null)] // static SSR
    [InlineData("/", "leader")] // interactive pages
    [InlineData("/map", "leader")]
    [InlineData("/not-found", "leader")]
    public async Task HtmlPage_ForbidsInlineScript_ExceptItsImportMapWithThisRequestsNonce(string path, string? user)
    {
        var client = user is null ? portal.Anonymous() : await portal.SignedInAsync(user);

        var response = await client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var directives = policy.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Matches(@"^script-src 'self' 'nonce-[A-Za-z0-9_-]{22}'$", directives["script-src"]);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal("base-uri 'self'", directives["base-uri"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("form-action 'self'", directives["form-action"]);
        Assert.Contains("connect-src 'self' ws://localhost", policy, StringComparison.Ordinal);
        // Media only from this origin, hls.js's blob: source and the camera hosts of the Development allow-list (ADR 72).
        Assert.Equal("media-src 'self' blob: http://video.demo.panlong.local:* https://video.demo.panlong.local:*", directives["media-src"]);
        var nonce = Nonce().Match(policy).Groups[1].Value;
        var scripts = Script().Matches(html).Select(m => m.Value).ToList();
        Assert.Contains(scripts, s => s.Contains("type=\"importmap\"", StringComparison.Ordinal) && s.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal));
        // Every other script comes from a file of our own.
        Assert.All(scripts, s => Assert.True(s.Contains(" src=\"", StringComparison.Ordinal) || s.Contains($"nonce=\"{nonce}\"", StringComparison.Ordinal), s));
    }

    [Fact]
    public async Task Nonce_IsNewForEveryPage()
    {
        var anonymous = portal.Anonymous();

        var first = Nonce().Match(Assert.Single((await anonymous.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;
        var second = Nonce().Match(Assert.Single((await anonymous.GetAsync("/account/login")).Headers.GetValues("Content-Security-Policy"))).Groups[1].Value;

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("/api/org/units")] // JSON
    [InlineData("/favicon.svg")] // a static file
    public async Task NonHtmlAnswer_CarriesNoPolicy(string path)
    {
        var response = await (await portal.SignedInAsync("gridworker")).GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("https://tiles.example.cn/{z}/{x}/{y}.png", " https://tiles.example.cn")]
    [InlineData("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY", " https://*.tianditu.gov.cn")]
    [InlineData("http://10.0.0.5:8081/tiles/{z}/{x}/{y}.png", " http://10.0.0.5:8081")]
    [InlineData("https://{s}.{h}.example/{z}.png", " https:")]
    public void TileSource_IsTheTileServersOrigin(string? tileUrl, string expected) =>
        Assert.Equal(expected, ContentSecurityPolicy.TileSource(tileUrl));

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex Script();
}
