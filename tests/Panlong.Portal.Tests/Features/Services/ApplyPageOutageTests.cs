using System.Text.Json;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Organization;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>
/// An application sent while the database is down keeps what was typed (restored from the local draft with its
/// client key), says so, and reaches the service when sent again (docs/decisions/0019-database-outages.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class ApplyPageOutageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;
    private readonly SwitchableFactory _database;

    public ApplyPageOutageTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(ServiceCatalog), typeof(ApplicationQueries), typeof(MaterialStore), typeof(OrgQueries), typeof(TimeProvider));
        _database = new SwitchableFactory(portal.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Data.PanlongDbContext>>());
        Services.AddSingleton(_database.Serving<ApplicationService>(portal.Services));
    }

    [Fact]
    public async Task Submit_WhenDatabaseIsUnavailable_KeepsTheDraftAndSays_ThenReachesTheService()
    {
        SignInAs(await _portal.PrincipalAsync("business"));
        var clientKey = Guid.NewGuid().ToString("N");
        var draft = JsonSerializer.Serialize(new
        {
            ClientKey = clientKey, Values = new Dictionary<string, string?> { ["site"] = "东郊建筑垃圾消纳场", ["volume"] = "120" },
            Window = "530103001", ApplicantName = (string?)null, ApplicantId = (string?)null, ApplicantCode = (string?)null,
        });
        JSInterop.SetupModule("./Features/Shell/FormDraft.razor.js").Setup<string?>("load", _ => true).SetResult(draft);
        var page = Render<ApplyPage>(p => p.Add(x => x.Code, "XK-00203"));
        page.WaitForAssertion(() => Assert.Contains("东郊建筑垃圾消纳场", page.Find("[data-testid=field-site]").OuterHtml, StringComparison.Ordinal));

        _database.Down = true;
        page.Find("[data-testid=apply-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("数据库暂时不可用，您填写的内容已保留，恢复后可直接提交", page.Find("[data-testid=apply-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("东郊建筑垃圾消纳场", page.Find("[data-testid=field-site]").OuterHtml, StringComparison.Ordinal);
        Assert.False(page.Find("[data-testid=apply-submit]").HasAttribute("disabled"));
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "save" && ((string)i.Arguments[1]!).Contains(clientKey, StringComparison.Ordinal));

        // Back: the service answers again (here: what it still misses, such as the two materials).
        _database.Down = false;
        page.Find("[data-testid=apply-submit]").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain("数据库暂时不可用", page.Find("[data-testid=apply-error]").TextContent, StringComparison.Ordinal));
        Assert.Contains("东郊建筑垃圾消纳场", page.Find("[data-testid=field-site]").OuterHtml, StringComparison.Ordinal);
    }
}
