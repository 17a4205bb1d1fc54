using Microsoft.AspNetCore.Components;
using Bunit;
using MudBlazor;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Workflows;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// The board's lists draw their rows as markup inside their own render tree: every component is memory each open circuit
/// keeps, and a row of MudChip, MudLink, MudText and DataText was six of them (docs/decisions/0040-what-a-circuit-holds.md).
/// </summary>
public class CaseListCircuitTests : PortalComponentTest
{
    private static CaseRow Row(string number, TrafficLight? light) =>
        new(number, "非法小广告", "描述", null, "待受理", "Accept", CaseStatus.Open, CaseLevel.Community, "宝云社区第5网格", null,
            DateTimeOffset.UnixEpoch, null, light, null);

    [Fact]
    public void Rows_HoldNoComponents_StateNamesIncluded()
    {
        var list = Render<CaseList>(p => p.Add(x => x.Title, "最新上报").Add(x => x.Rows, [Row("AJ1", TrafficLight.Green), Row("AJ2", TrafficLight.Red)]));

        Assert.Empty(list.FindComponents<TrafficLightChip>());
        Assert.Empty(list.FindComponents<MudChip<string>>());
        Assert.Empty(list.FindComponents<MudLink>());
        // The title and the frame too (docs/decisions/0065-one-component-tables.md).
        Assert.Empty(list.FindComponents<MudText>());
        Assert.Empty(list.FindComponents<MudPaper>());
        Assert.Empty(list.FindComponents<DataText>());
        // The state's name was a StateLabel per row (docs/decisions/0060-what-a-circuit-keeps-now.md).
        Assert.Empty(list.FindComponents<StateLabel>());
        Assert.Equal(2, list.FindAll("p > span").Count(s => s.TextContent == "待受理"));
    }

    [Fact]
    public void Rows_ShowTheLightTheLinkAndTheMarkedNames()
    {
        var list = Render<CaseList>(p => p.Add(x => x.Title, "超期").Add(x => x.Rows, [Row("AJ9", TrafficLight.Red)]));

        var chip = list.Find("[data-number=AJ9] .mud-chip");
        Assert.Equal("Red", chip.GetAttribute("data-light"));
        Assert.Contains("mud-chip-color-error", chip.ClassName, StringComparison.Ordinal);
        Assert.Equal("/cases/AJ9", list.Find("[data-number=AJ9] a").GetAttribute("href"));
        Assert.Equal(["非法小广告", "宝云社区第5网格"], list.FindAll("[data-number=AJ9] span[lang=zh-CN]").Select(s => s.TextContent));
    }

    [Fact]
    public void Figure_HoldsNoComponents_AndDrawsWhatMudPaperAndMudTextDrew()
    {
        var figure = Render<Figure>(p => p.Add(x => x.Label, "今日受理").Add(x => x.Value, "1,234").Add(x => x.TestId, "t").Add(x => x.Note, "注"));
        RenderFragment text(Typo typo, string content, string? cls = null, string? style = null, string? testId = null) => b =>
        {
            b.OpenComponent<MudText>(0);
            b.AddAttribute(1, "Typo", typo);
            b.AddAttribute(2, "Class", cls);
            b.AddAttribute(3, "Style", style);
            if (testId is not null)
            {
                b.AddAttribute(4, "data-testid", testId);
            }
            b.AddAttribute(5, "ChildContent", (RenderFragment)(c => c.AddContent(0, content)));
            b.CloseComponent();
        };
        var mud = Render(b =>
        {
            b.OpenComponent<MudPaper>(0);
            b.AddAttribute(1, "Elevation", 1);
            b.AddAttribute(2, "Class", "pa-3");
            b.AddAttribute(3, "Style", "height:100%");
            b.AddAttribute(4, "ChildContent", (RenderFragment)(c =>
            {
                c.AddContent(0, text(Typo.caption, "今日受理"));
                c.AddContent(1, text(Typo.h4, "1,234", "mono", "font-size:2rem;font-weight:600", "t"));
                c.AddContent(2, text(Typo.caption, "注", "mud-text-secondary"));
            }));
            b.CloseComponent();
        });

        Assert.Empty(figure.FindComponents<MudPaper>());
        Assert.Empty(figure.FindComponents<MudText>());
        figure.MarkupMatches(mud.Markup);
    }
}
