namespace Panlong.Workflows.SpotChecks;

/// <summary>One draw: the <see cref="Index"/>-th of its plan, a grid and a category to check on a day.</summary>
public sealed record SpotDraw(int Index, DateOnly Day, int GridId, int CategoryId);

/// <summary>
/// The spot-check draw (docs/decisions/0074-spot-checks.md): from a seed, the candidate grids and categories (each in a fixed order)
/// and the period, the same draws every time. The generator is SplitMix64 written out here rather than <see cref="Random"/>, whose
/// seeded sequence .NET does not promise to keep across versions: a plan drawn today must redraw the same in five years.
/// </summary>
public static class SpotCheckDraw
{
    public static IReadOnlyList<SpotDraw> Draw(int seed, DateOnly from, DateOnly to, int checks, IReadOnlyList<int> gridIds, IReadOnlyList<int> categoryIds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(to, from);
        if (gridIds.Count == 0 || categoryIds.Count == 0)
        {
            return [];
        }
        var days = to.DayNumber - from.DayNumber + 1;
        var state = unchecked((ulong)seed);
        var draws = new List<SpotDraw>(checks);
        for (var i = 0; i < checks; i++)
        {
            // Each draw takes three numbers in a fixed order: the day, the grid, the category.
            var day = from.AddDays(Next(ref state, days));
            draws.Add(new SpotDraw(i, day, gridIds[Next(ref state, gridIds.Count)], categoryIds[Next(ref state, categoryIds.Count)]));
        }
        return draws;
    }

    /// <summary>A number in [0, bound): SplitMix64's next output, scaled to the bound by Lemire's multiply-shift rather than a modulo.</summary>
    private static int Next(ref ulong state, int bound)
    {
        state += 0x9E3779B97F4A7C15;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (int)(((z >> 32) * (ulong)bound) >> 32);
    }
}
