using Panlong.Data.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>Issue 16 item 12: what people copy from a page — codes and URLs — and what users are shown instead of internal words.</summary>
[Collection(nameof(PortalCollection))]
public class CopyableTextTests(PortalFactory portal)
{
    [Fact]
    public async Task Stylesheet_CodesAndUrls_AreSetWithoutLigatures()
    {
        var css = await portal.Anonymous().GetStringAsync("/app.css");

        Assert.Contains(".mono, .url, code, kbd, samp, pre { font-variant-ligatures: none; }", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuidePage_VersionShippedWithThePortal_IsNamedSo_NotSeed()
    {
        var page = await portal.Anonymous().GetStringAsync("/guide/XK-00203");

        Assert.DoesNotContain($"· {ServiceCatalogSeed.ShippedBy}<", page, StringComparison.Ordinal);
        Assert.Contains("v1 · ", page, StringComparison.Ordinal);
        Assert.Contains("系统初始版本", page, StringComparison.Ordinal);
    }
}
