using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Issue 16 defect 9: the desk searches as one types (no Enter), keeps the query in the address, and offers the export of that list.</summary>
[Collection(nameof(PortalCollection))]
public class CaseDeskSearchTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CaseDeskSearchTests(PortalFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Services.GetRequiredService<LiveUpdates>());
        Services.AddSingleton(portal.Services.GetRequiredService<CaseQueries>());
        SignInAs("desk-leader", "/530103/", Roles.Leader);
    }

    private Task<string> ReportAsync(string description) => ResidentReports.ReportAsync(_portal, "530103001", description);

    [Fact]
    public async Task Search_WhileTyping_FiltersWithoutEnter_AndKeepsTheQueryInTheAddress()
    {
        var token = "边打边搜" + Guid.NewGuid().ToString("N")[..6];
        var number = await ReportAsync(token + " 路灯不亮");
        // A case the search must leave out: run alone, the area would otherwise hold only the searched case, and the
        // list would match before the search had run at all.
        var other = await ReportAsync("井盖缺失 " + Guid.NewGuid().ToString("N")[..6]);
        var desk = Render<CaseDesk>();
        desk.WaitForAssertion(() => Assert.Contains(other, desk.FindAll("[data-testid=case-link]").Select(a => a.TextContent)), TimeSpan.FromSeconds(10));

        desk.Find("input[data-testid=desk-search]").Input(token);

        desk.WaitForAssertion(() => Assert.Equal([number], desk.FindAll("[data-testid=case-link]").Select(a => a.TextContent)), TimeSpan.FromSeconds(10));
        var address = Services.GetRequiredService<NavigationManager>().Uri;
        Assert.Contains("q=" + Uri.EscapeDataString(token), address, StringComparison.Ordinal);
        desk.WaitForAssertion(() =>
        {
            var export = desk.Find("[data-testid=desk-export]").GetAttribute("href")!;
            Assert.Contains("/api/cases/export?", export, StringComparison.Ordinal);
            Assert.Contains("kind=Area", export, StringComparison.Ordinal);
            Assert.Contains("q=" + Uri.EscapeDataString(token), export, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Desk_OpenedWithAQuery_ShowsThatSearch()
    {
        var token = "带参打开" + Guid.NewGuid().ToString("N")[..6];
        var number = await ReportAsync(token);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/cases?q=" + Uri.EscapeDataString(token));
        var desk = Render<CaseDesk>();
        desk.WaitForAssertion(() => Assert.Equal([number], desk.FindAll("[data-testid=case-link]").Select(a => a.TextContent)), TimeSpan.FromSeconds(10));
        Assert.Equal(token, desk.Find("input[data-testid=desk-search]").GetAttribute("value"));
    }
}
