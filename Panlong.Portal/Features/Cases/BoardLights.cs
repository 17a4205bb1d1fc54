using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Portal.Features.Cases;

/// <summary>
/// The board's traffic lights counted by the database instead of coloured row by row in memory
/// (docs/decisions/0050-city-scale-counts.md). A light compares the working time used (U, start → now) with the step's
/// working-time limit (U + R, R the working time left until the deadline) under the working calendar, which SQL cannot
/// evaluate; but every instant where U or R crosses a given amount can be computed once per request from the calendar.
/// So the open cases are grouped by the band their U and their R fall in (amounts growing by <see cref="Ratio"/>, R's
/// bands being U's times 1 − 0.8 / 0.8), and a band pair wholly on one side of the 80 % line is counted as a whole;
/// only the cases of pairs next to the line, and of the few pairs the thresholds cannot decide, are read and coloured by
/// <see cref="TrafficLights.For(WorkingCalendar, DateTimeOffset, DateTimeOffset, DateTimeOffset)"/> as before.
/// </summary>
public static class BoardLights
{
    /// <summary>The width of a band: a pair two bands away from the line is on its side with a margin of this factor.</summary>
    private const double Ratio = 1.15;

    // The smallest amount a band tells apart; below it (a step just begun) the rows are read.
    private static readonly TimeSpan Smallest = TimeSpan.FromMinutes(1);

    // How far back the bands reach: older starts all fall in the last band, which is still decided for the cases far
    // past their deadline and read for the others.
    private static readonly TimeSpan Reach = TimeSpan.FromDays(730);

    // R's band edges are U's times this, so that "R ≤ 0.25 U" (used ≥ 80 % of U + R) is a comparison of band numbers.
    private static readonly double LeftPerUsed = (1 - TrafficLights.YellowFrom) / TrafficLights.YellowFrom;

    public sealed record Counts(int Green, int Yellow, int Red, int Read);

    /// <summary>The lights of the open cases with a deadline among <paramref name="open"/>, seen at <paramref name="now"/>.</summary>
    public static async Task<Counts> CountAsync(IQueryable<Case> open, WorkingCalendar calendar, DateTimeOffset now, CancellationToken ct = default)
    {
        var edges = Edges.For(calendar, now);
        var timed = open.Where(c => c.StepDueAt != null);
        var cells = await timed.Select(edges.Cell()).GroupBy(c => new { c.Used, c.Left }).Select(g => new { g.Key.Used, g.Key.Left, Count = g.Count() })
            .ToListAsync(ct);
        var (green, yellow, red) = (0, 0, 0);
        var undecided = false;
        foreach (var cell in cells)
        {
            switch (edges.Decide(cell.Used, cell.Left))
            {
                case TrafficLight.Green: green += cell.Count; break;
                case TrafficLight.Yellow: yellow += cell.Count; break;
                case TrafficLight.Red: red += cell.Count; break;
                default: undecided = true; break;
            }
        }
        var read = 0;
        if (undecided)
        {
            var last = edges.Last;
            var rows = await timed.Select(edges.Cell())
                .Where(c => c.Left == -1 ? c.Used == 0 : c.Used - c.Left <= 1 && (c.Left - c.Used <= 1 || c.Used == last))
                .Select(c => new { c.Start, c.Due }).ToListAsync(ct);
            foreach (var row in rows)
            {
                switch (TrafficLights.For(calendar, row.Start, row.Due, now))
                {
                    case TrafficLight.Green: green++; break;
                    case TrafficLight.Yellow: yellow++; break;
                    default: red++; break;
                }
            }
            read = rows.Count;
        }
        return new Counts(green, yellow, red, read);
    }

    /// <summary>A case's band pair: U's band (0 … Last) and R's (−1 for past its deadline in working time, else 0 … Last).</summary>
    public sealed class LightCell
    {
        public int Used { get; init; }
        public int Left { get; init; }
        public DateTimeOffset Start { get; init; }
        public DateTimeOffset Due { get; init; }
    }

    /// <summary>The instants, computed once per request, where U and R reach each band's amount.</summary>
    private sealed class Edges
    {
        // Read by EF as query parameters (properties of a captured object), so the SQL is the same from one request to the next.
        public DateTimeOffset[] Starts { get; private init; } = [];
        public DateTimeOffset[] Dues { get; private init; } = [];
        public DateTimeOffset Overdue { get; private set; }

        public int Last => Starts.Length - 1;

        /// <summary>
        /// Band k (1 … Last) of U is "start ≤ Starts[k]", i.e. U ≥ Smallest × Ratio^(k−1); band k of R is "due &gt; Dues[k]",
        /// i.e. R ≥ that amount × <see cref="LeftPerUsed"/>; past the deadline is "due &lt; Overdue", the end of the last working
        /// stretch before now (working time has passed since the deadline). Index 0 is unused.
        /// </summary>
        public static Edges For(WorkingCalendar calendar, DateTimeOffset now)
        {
            var from = now - Reach;
            var reach = calendar.WorkingTimeBetween(from, now);
            var amounts = new List<TimeSpan>();
            for (var amount = Smallest; amount <= reach; amount = amount * Ratio)
            {
                amounts.Add(amount);
            }
            var edges = new Edges { Starts = new DateTimeOffset[amounts.Count + 1], Dues = new DateTimeOffset[amounts.Count + 1] };
            // Forward from the reach, the largest amount first: each step walks only the difference.
            var at = from;
            var walked = TimeSpan.Zero;
            for (var k = amounts.Count; k >= 1; k--)
            {
                at = calendar.AddWorkingTime(at, reach - amounts[k - 1] - walked);
                walked = reach - amounts[k - 1];
                edges.Starts[k] = at;
            }
            edges.Overdue = reach > TimeSpan.Zero ? calendar.AddWorkingTime(at, reach - walked) : from;
            var due = now;
            var left = TimeSpan.Zero;
            for (var k = 1; k <= amounts.Count; k++)
            {
                var next = amounts[k - 1] * LeftPerUsed;
                due = calendar.AddWorkingTime(due, next - left);
                left = next;
                edges.Dues[k] = due;
            }
            return edges;
        }

        /// <summary>
        /// Two bands apart is on one side with room to spare (a margin of <see cref="Ratio"/>, far above the instants'
        /// rounding in the database): U ≥ u(a) and R ≤ r(b+1) with b + 2 ≤ a is yellow; U ≤ u(a+1) and R ≥ r(b) with
        /// b ≥ a + 2 is green; past the deadline with some time used is red. Null: read the rows.
        /// </summary>
        public TrafficLight? Decide(int used, int left) =>
            left == -1 ? (used >= 1 ? TrafficLight.Red : null)
            : used >= left + 2 ? TrafficLight.Yellow
            : used < Last && left >= used + 2 ? TrafficLight.Green
            : null;

        public Expression<Func<Case, LightCell>> Cell()
        {
            var c = Expression.Parameter(typeof(Case), "c");
            var start = Expression.Property(c, nameof(Case.StepStartedAt));
            var due = Expression.Property(Expression.Property(c, nameof(Case.StepDueAt)), nameof(Nullable<DateTimeOffset>.Value));
            var self = Expression.Constant(this);
            Expression Edge(string field, int k) => Expression.ArrayIndex(Expression.Property(self, field), Expression.Constant(k));
            // Binary search as nested conditions: a handful of comparisons per row instead of one per band.
            Expression Band(Func<int, Expression> beyond, int low, int high)
            {
                if (low == high)
                {
                    return Expression.Constant(low);
                }
                var middle = (low + high + 1) / 2;
                return Expression.Condition(beyond(middle), Band(beyond, middle, high), Band(beyond, low, middle - 1));
            }
            var used = Band(k => Expression.LessThanOrEqual(start, Edge(nameof(Starts), k)), 0, Last);
            var left = Expression.Condition(Expression.LessThan(due, Expression.Property(self, nameof(Overdue))), Expression.Constant(-1),
                Band(k => Expression.GreaterThan(due, Edge(nameof(Dues), k)), 0, Last));
            return Expression.Lambda<Func<Case, LightCell>>(Expression.MemberInit(Expression.New(typeof(LightCell)),
                Expression.Bind(typeof(LightCell).GetProperty(nameof(LightCell.Used))!, used),
                Expression.Bind(typeof(LightCell).GetProperty(nameof(LightCell.Left))!, left),
                Expression.Bind(typeof(LightCell).GetProperty(nameof(LightCell.Start))!, start),
                Expression.Bind(typeof(LightCell).GetProperty(nameof(LightCell.Due))!, due)), c);
        }
    }
}
