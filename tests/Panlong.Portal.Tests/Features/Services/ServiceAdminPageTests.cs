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

    [Fact]
    public async Task EnglishNames_WrittenByTheAdministrator_ArePublishedAsData()
    {
        var page = Render<ServiceAdminPage>();
        page.WaitForAssertion(() => Assert.Contains("GG-00301", page.Find("[data-testid=service-admin-list]").TextContent, StringComparison.Ordinal));
        page.FindAll("[data-testid=service-admin-list] tbody tr").First(r => r.TextContent.Contains("GG-00301", StringComparison.Ordinal)).Click();
        page.WaitForElement("[data-testid=service-form]");
        page.Find("[data-testid=service-name-en]").Change("Job registration");
        page.Find("[data-testid=service-fields-en]").Change("status | 登记类型 | Registration kind");
        page.Find("[data-testid=service-materials]").Change("居民身份证 | ID card | 必需 | 原件");
        page.Find("[data-testid=service-publish]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=service-form]")));
        var after = (await _portal.Services.GetRequiredService<ServiceCatalog>().GuideAsync("GG-00301"))!;
        Assert.Equal(("就业失业登记", "Job registration"), (after.Item.Name, after.Item.NameEn));
        Assert.Equal("Registration kind", after.Fields.Single(f => f.Key == "status").LabelEn);
        Assert.Null(after.Fields.Single(f => f.Key == "phone").LabelEn);
        Assert.Equal(("居民身份证", "ID card", true), (after.Materials.Single().Name, after.Materials.Single().NameEn, after.Materials.Single().Mandatory));
        Assert.Equal("person.idNumber", after.Materials.Single().RegistryFact);
    }
}
