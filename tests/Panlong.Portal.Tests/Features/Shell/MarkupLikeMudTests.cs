using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// The desk's and the people list's buttons, switch, filters and search field are the markup MudBlazor's components draw
/// (the same look), written without a component each, and they still do what those did
/// (docs/decisions/0070-lighter-desk-and-fire.md). A MudBlazor upgrade that changes the markup fails here.
/// </summary>
public class MarkupLikeMudTests : PortalComponentTest
{
    private static RenderFragment Text(string text) => b => b.AddContent(0, text);

    private string Mud<TComponent>(params (string Name, object? Value)[] parameters) where TComponent : IComponent =>
        Render(b =>
        {
            b.OpenComponent<TComponent>(0);
            foreach (var (name, value) in parameters)
            {
                b.AddAttribute(1, name, value);
            }
            b.CloseComponent();
        }).Markup;

    private string Ours(RenderFragment fragment) => Render(fragment).Markup;

    private static void Same(string mud, string ours) => Assert.Equal(ListTableTests.Normalized(mud), ListTableTests.Normalized(ours));

    private static EventCallback<MouseEventArgs> Click(object receiver) => EventCallback.Factory.Create<MouseEventArgs>(receiver, () => { });

    [Theory]
    [InlineData(Variant.Filled, Color.Primary, Size.Small)]
    [InlineData(Variant.Outlined, Color.Primary, Size.Small)]
    [InlineData(Variant.Outlined, Color.Default, Size.Medium)]
    [InlineData(Variant.Text, Color.Default, Size.Medium)]
    public void Button_AnyVariant_IsMudButtons(Variant variant, Color color, Size size)
    {
        var mud = Mud<MudButton>(("Variant", variant), ("Color", color), ("Size", size), ("OnClick", Click(this)), ("data-testid", "tab-Area"),
            ("StartIcon", Icons.Material.Outlined.Print), ("ChildContent", Text("辖区")));
        Same(mud, Ours(ButtonMarkup.Button(this, "辖区", () => Task.CompletedTask, variant, color, size, Icons.Material.Outlined.Print, "tab-Area")));
    }

    [Fact]
    public void Link_WithIconAndDownload_IsMudButtonsLink()
    {
        var mud = Mud<MudButton>(("Variant", Variant.Outlined), ("Href", "/api/cases/export?kind=Area"), ("StartIcon", Icons.Material.Outlined.FileDownload),
            ("download", "cases.xlsx"), ("OnClick", Click(this)), ("data-testid", "desk-export"), ("ChildContent", Text("导出")));
        Same(mud, Ours(ButtonMarkup.Link("导出", "/api/cases/export?kind=Area", Variant.Outlined, startIcon: Icons.Material.Outlined.FileDownload,
            testId: "desk-export", download: "cases.xlsx", receiver: this, click: () => Task.CompletedTask)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Switch_OnAndOff_IsMudSwitchs(bool value)
    {
        var mud = Mud<MudSwitch<bool>>(("Value", value), ("Label", "只看超时"), ("Color", Color.Error), ("data-testid", "desk-overdue"));
        Same(mud, Ours(SwitchMarkup.Of(this, value, _ => Task.CompletedTask, "只看超时", "error", "desk-overdue")));
    }

    [Fact]
    public void Switch_Changed_GivesTheNewValue()
    {
        bool? got = null;
        var ours = Render(SwitchMarkup.Of(this, false, v => { got = v; return Task.CompletedTask; }, "只看超时", "error", "desk-overdue"));
        ours.Find("input[data-testid=desk-overdue]").Change(true);
        Assert.True(got);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(7)]
    public void ClosedFilter_EmptyOrChosen_IsMudSelects(int? value)
    {
        var mud = Mud<MudSelect<int?>>(("Value", value), ("Label", "类别"), ("Clearable", true), ("Margin", Margin.Dense),
            ("ToStringFunc", new Func<int?, string?>(v => v is null ? null : $"A{v:00}")), ("data-testid", "desk-category"));
        var ours = Render<FilterSelect<int?>>(p => p.Add(f => f.Label, "类别").Add(f => f.Options, [7, 8]).Add(f => f.Text, v => $"A{v:00}")
            .Add(f => f.Value, value).Add(f => f.TestId, "desk-category"));
        Same(mud, ours.Markup);
        Assert.Empty(ours.FindComponents<MudSelect<int?>>());
    }

    [Fact]
    public void ClosedFilter_Cleared_GivesNull()
    {
        int? picked = 7;
        var ours = Render<FilterSelect<int?>>(p => p.Add(f => f.Label, "类别").Add(f => f.Options, [7, 8]).Add(f => f.Text, v => $"A{v:00}")
            .Add(f => f.Value, 7).Add(f => f.ValueChanged, v => picked = v));
        ours.Find("button.mud-input-clear-button").Click();
        Assert.Null(picked);
        Assert.Empty(ours.FindComponents<MudSelect<int?>>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("路灯")]
    public void SearchBox_EmptyOrTyped_IsMudTextFields(string? value)
    {
        var mud = Mud<MudTextField<string>>(("Value", value), ("Immediate", true), ("DebounceInterval", 300.0), ("Placeholder", "搜索"),
            ("Adornment", Adornment.Start), ("AdornmentIcon", Icons.Material.Outlined.Search), ("Margin", Margin.Dense), ("Clearable", true),
            ("aria-label", "搜索"), ("data-testid", "desk-search"));
        var ours = Render<SearchBox>(p => p.Add(s => s.Value, value).Add(s => s.Placeholder, "搜索").Add(s => s.TestId, "desk-search"));
        Same(mud, ours.Markup);
    }

    [Fact]
    public void SearchBox_Typed_AsksOnceAfterThePause_AndClearAsksForAll()
    {
        var asked = new List<string?>();
        var ours = Render<SearchBox>(p => p.Add(s => s.Placeholder, "搜索").Add(s => s.ValueChanged, v => asked.Add(v)));
        ours.Find("input").Input("路");
        ours.Find("input").Input("路灯");

        ours.WaitForAssertion(() => Assert.Equal(["路灯"], asked), TimeSpan.FromSeconds(5));
        ours.Find("button.mud-input-clear-button").Click();

        // The clear is handled on the renderer's turn: on a loaded machine it may land after Click returns.
        ours.WaitForAssertion(() => Assert.Equal(["路灯", null], asked), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void AppBar_WithTitleAndSpacer_IsMudAppBars()
    {
        RenderFragment mudContent = b =>
        {
            b.OpenComponent<MudText>(0);
            b.AddAttribute(1, "Typo", Typo.h6);
            b.AddAttribute(2, "Class", "ml-2 text-nowrap app-title");
            b.AddAttribute(3, "ChildContent", Text("数字盘龙"));
            b.CloseComponent();
            b.OpenComponent<MudSpacer>(4);
            b.CloseComponent();
        };
        var mud = Mud<MudAppBar>(("Elevation", 1), ("Dense", true), ("ChildContent", mudContent));
        Same(mud, Ours(LayoutMarkup.AppBar(b =>
        {
            b.AddContent(0, LayoutMarkup.Title("数字盘龙", "ml-2 text-nowrap app-title"));
            b.AddContent(1, LayoutMarkup.Spacer);
        })));
    }

    [Theory]
    [InlineData("prerendered")]
    [InlineData("ready")]
    public void Content_InItsContainer_IsMudMainContentsAndMudContainers(string circuit)
    {
        RenderFragment container = b =>
        {
            b.OpenComponent<MudContainer>(0);
            b.AddAttribute(1, "MaxWidth", MaxWidth.ExtraLarge);
            b.AddAttribute(2, "Class", "py-4 px-2 px-sm-4");
            b.AddAttribute(3, "ChildContent", Text("页面"));
            b.CloseComponent();
        };
        var mud = Mud<MudMainContent>(("data-circuit", circuit), ("ChildContent", container));
        Same(mud, Ours(LayoutMarkup.Content(circuit, "py-4 px-2 px-sm-4", Text("页面"))));
    }
}
