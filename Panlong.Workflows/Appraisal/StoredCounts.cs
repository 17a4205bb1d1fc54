using System.Text.Json;
using Panlong.Data.Cases;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// A month's <see cref="AppraisalCounts"/> as they are kept in a <c>MonthCounts</c> row (docs/decisions/0059-compact-month-counts.md):
/// every string once in a table, every group a run of small integers in one array per list. The running year reads eleven of
/// these on every visit; as the records' own JSON they were about 1 MB each (a property name and an escaped Chinese name per
/// value), which reading and parsing made most of the dashboard's time.
/// </summary>
public static class StoredCounts
{
    /// <summary>
    /// The form's version: a row in any other form (the records' own JSON of ADR 48, or version 2 without its <see cref="Stamp"/>)
    /// is counted again and rewritten.
    /// </summary>
    public const int Version = 4;

    /// <summary>How many characters of a row's start hold its version and stamp (<see cref="Stamp"/>).</summary>
    public const int HeadLength = 48;

    private static readonly string Head = "{\"V\":" + Version + ",\"N\":\"";

    // The property names are the arrays' only repeated text-free part: short, and written once per row. N is the row's stamp:
    // new on every write, so a parsed row kept in memory is known to be the row's current content by its first characters
    // (docs/decisions/0066-running-year-at-city-scale.md).
    private sealed record Form(int V, string N, string[] S, int[] G, int[] C, int[] St, int[] Vr, int[] P, int[] A, int[] D, int[] H, long[] O, int[] W, int[] I);

    private static readonly JsonSerializerOptions Json = new();

    public static string Write(AppraisalCounts counts)
    {
        var strings = new Strings();
        var form = new Form(Version, Guid.NewGuid().ToString("N"), [],
            [.. counts.Grids.SelectMany(g => new[] { (int)g.Kind, g.GridId, Bit(g.Public), Bit(g.CaseOnTime), g.Month.DayNumber, g.N })],
            [.. counts.Closings.SelectMany(c => new[] { c.ReceivedMonth.DayNumber, Bit(c.CaseOnTime), Bit(c.Inside), Bit(c.ByAsOf), c.N })],
            [.. counts.Steps.SelectMany(s => new[] { (int)s.Kind, strings[s.PersonKey], strings[s.PersonName], strings[s.PersonRole], strings[s.UnitCode], Bit(s.OnTime), Bit(s.CaseOnTime), s.N })],
            [.. counts.ValidReports.SelectMany(v => new[] { strings[v.PersonKey], v.N })],
            [.. counts.Problems.SelectMany(p => new[] { p.GridId, Bit(p.Public), p.N })],
            [.. counts.Areas.SelectMany(a => new[] { strings[a.PersonKey], a.GridId })],
            [.. counts.Done.SelectMany(d => new[] { (int)d.Kind, strings[d.PersonKey], strings[d.PersonName], strings[d.PersonRole], Bit(d.OnTime), d.N })],
            [.. counts.Handlings.SelectMany(h => new[] { strings[h.UnitCode], h.GridId, Bit(h.OnTime), Bit(h.Closed), Bit(h.Reworked), h.N })],
            [.. counts.Open.SelectMany(o => new long[] { o.CaseId, (int)o.Kind, strings[o.UnitCode], o.GridId, strings[o.ScopePath], Bit(o.Public), Bit(o.Reworked),
                strings[o.Holder], strings[o.HolderName], o.PoolUnitId ?? -1, strings[o.PoolRole] })],
            [.. counts.Workers.SelectMany(w => new[] { w.UnitId, strings[w.Role], strings[w.UserId], strings[w.Name] })],
            [.. counts.Held.SelectMany(h => new[] { strings[h.PersonKey], Bit(h.Public), h.N })]);
        return JsonSerializer.Serialize(form with { S = strings.Table() }, Json);
    }

    /// <summary>
    /// The stamp <see cref="Write"/> gave a row, from its first <see cref="HeadLength"/> characters (or the whole row); null for a
    /// row in another form. Every write makes a new one, so two reads with the same stamp read the same content.
    /// </summary>
    public static string? Stamp(string head) =>
        head.StartsWith(Head, StringComparison.Ordinal) && head.Length >= Head.Length + 33 && head[Head.Length + 32] == '"' ? head.Substring(Head.Length, 32) : null;

    /// <summary>The counts of a row written by <see cref="Write"/>; null for a row in another form.</summary>
    public static AppraisalCounts? Read(string json)
    {
        if (Stamp(json) is null)
        {
            return null;
        }
        var f = JsonSerializer.Deserialize<Form>(json, Json)!;
        var s = f.S;
        string? S(long i) => i == 0 ? null : s[i - 1];
        return new AppraisalCounts(
            Rows(f.G, 6, (a, i) => new AppraisalCounts.GridCount((CaseFactKind)a[i], a[i + 1], a[i + 2] == 2, Maybe(a[i + 3]), DateOnly.FromDayNumber(a[i + 4]), a[i + 5])),
            Rows(f.C, 5, (a, i) => new AppraisalCounts.ClosingCount(DateOnly.FromDayNumber(a[i]), Maybe(a[i + 1]), a[i + 2] == 2, a[i + 3] == 2, a[i + 4])),
            Rows(f.St, 8, (a, i) => new AppraisalCounts.StepCount((CaseFactKind)a[i], S(a[i + 1]), S(a[i + 2]), S(a[i + 3]), S(a[i + 4]), Maybe(a[i + 5]), Maybe(a[i + 6]), a[i + 7])),
            Rows(f.Vr, 2, (a, i) => new AppraisalCounts.PersonCount(S(a[i])!, a[i + 1])),
            Rows(f.P, 3, (a, i) => new AppraisalCounts.ProblemCount(a[i], a[i + 1] == 2, a[i + 2])),
            Rows(f.A, 2, (a, i) => new AppraisalCounts.AreaCell(S(a[i])!, a[i + 1])),
            Rows(f.D, 6, (a, i) => new AppraisalCounts.DoneCount((CaseFactKind)a[i], S(a[i + 1]), S(a[i + 2]), S(a[i + 3]), Maybe(a[i + 4]), a[i + 5])),
            Rows(f.H, 6, (a, i) => new AppraisalCounts.HandlingCount(S(a[i]), a[i + 1], a[i + 2] == 2, a[i + 3] == 2, a[i + 4] == 2, a[i + 5])),
            Rows(f.O, 11, (a, i) => new AppraisalCounts.OpenStep(a[i], (CaseFactKind)a[i + 1], S(a[i + 2]), (int)a[i + 3], S(a[i + 4])!, a[i + 5] == 2, a[i + 6] == 2,
                S(a[i + 7]), S(a[i + 8]), a[i + 9] < 0 ? null : (int)a[i + 9], S(a[i + 10]))),
            Rows(f.W, 4, (a, i) => new AppraisalCounts.Worker(a[i], S(a[i + 1]), S(a[i + 2])!, S(a[i + 3]))))
        {
            Held = Rows(f.I, 3, (a, i) => new AppraisalCounts.HeldProblemCount(S(a[i])!, a[i + 1] == 2, a[i + 2])),
        };
    }

    private static List<T> Rows<TValue, T>(TValue[] values, int width, Func<TValue[], int, T> row)
    {
        var rows = new List<T>(values.Length / width);
        for (var i = 0; i < values.Length; i += width)
        {
            rows.Add(row(values, i));
        }
        return rows;
    }

    /// <summary>0 for null, 1 for false, 2 for true.</summary>
    private static int Bit(bool? value) => value switch { null => 0, false => 1, true => 2 };

    private static bool? Maybe(int bit) => bit == 0 ? null : bit == 2;

    /// <summary>Each distinct string once; 0 stands for null, n for the table's n-th entry.</summary>
    private sealed class Strings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

        public int this[string? value] => value is null ? 0 : _index.TryGetValue(value, out var i) ? i : _index[value] = _index.Count + 1;

        public string[] Table() => [.. _index.OrderBy(e => e.Value).Select(e => e.Key)];
    }
}
