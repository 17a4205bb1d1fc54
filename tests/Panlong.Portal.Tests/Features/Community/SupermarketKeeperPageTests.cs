using AngleSharp.Html.Parser;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>The keeper's page at phone width (issue 18 part 8): its tables stack into labelled rows as the case desk's do, buttons within reach.</summary>
[Collection(nameof(PortalCollection))]
public class SupermarketKeeperPageTests(PortalFactory portal)
{
    [Fact]
    public async Task KeeperTables_StackIntoLabelledRowsOnNarrowScreens()
    {
        var client = await portal.SignedInAsync("keeper.dongzhuang");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync("/supermarket"));

        foreach (var table in new[] { "keeper-awaiting", "keeper-goods" })
        {
            var root = page.QuerySelector($"[data-testid={table}]")!;
            Assert.Contains("mud-sm-table", root.ClassList);
            Assert.NotEmpty(root.QuerySelectorAll("td[data-label]"));
        }
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=keeper-goods] td [data-testid^=count-]"));
    }
}
