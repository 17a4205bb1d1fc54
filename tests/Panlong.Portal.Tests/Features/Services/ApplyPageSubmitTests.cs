using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>
/// Issue 16 defect 4: a refused submit names every problem at once — the fields and the materials — and a successful
/// one replaces the form at once, with nothing of the old form or its red banner left while the application opens.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ApplyPageSubmitTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public ApplyPageSubmitTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(ServiceCatalog), typeof(ApplicationQueries), typeof(ApplicationService), typeof(MaterialStore), typeof(OrgQueries), typeof(TimeProvider));
    }

    private async Task<IRenderedComponent<ApplyPage>> OpenAsync(string userName, string code)
    {
        SignInAs(await _portal.PrincipalAsync(userName));
        var page = Render<ApplyPage>(p => p.Add(x => x.Code, code));
        page.WaitForElement("[data-testid=apply-submit]");
        return page;
    }

    [Fact]
    public async Task FirstSubmit_OfAnEmptyForm_FlagsTheFieldsAndTheMissingMaterialTogether()
    {
        var page = await OpenAsync("resident", "XK-00201");

        page.Find("[data-testid=apply-submit]").Click();

        page.WaitForElement("[data-testid=apply-problems]");
        var problems = page.Find("[data-testid=apply-problems]").TextContent;
        Assert.Contains("经营场所使用证明", problems, StringComparison.Ordinal);
        Assert.Contains("经营范围", problems, StringComparison.Ordinal);
        Assert.Contains("联系电话", problems, StringComparison.Ordinal);
        Assert.Contains("缺少必交材料", page.Find("[data-testid=material][data-name=经营场所使用证明] [data-testid=material-error]").TextContent, StringComparison.Ordinal);
        // The registry confirms the ID card: not a problem.
        Assert.Empty(page.FindAll("[data-testid=material][data-name=居民身份证] [data-testid=material-error]"));
    }

    [Fact]
    public async Task Success_AfterARefusedSubmit_ReplacesTheFormAndItsBannerAtOnce()
    {
        var page = await OpenAsync("resident", "GG-00304");
        page.Find("[data-testid=apply-submit]").Click();
        page.WaitForElement("[data-testid=apply-error]");

        page.Find("[data-testid=field-phone]").Input("13800005678");
        page.Find("[data-testid=apply-submit]").Click();

        page.WaitForElement("[data-testid=apply-done]");
        Assert.Empty(page.FindAll("[data-testid=apply-error]"));
        Assert.Empty(page.FindAll("[data-testid=apply-form]"));
        var number = page.Find("[data-testid=apply-done-open]").GetAttribute("href")!.Split('/')[^1];
        Assert.StartsWith("BJ", number, StringComparison.Ordinal);
        Assert.Contains(number, page.Find("[data-testid=apply-done-number]").TextContent, StringComparison.Ordinal);
        Assert.EndsWith($"/applications/{number}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
