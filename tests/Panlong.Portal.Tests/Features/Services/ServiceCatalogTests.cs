using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Services;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

[Collection(nameof(PortalCollection))]
public class ServiceCatalogTests(PortalFactory portal)
{
    private ServiceCatalog Catalog => portal.Services.GetRequiredService<ServiceCatalog>();
    private ServiceCatalogEditor Editor => portal.Services.GetRequiredService<ServiceCatalogEditor>();

    private static readonly WorkflowActor Admin = new("admin", "韩系统", new HashSet<string> { Roles.SystemAdmin }, DataScope.None);

    [Fact]
    public async Task SeededCatalog_HasRealisticItemsAcrossDepartmentsAndLevels_OneApprovedByTwoDepartments()
    {
        var items = await Catalog.SearchAsync();
        Assert.True(items.Count >= 15, $"{items.Count} items");
        Assert.True(items.Select(i => i.DepartmentName).Distinct().Count() >= 5);
        Assert.Equal([ServiceLevel.District, ServiceLevel.Street, ServiceLevel.Community], items.Select(i => i.Level).Distinct().Order());
        Assert.Contains(items, i => i.Name == "最低生活保障申请" && i.Level == ServiceLevel.Street);
        var road = await Catalog.GuideAsync("XK-00204");
        Assert.Equal(("approval-countersign", 1), (road!.Item.ProcessKey, road.CountersignNames.Count));
        Assert.All(items, i => Assert.Matches("^(XK|QR|JF|GG)-\\d{5}$", i.Code));
        Assert.Contains((await Catalog.GuideAsync("JF-00101"))!.Materials, m => m.RegistryFact == "person.residence");
    }

    [Fact]
    public async Task Guide_WithoutSigningIn_IsPublicAndSearchable()
    {
        var anonymous = portal.Anonymous();
        var list = await anonymous.GetAsync("/guide");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains("最低生活保障申请", await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var page = await anonymous.GetAsync("/guide/XK-00203");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("城市建筑垃圾处置核准", html, StringComparison.Ordinal);
        Assert.Contains("区环境卫生管理局", html, StringComparison.Ordinal);
        Assert.Single(await Catalog.SearchAsync("建筑垃圾"));
        Assert.Single(await Catalog.SearchAsync("xk-00201"));
    }

    [Fact]
    public async Task Change_IsPublishedAsANewVersion_AndTheOldVersionStaysReadable()
    {
        var before = (await Catalog.GuideAsync("GG-00303"))!.Item;
        var edit = new ServiceEdit(before.Name, before.LegalDays, 3, before.Fee, before.FeeNote, before.Conditions, before.Basis,
            [.. before.MaterialList, new MaterialSpec("户口簿", false, MaterialForm.Copy)]);
        var (version, _, problem) = await Editor.PublishAsync("GG-00303", edit, Admin);
        Assert.Null(problem);
        Assert.Equal(before.Version + 1, version);
        var now = (await Catalog.GuideAsync("GG-00303"))!;
        Assert.Equal((3, before.MaterialList.Count + 1), (now.Item.PromisedDays, now.Materials.Count));
        Assert.Equal(before.PromisedDays, (await Catalog.GuideAsync("GG-00303", before.Version))!.Item.PromisedDays);
        // Publishing the same again makes no version; bad limits are refused and name the field.
        Assert.Equal(version, (await Editor.PublishAsync("GG-00303", edit, Admin)).Version);
        Assert.Equal("promisedDays", (await Editor.PublishAsync("GG-00303", edit with { PromisedDays = 40 }, Admin)).Field);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.Equal(1, await db.ServiceItems.CountAsync(s => s.Code == "GG-00303" && s.IsCurrent));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "ServiceItem.Publish" && a.Target == $"GG-00303 v{version}"));
    }
}
