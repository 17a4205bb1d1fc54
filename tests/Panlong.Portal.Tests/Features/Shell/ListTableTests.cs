using System.Text.RegularExpressions;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// The read-only lists' one-component table draws what MudTable, its rows and MudTablePager drew — the same markup, so the
/// same look and phone layout — and pages, clicks rows and changes the page size as they did
/// (docs/decisions/0065-one-component-tables.md).
/// </summary>
public partial class ListTableTests : PortalComponentTest
{
    private static readonly string[] Rows = [.. Enumerable.Range(1, 45).Select(i => $"row {i}")];

    private readonly List<TableState> _asked = [];

    private Task<TableData<string>> LoadAsync(TableState state, CancellationToken ct)
    {
        _asked.Add(state);
        return Task.FromResult(new TableData<string> { Items = Rows.Skip(state.Page * state.PageSize).Take(state.PageSize), TotalItems = Rows.Length });
    }

    private static RenderFragment<string> Cells => item => b =>
    {
        b.OpenElement(0, "td");
        b.AddAttribute(1, "class", "mud-table-cell");
        b.AddAttribute(2, "data-label", "H1");
        b.AddContent(3, item);
        b.CloseElement();
    };

    private static RenderFragment Text(string text) => b => b.AddContent(0, text);

    private IRenderedComponent<ListTable<string>> RenderList(Action<string>? click = null) => Render<ListTable<string>>(p => p
        .Add(t => t.ServerData, LoadAsync).Add(t => t.RowsPerPage, 20).Add(t => t.RowTemplate, Cells)
        .Add(t => t.Columns, [new("H1", "text-nowrap"), new("H2")])
        .Add(t => t.RowsPerPageString, "Rows per page:").Add(t => t.InfoFormat, "{first_item}-{last_item} of {all_items}")
        .Add(t => t.NoRecordsContent, Text("NONE")).Add(t => t.ToolBarContent, Text("TOOLBAR"))
        .Add(t => t.OnRowClick, click ?? (_ => { }))
        .AddUnmatched("data-testid", "people-table"));

    [Fact]
    public void Markup_SameRows_IsMudTables()
    {
        RenderFragment header = b =>
        {
            b.OpenComponent<MudTh>(0);
            b.AddAttribute(1, "Class", "text-nowrap");
            b.AddAttribute(2, "ChildContent", Text("H1"));
            b.CloseComponent();
            b.OpenComponent<MudTh>(3);
            b.AddAttribute(4, "ChildContent", Text("H2"));
            b.CloseComponent();
        };
        RenderFragment pager = b =>
        {
            b.OpenComponent<MudTablePager>(0);
            b.AddAttribute(1, "RowsPerPageString", "Rows per page:");
            b.AddAttribute(2, "InfoFormat", "{first_item}-{last_item} of {all_items}");
            b.CloseComponent();
        };
        var mud = Render<MudTable<string>>(p => p
            .Add(t => t.ServerData, LoadAsync).Add(t => t.Dense, true).Add(t => t.Hover, true).Add(t => t.Elevation, 1)
            .Add(t => t.RowsPerPage, 20).Add(t => t.Breakpoint, Breakpoint.Sm).Add(t => t.OnRowClick, (TableRowClickEventArgs<string> _) => { })
            .Add(t => t.HeaderContent, header).Add(t => t.RowTemplate, Cells).Add(t => t.PagerContent, pager)
            .Add(t => t.NoRecordsContent, Text("NONE")).Add(t => t.ToolBarContent, Text("TOOLBAR"))
            .AddUnmatched("data-testid", "people-table"));
        mud.WaitForAssertion(() => Assert.Contains("row 20", mud.Markup, StringComparison.Ordinal));

        var list = RenderList();
        list.WaitForAssertion(() => Assert.Contains("row 20", list.Markup, StringComparison.Ordinal));

        Assert.Equal(Normalized(mud.Markup), Normalized(list.Markup));
    }

    [Fact]
    public void Pager_NextAndLast_AskForThoseRowsAndSaySo()
    {
        var list = RenderList();
        list.WaitForAssertion(() => Assert.Equal("1-20 of 45", list.Find(".mud-table-page-number-information").TextContent));
        Assert.True(list.Find(".mud-table-pagination-first-button").HasAttribute("disabled"));

        list.Find(".mud-table-pagination-next-button").Click();
        list.WaitForAssertion(() => Assert.Equal("21-40 of 45", list.Find(".mud-table-page-number-information").TextContent));
        list.Find(".mud-table-pagination-last-button").Click();
        list.WaitForAssertion(() => Assert.Equal("41-45 of 45", list.Find(".mud-table-page-number-information").TextContent));

        Assert.Equal(["row 41", "row 42", "row 43", "row 44", "row 45"], list.FindAll("tbody td").Select(td => td.TextContent));
        Assert.True(list.Find(".mud-table-pagination-next-button").HasAttribute("disabled"));
        Assert.Equal([0, 1, 2], _asked.Select(s => s.Page));
    }

    [Fact]
    public void Row_Clicked_GivesItsItem()
    {
        string? clicked = null;
        var list = RenderList(item => clicked = item);
        list.WaitForAssertion(() => Assert.Equal(20, list.FindAll("tbody tr.mud-table-row-clickable").Count));

        list.FindAll("tbody tr")[2].Click();

        Assert.Equal("row 3", clicked);
    }

    [Fact]
    public void PageSize_FirstUsed_BecomesMudSelectAndChangesTheRows()
    {
        var list = RenderList();
        list.WaitForAssertion(() => Assert.Equal(20, list.FindAll("tbody tr").Count));
        Assert.Empty(list.FindComponents<MudSelect<int>>());

        list.Find(".mud-table-pagination-select").MouseDown();
        var select = list.FindComponent<MudSelect<int>>();
        list.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(10));

        list.WaitForAssertion(() => Assert.Equal(10, list.FindAll("tbody tr").Count));
        Assert.Equal(10, _asked[^1].PageSize);
    }

    [Fact]
    public void Rows_None_ShowNoRecordsContent()
    {
        var list = Render<ListTable<string>>(p => p
            .Add(t => t.ServerData, (_, _) => Task.FromResult(new TableData<string> { Items = [], TotalItems = 0 }))
            .Add(t => t.RowTemplate, Cells).Add(t => t.Columns, [new("H1")]).Add(t => t.NoRecordsContent, Text("NONE")));

        list.WaitForAssertion(() => Assert.Equal("NONE", list.Find("td.mud-table-empty-row").TextContent));
        Assert.Equal("0-0 of 0", list.Find(".mud-table-page-number-information").TextContent);
    }

    // What differs without changing the look: generated ids, Blazor's event attributes, empty styles, whitespace, how an
    // empty element is closed.
    internal static string Normalized(string markup)
    {
        var text = Noise().Replace(markup, "").Replace("></input>", " />", StringComparison.Ordinal);
        text = Between().Replace(text, "><");
        return Spaces().Replace(text, " ").Replace(" \"", "\"", StringComparison.Ordinal).Replace("Class=", "class=", StringComparison.Ordinal).Trim();
    }

    [GeneratedRegex("""\s(id|for|blazor:[A-Za-z:]+|style|aria-disabled|aria-labelledby)(="[^"]*")?""")]
    private static partial Regex Noise();

    [GeneratedRegex(@">\s+<")]
    private static partial Regex Between();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
