using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Services;

namespace Panlong.Portal.Tests.Features.Services;

[Collection(nameof(PortalCollection))]
public class ServiceAdminPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public ServiceAdminPageTests(PortalFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Services.GetRequiredService<ServiceCatalog>());
        Services.AddSingleton(portal.Services.GetRequiredService<Panlong.Workflows.Services.ServiceCatalogEditor>());
        SignIn(Roles.SystemAdmin);
    }

    [Fact]
    public async Task PromisedTimeChange_GivesTheItemANewVersion_WithItsMaterialsKept()
    {
        var before = (await _portal.Services.GetRequiredService<ServiceCatalog>().GuideAsync("QR-00003"))!;
        var page = Render<ServiceAdminPage>();
        page.WaitForAssertion(() => Assert.Contains("QR-00003", page.Find("[data-testid=service-admin-list]").TextContent, StringComparison.Ordinal));
        page.FindAll("[data-testid=service-admin-list] tbody tr").First(r => r.TextContent.Contains("QR-00003", StringComparison.Ordinal)).Click();
        page.WaitForElement("[data-testid=service-form]");
        page.Find("[data-testid=service-promised]").Change("2");
        page.Find("[data-testid=service-publish]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=service-form]")));
        var after = (await _portal.Services.GetRequiredService<ServiceCatalog>().GuideAsync("QR-00003"))!;
        Assert.Equal((before.Item.Version + 1, 2), (after.Item.Version, after.Item.PromisedDays));
        Assert.Equal(before.Materials, after.Materials);
    }
}
