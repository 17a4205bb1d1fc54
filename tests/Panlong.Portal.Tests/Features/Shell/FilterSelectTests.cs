using Bunit;
using MudBlazor;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// A closed list filter holds no option components (the desk's category filter kept 35 in every circuit), yet shows the
/// chosen option, lists every option when opened and reports the pick (docs/decisions/0049-what-the-shell-keeps.md).
/// </summary>
public class FilterSelectTests : PortalComponentTest
{
    private static readonly int?[] Ids = [.. Enumerable.Range(1, 35).Select(i => (int?)i)];

    [Fact]
    public void ClosedFilter_HoldsNoOptions_ShowsTheChoice_AndOpenedListsAndPicks()
    {
        int? picked = null;
        var select = Render<MudPopoverProvider>(); // the popover host the options open in
        var filter = Render<FilterSelect<int?>>(p => p
            .Add(f => f.Label, "类别").Add(f => f.Options, Ids).Add(f => f.Text, id => $"A{id:00} 类别{id}")
            .Add(f => f.Value, 7).Add(f => f.ValueChanged, v => picked = v));

        Assert.Empty(filter.FindComponents<MudSelectItem<int?>>());
        Assert.Equal("A07 类别7", filter.Find("input").GetAttribute("value"));

        filter.Find("div.mud-input-control").MouseDown();
        filter.WaitForAssertion(() => Assert.Equal(35, filter.FindComponents<MudSelectItem<int?>>().Count));
        select.Render();
        select.WaitForAssertion(() => Assert.Contains("A12 类别12", select.Markup, StringComparison.Ordinal));
        select.FindAll(".mud-list-item").First(i => i.TextContent.Contains("A12 类别12", StringComparison.Ordinal)).Click();

        Assert.Equal(12, picked);
    }

    [Fact]
    public void FilterWithLoad_AsksForItsOptionsOnlyWhenFirstUsed()
    {
        var loads = 0;
        var options = new List<int?>(); // the page fills it when asked, as the desk reads its categories
        Render<MudPopoverProvider>();
        var filter = Render<FilterSelect<int?>>(p => p
            .Add(f => f.Label, "类别").Add(f => f.Options, options).Add(f => f.Text, id => $"A{id:00}")
            .Add(f => f.Load, () => { loads++; options.AddRange(Ids); }));

        Assert.Equal(0, loads);

        filter.Find("div.mud-input-control").MouseDown();
        filter.WaitForAssertion(() => Assert.Equal(35, filter.FindComponents<MudSelectItem<int?>>().Count));
        Assert.Equal(1, loads);
    }
}
