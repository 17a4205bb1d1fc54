using System.Net;

namespace Panlong.Portal.Tests.Features.Appraisal;

/// <summary>The service orders behind a community figure (issue 18 part 8): the viewer's scope decides, never the URL.</summary>
[Collection(nameof(PortalCollection))]
public class AppraisalOrdersPageTests(PortalFactory portal)
{
    [Fact]
    public async Task OrdersBehind_StreetLeader_OpensTheirStreetOnlyAndNeverTheRequester()
    {
        var client = await portal.SignedInAsync("leader.tuodong");
        var own = WebUtility.HtmlDecode(await client.GetStringAsync("/appraisal/orders?period=2026&scope=530103001&figure=Posted"));
        var other = await client.GetStringAsync("/appraisal/orders?period=2026&scope=530103002&figure=Posted");
        var invalid = await client.GetStringAsync("/appraisal/orders?period=2026&scope=530103001&figure=Everyone");

        // The demo's open orders were posted in 东庄社区 for residents of the registry: the page shows the order, not the person.
        Assert.Contains("data-testid=\"drill-order\"", own, StringComparison.Ordinal);
        Assert.Contains("东庄社区", own, StringComparison.Ordinal);
        Assert.DoesNotContain("独居老人需要打扫卫生", own, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"access-denied\"", other, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"drill-order\"", other, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"drill-invalid\"", invalid, StringComparison.Ordinal);
    }
}
