using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>
/// Issue 16 defect 5: the guide says who accepts and who decides by the rule the submission routes by — in words for a
/// reader who has named no place, by name for the window chosen.
/// </summary>
[Collection(nameof(PortalCollection))]
public class GuideRouteTests : PortalComponentTest
{
    private const string Tuodong = "530103001";

    public GuideRouteTests(PortalFactory portal)
    {
        UsePortal(portal, typeof(ServiceCatalog), typeof(OrgQueries));
    }

    private IRenderedComponent<GuidePage> Open(string code, string? window = null)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("window", window));
        var page = Render<GuidePage>(p => p.Add(x => x.Code, code));
        page.WaitForElement("[data-testid=route-deciding]");
        return page;
    }

    private static string Text(IRenderedComponent<GuidePage> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void StreetItem_WithoutAPlace_SaysTheWindowsStreetDecides_NotTheBureau()
    {
        var page = Open("JF-00102");

        Assert.Equal("受理窗口所在的街道办事处", Text(page, "route-deciding"));
        Assert.Equal("您所在街道或社区的便民服务窗口（一窗受理）", Text(page, "route-accepting"));
        // 区民政局 is named as the competent department, not as the body that decides.
        Assert.DoesNotContain("实施主体", page.Find("[data-testid=guide-facts]").TextContent, StringComparison.Ordinal);
        Assert.Contains("业务主管部门", page.Find("[data-testid=guide-facts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void StreetItem_AtTuodongsWindow_IsAcceptedAndDecidedByTuodong()
    {
        var page = Open("JF-00102", Tuodong);

        Assert.Equal("拓东街道便民服务中心", Text(page, "route-accepting"));
        Assert.Equal("拓东街道", Text(page, "route-deciding"));
    }

    [Fact]
    public void CountersignedDistrictItem_IsDecidedByBothDepartments_WhereverItIsAccepted()
    {
        Assert.Equal("区城市管理综合行政执法局、区环境卫生管理局", Text(Open("XK-00203"), "route-deciding"));
        Assert.Equal("区城市管理综合行政执法局、区环境卫生管理局", Text(Open("XK-00203", Tuodong), "route-deciding"));
        Assert.Contains("实施主体", Open("XK-00203").Find("[data-testid=guide-facts]").TextContent, StringComparison.Ordinal);
    }
}
