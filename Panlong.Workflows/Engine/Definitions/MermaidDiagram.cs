using System.Text;
using Panlong.Data;

namespace Panlong.Workflows.Engine.Definitions;

/// <summary>
/// Draws a definition as a Mermaid state diagram in the reader's language (names as data, docs/decisions/0038-localized-names.md);
/// an instance's current state is highlighted.
/// </summary>
public static class MermaidDiagram
{
    public static string Draw(ProcessModel model, string? currentState = null)
    {
        var sb = new StringBuilder("stateDiagram-v2\n");
        var children = model.States.Where(s => s.Parent is not null).ToLookup(s => s.Parent!);
        void DrawState(StateModel state, string indent)
        {
            var kids = children[state.Id].ToList();
            if (kids.Count == 0)
            {
                sb.Append(indent).Append(state.Id).Append(" : ").Append(Label(state)).Append('\n');
                return;
            }
            sb.Append(indent).Append("state \"").Append(Escape(state.DisplayName)).Append("\" as ").Append(state.Id).Append(" {\n");
            foreach (var kid in kids)
            {
                DrawState(kid, indent + "    ");
            }
            sb.Append(indent).Append("}\n");
        }
        foreach (var state in model.States.Where(s => s.Parent is null))
        {
            DrawState(state, "    ");
        }
        sb.Append("    [*] --> ").Append(model.StartState.Id).Append('\n');
        foreach (var t in model.Transitions)
        {
            sb.Append("    ").Append(t.From).Append(" --> ").Append(t.To).Append(" : ").Append(Escape(t.DisplayName)).Append('\n');
        }
        foreach (var end in model.States.Where(s => s.Kind == StateKind.End))
        {
            sb.Append("    ").Append(end.Id).Append(" --> [*]\n");
        }
        if (currentState is not null && model.FindState(currentState) is not null)
        {
            sb.Append("    classDef current fill:#c62828,color:#fff,stroke:#7f0000,stroke-width:3px\n");
            sb.Append("    class ").Append(currentState).Append(" current\n");
        }
        return sb.ToString();
    }

    private static string Label(StateModel state)
    {
        var label = Escape(state.DisplayName);
        var english = LocalizedName.ReaderIsEnglish;
        if (state.Parallel is { } parallel)
        {
            label += (parallel.Mode, english) switch
            {
                (ParallelMode.All, false) => "（会签）",
                (ParallelMode.All, true) => " (all sign)",
                (_, false) => "（或签）",
                _ => " (any signs)",
            };
        }
        if (state.Limit is { } limit && !limit.IsEmpty)
        {
            label += (limit, english) switch
            {
                ({ WorkingHours: { } h }, false) => $" ≤{h}工时",
                ({ WorkingHours: { } h }, true) => h == 1 ? " ≤1 working hour" : $" ≤{h} working hours",
                ({ WorkingDays: { } d }, false) => $" ≤{d}工作日",
                ({ WorkingDays: { } d }, true) => d == 1 ? " ≤1 working day" : $" ≤{d} working days",
                (_, false) => " 限时",
                _ => " time-limited",
            };
        }
        return label;
    }

    // Mermaid labels end at a line break and treat ':' and ';' specially; '"' ends a quoted name. Mermaid reads markup and
    // entities in labels, and names are typed by process administrators, so '<', '>' and '&' become their full-width
    // forms: a name shows as the text it is, never as HTML (issue 15).
    private static string Escape(string text) => text.Replace(':', '：').Replace(';', '；').Replace('\n', ' ').Replace('"', '＂')
        .Replace('<', '＜').Replace('>', '＞').Replace('&', '＆').Replace('#', '＃');
}
