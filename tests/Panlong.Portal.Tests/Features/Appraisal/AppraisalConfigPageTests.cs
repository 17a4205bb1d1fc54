using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Appraisal;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Tests.Features.Appraisal;

[Collection(nameof(PortalCollection))]
public class AppraisalConfigPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public AppraisalConfigPageTests(PortalFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Services.GetRequiredService<AppraisalSettings>());
        Services.AddSingleton(portal.Services.GetRequiredService<AppraisalQueries>());
        SignIn(Roles.SystemAdmin);
    }

    [Fact]
    public async Task Weights_ThatDoNotAddUp_AreRefusedInWords_AndAFixedSetIsSavedAndAudited()
    {
        var settings = _portal.Services.GetRequiredService<AppraisalSettings>();
        var page = Render<AppraisalConfigPage>();
        page.WaitForElement("[data-kind=Dispatcher]");
        // 派遣数分值 20 % → 30 %: the dispatcher's weights now add up to 110 %.
        page.Find($"[data-kind=Dispatcher] input[data-weight='{AppraisalConfig.Volume}']").Input("30");
        page.Find("[data-testid=config-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("派遣员的权重合计必须为 100%", page.Find("[data-testid=config-problems]").TextContent, StringComparison.Ordinal));
        Assert.Equal(AppraisalConfig.Default.Weights[AppraisedKind.Dispatcher][AppraisalConfig.Volume], (await settings.CurrentAsync()).Config.Weights[AppraisedKind.Dispatcher][AppraisalConfig.Volume]);

        // 按时派遣率 40 % → 30 %: back to 100 %, and the minimum for a ranking goes to 50.
        page.Find($"[data-kind=Dispatcher] input[data-weight='{AppraisalConfig.DispatchOnTime}']").Input("30");
        page.Find("input[data-testid=config-minimum]").Change("50");
        page.Find("[data-testid=config-save]").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=config-problems]")));
        var (saved, id) = await settings.CurrentAsync();
        Assert.Equal((0.3, 0.3, 50), (saved.Weights[AppraisedKind.Dispatcher][AppraisalConfig.Volume], saved.Weights[AppraisedKind.Dispatcher][AppraisalConfig.DispatchOnTime], saved.MinimumCases));
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "appraisal.config"));
        Assert.NotNull(id);
        Assert.Empty(await settings.SaveAsync(AppraisalConfig.Default, null, "test"));
    }
}
