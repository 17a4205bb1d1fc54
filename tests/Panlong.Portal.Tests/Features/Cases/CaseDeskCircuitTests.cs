using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Features.Workflows;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// The desk's rows are the markup MudTd, MudLink and MudChip draw, without those components: twenty rows of them were some
/// three hundred components that every open desk kept (docs/decisions/0040-what-a-circuit-holds.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class CaseDeskCircuitTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public CaseDeskCircuitTests(PortalFactory portal)
    {
        _portal = portal;
        Services.AddSingleton(portal.Services.GetRequiredService<LiveUpdates>());
        Services.AddSingleton(portal.Services.GetRequiredService<CaseQueries>());
        SignInAs("desk-leader", "/530103/", Roles.Leader);
    }

    [Fact]
    public async Task Rows_HoldNoCellComponents_AndShowWhatTheyShowed()
    {
        var token = "电路" + Guid.NewGuid().ToString("N")[..6];
        var number = await ResidentReports.ReportAsync(_portal, "530103001", token + " 路灯不亮");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/cases?q=" + Uri.EscapeDataString(token));

        var desk = Render<CaseDesk>();

        desk.WaitForAssertion(() => Assert.Equal([number], desk.FindAll("[data-testid=case-link]").Select(a => a.TextContent)), TimeSpan.FromSeconds(10));
        Assert.Empty(desk.FindComponents<MudTd>());
        Assert.Empty(desk.FindComponents<MudLink>());
        Assert.Empty(desk.FindComponents<MudChip<string>>());
        Assert.Empty(desk.FindComponents<TrafficLightChip>());
        Assert.Empty(desk.FindComponents<StateLabel>());
        // Nor rows, header cells or pager buttons: the table is one component (docs/decisions/0065-one-component-tables.md).
        Assert.Empty(desk.FindComponents<MudTr>());
        Assert.Empty(desk.FindComponents<MudTablePager>());
        Assert.Empty(desk.FindComponents<MudSelect<int>>());
        Assert.Equal($"/cases/{number}", desk.Find("[data-testid=case-link]").GetAttribute("href"));
        var cells = desk.FindAll("tbody td.mud-table-cell");
        Assert.Equal(9, cells.Count);
        Assert.Contains(token, cells[3].TextContent, StringComparison.Ordinal);
        Assert.NotNull(cells[4].QuerySelector(".mud-chip-outlined .mud-chip-content span"));
    }
}
