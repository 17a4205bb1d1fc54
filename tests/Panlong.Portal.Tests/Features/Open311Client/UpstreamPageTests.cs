using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Open311Client;

namespace Panlong.Portal.Tests.Features.Open311Client;

/// <summary>The system administrator's upstream page (ADR 93): a bad address refused in words, a good one saved and listed with the category routes.</summary>
[Collection(nameof(PortalCollection))]
public class UpstreamPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public UpstreamPageTests(PortalFactory portal)
    {
        _portal = portal;
        SignIn(Roles.SystemAdmin);
    }

    [Fact]
    public void Upstream_BadAddressThenGood_RefusedInWordsThenListedWithRoutes()
    {
        // Upstreams is scoped (it writes the audit through the user manager): one scope for this test's page.
        using var scope = _portal.Services.CreateScope();
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<Upstreams>());
        var page = Render<UpstreamPage>();
        page.WaitForElement("[data-testid=upstream-form]");
        page.Find("input[data-testid=upstream-name]").Change("昆明市 12345 平台");
        page.Find("input[data-testid=upstream-url]").Change("ftp://12345.km.gov.cn/open311");
        page.Find("[data-testid=upstream-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("请填写完整的接收地址", page.Markup, StringComparison.Ordinal));

        page.Find("input[data-testid=upstream-url]").Change("https://12345.km.gov.cn/open311/v2");
        page.Find("input[data-testid=upstream-key]").Change("secret-key");
        page.Find("[data-testid=upstream-save]").Click();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=upstream-row]"), r => r.TextContent.Contains("https://12345.km.gov.cn/open311/v2", StringComparison.Ordinal)));
        Assert.DoesNotContain("secret-key", page.Markup, StringComparison.Ordinal);
        Assert.Contains("已保存 api_key", page.Markup, StringComparison.Ordinal);
        page.WaitForElement("[data-testid=upstream-routes]");

        var culture = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = Render<UpstreamPage>();
            english.WaitForAssertion(() => Assert.Contains("Case categories and upstream service codes", english.Markup, StringComparison.Ordinal));
        }
        finally
        {
            CultureInfo.CurrentUICulture = culture;
        }
    }
}
