using System.Net.Sockets;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.EntityFrameworkCore.Storage;
using Panlong.Data.Identity;
using Panlong.Portal.Components.Layout;

namespace Panlong.Portal.Tests.Components.Layout;

/// <summary>A page action that fails leaves the shell alive with a clear message and 重试 (docs/decisions/0019-database-outages.md).</summary>
public class MainLayoutTests : PortalComponentTest
{
    [Fact]
    public void FailedAction_WhenDatabaseIsUnavailable_ShowsTheSentenceAndRetryRecovers()
    {
        SignIn(Roles.Dispatcher);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var layout = Render<MainLayout>(p => p.Add(l => l.Body, b =>
        {
            b.OpenComponent<FailingAction>(0);
            b.CloseComponent();
        }));

        layout.Find("#fail").Click();

        var failure = layout.WaitForElement("[data-testid=page-failure]");
        Assert.Contains("服务暂时不可用，请稍后重试", failure.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(layout.FindAll("[data-testid=language-menu]"));
        layout.Find("[data-testid=page-retry]").Click();
        layout.WaitForElement("#fail");
    }

    public sealed class FailingAction : ComponentBase
    {
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", "fail");
            builder.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, Fail));
            builder.CloseElement();
        }

        private static void Fail() => throw new RetryLimitExceededException("database down", new SocketException((int)SocketError.ConnectionRefused));
    }
}
