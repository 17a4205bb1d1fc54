using System.Globalization;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Care;
using Panlong.Portal.Features.Registry;
using Panlong.Workflows.Care;

namespace Panlong.Portal.Tests.Features.Care;

/// <summary>The care enrolment page (docs/decisions/0095-building-watchers.md) on the portal's demo registry, as the demo grid worker.</summary>
[Collection(nameof(PortalCollection))]
public class CareEnrolPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CareEnrolPageTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(PeopleQueries), typeof(CareService), typeof(TimeProvider));
    }

    [Fact]
    public async Task Enrol_WithoutAPersonThenWithoutAKind_SaysWhatIsMissing_AndTheFoundPersonShowsMasked()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var user = await _portal.PrincipalAsync("gridworker");
        var scope = user.FindFirst(Panlong.Data.Identity.DataScope.ScopeClaim)!.Value;
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var person = await db.People.AsNoTracking().Where(p => p.IsDemo && p.IdType == IdType.ResidentId && p.ScopePath.StartsWith(scope)).OrderBy(p => p.Id).FirstAsync();
        var id = _portal.Services.GetRequiredService<PersonalDataProtector>().Decrypt(person.IdCipher);
        SignInAs(user);
        var page = Render<CareEnrolPage>();

        page.WaitForAssertion(() => page.Find("[data-testid=care-enrol-submit]"));
        page.Find("[data-testid=care-enrol-submit]").Click();
        page.WaitForAssertion(() => Assert.Equal("请先查找并选择人员。", page.Find("[data-testid=care-enrol-problem]").TextContent));
        page.Find("input[data-testid=care-enrol-search]").Change(id);
        page.Find("[data-testid=care-enrol-find]").Click();

        page.WaitForAssertion(() => Assert.Contains(person.IdMasked, page.Find("[data-testid=care-enrol-chosen]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain(id, page.Find("[data-testid=care-enrol-person]").TextContent, StringComparison.Ordinal);
        // The person's grid's workers are offered, the first preselected (docs/decisions/0098-care-leftovers.md).
        var workers = await _portal.Services.GetRequiredService<CareService>().GridWorkersAsync(person.Id, Panlong.Workflows.Engine.Runtime.WorkflowActor.From(user));
        Assert.NotEmpty(workers);
        page.WaitForAssertion(() => Assert.Contains(page.FindAll(".mud-select input"), i => i.GetAttribute("value") == workers[0].Name));
        page.Find("[data-testid=care-enrol-submit]").Click();
        page.WaitForAssertion(() => Assert.Equal("请选择您可查看的帮教类别。", page.Find("[data-testid=care-enrol-problem]").TextContent));
    }
}
