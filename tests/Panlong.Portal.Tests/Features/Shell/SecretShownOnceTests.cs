using System.Globalization;
using Bunit;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>The one panel that shows a partner client's or a webhook's secret once (ADR 82, ADR 90).</summary>
public class SecretShownOnceTests : PortalComponentTest
{
    [Fact]
    public void Secret_IsShownWithItsClientAndWarning_AndDoneAsksThePageToDropIt()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var done = 0;
        var panel = Render<SecretShownOnce>(p => p.Add(s => s.Secret, "s3cr3t-value").Add(s => s.ClientId, "partner-abc123")
            .Add(s => s.Title, "新的客户端密钥").Add(s => s.Warning, "只显示这一次").Add(s => s.TestId, "client-secret").Add(s => s.OnDone, () => done++));

        Assert.Equal("s3cr3t-value", panel.Find("[data-testid=client-secret]").TextContent);
        Assert.Equal("partner-abc123", panel.Find("[data-testid=client-secret-id]").TextContent);
        Assert.Contains("只显示这一次", panel.Find("[data-testid=client-secret-panel]").TextContent, StringComparison.Ordinal);
        Assert.Contains("客户端标识", panel.Markup, StringComparison.Ordinal);
        panel.Find("[data-testid=client-secret-done]").Click();
        Assert.Equal(1, done);
    }

    [Fact]
    public void Secret_WithoutAClient_ShowsNoClientLine()
    {
        var panel = Render<SecretShownOnce>(p => p.Add(s => s.Secret, "whsec_x").Add(s => s.Title, "t").Add(s => s.Warning, "w").Add(s => s.TestId, "webhook-secret"));

        Assert.Equal("whsec_x", panel.Find("[data-testid=webhook-secret]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=webhook-secret-id]"));
    }
}
