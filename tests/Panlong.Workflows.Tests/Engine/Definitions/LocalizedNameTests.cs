using System.Globalization;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Tests.Engine.Definitions;

/// <summary>Issue 16 defect 11: process definitions carry their names in Chinese and English as data (docs/decisions/0038-localized-names.md).</summary>
public class LocalizedNameTests
{
    private static readonly string[] ShippedKeys = ["approval-single", "approval-countersign", "rating-rectification", "case-loop"];

    private static ProcessModel Shipped(string key)
    {
        using var stream = typeof(DefinitionStore).Assembly.GetManifestResourceStream($"Panlong.Workflows.Seeds.{key}.json");
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        return ProcessModel.Parse(reader.ReadToEnd());
    }

    private static T InCulture<T>(string culture, Func<T> read)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void ShippedDefinitions_NameEveryStateAndActionInEnglish()
    {
        var missing = ShippedKeys.Select(Shipped).SelectMany(m =>
            m.States.Where(s => string.IsNullOrWhiteSpace(s.NameEn)).Select(s => $"{m.Key} state {s.Id}")
                .Concat(m.Transitions.Where(t => string.IsNullOrWhiteSpace(t.NameEn)).Select(t => $"{m.Key} action {t.Trigger} from {t.From}"))
                .Concat(string.IsNullOrWhiteSpace(m.NameEn) ? [m.Key] : []))
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Diagram_InEnglish_DrawsEnglishNamesAndCountsDaysRight()
    {
        var model = Shipped("approval-single");

        var english = InCulture("en", () => MermaidDiagram.Draw(model));
        var chinese = InCulture("zh-CN", () => MermaidDiagram.Draw(model));

        Assert.Contains("Submitted : Awaiting acceptance ≤1 working day\n", english, StringComparison.Ordinal);
        Assert.Contains("Submitted --> Review : Accept\n", english, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", english);
        Assert.Contains("Submitted : 待受理 ≤1工作日\n", chinese, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagram_InEnglish_StateWithoutEnglish_ShowsTheChineseName()
    {
        var model = Shipped("approval-single");
        model = model with { States = [.. model.States.Select(s => s.Id == "Review" ? s with { NameEn = null } : s)] };

        var english = InCulture("en", () => MermaidDiagram.Draw(model));

        Assert.Contains("Review : 部门审核", english, StringComparison.Ordinal);
    }

    [Fact]
    public void WithEnglishOf_OldVersion_GetsTheShippedEnglish_ButNotForARenamedState()
    {
        var shipped = Shipped("approval-single");
        var old = shipped with
        {
            NameEn = null,
            States = [.. shipped.States.Select(s => s with { NameEn = null, Name = s.Id == "Review" ? "科室审核" : s.Name })],
            Transitions = [.. shipped.Transitions.Select(t => t with { NameEn = null })],
        };

        var updated = DefinitionStore.WithEnglishOf(old, shipped);

        Assert.Equal(shipped.NameEn, updated.NameEn);
        Assert.Equal("Awaiting acceptance", updated.FindState("Submitted")!.NameEn);
        Assert.Null(updated.FindState("Review")!.NameEn);
        Assert.All(updated.Transitions, t => Assert.NotNull(t.NameEn));
    }

    [Fact]
    public void NameEn_RoundTripsThroughTheDefinitionJson_AndIsLeftOutWhenMissing()
    {
        var shipped = Shipped("rating-rectification");

        var again = ProcessModel.Parse(shipped.ToJson());
        var without = shipped with { NameEn = null, States = [.. shipped.States.Select(s => s with { NameEn = null })], Transitions = [.. shipped.Transitions.Select(t => t with { NameEn = null })] };

        Assert.Equal(shipped.NameEn, again.NameEn);
        Assert.Equal(shipped.States.Select(s => s.NameEn), again.States.Select(s => s.NameEn));
        Assert.DoesNotContain("nameEn", without.ToJson(), StringComparison.Ordinal);
    }
}
