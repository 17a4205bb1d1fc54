using Panlong.Data;

namespace Panlong.Workflows.Organization;

/// <summary>The rules of docs/decisions/0073-inspector-rotation.md: how long one may stay, how soon one may return, the plan's period.</summary>
public sealed record RotationConfig(int MaxMonthsInStreet, int NoReturnMonths, int PeriodMonths)
{
    /// <summary>Two years in a street at most, no return within two years, a plan every half year.</summary>
    public static readonly RotationConfig Default = new(24, 24, 6);
}

/// <summary>An inspector's current post: the street, since when they have been in it (null: before the records), the grids held.</summary>
public sealed record InspectorHolding(int StaffId, string Name, string StreetCode, DateTimeOffset? Since, IReadOnlyList<int> GridIds);

/// <summary>A street an inspector left, and when.</summary>
public sealed record InspectorStint(int StaffId, string StreetCode, DateTimeOffset Until);

/// <summary>The district's inspectors as they stand the day a plan would take effect.</summary>
public sealed record RotationState(IReadOnlyList<InspectorHolding> Holdings, IReadOnlyList<InspectorStint> Left);

/// <summary>One inspector moving: from their street to another, taking over the grids listed (those of the inspector they replace).</summary>
public sealed record RotationMove(int StaffId, string Name, string FromStreet, string ToStreet, IReadOnlyList<int> GridIds);

/// <summary>A broken rule: the resource key (<c>Rotation.Rule.*</c>) and who or which street breaks it.</summary>
public sealed record RotationProblem(string Rule, string Subject);

/// <summary>
/// Proposes and checks rotation plans (docs/decisions/0073-inspector-rotation.md). Pure and deterministic: the same state,
/// rules and day give the same plan. Who must move: whoever would otherwise pass the longest stay before the period ends. The
/// grids they leave are the places to fill; each mover takes the grids of another mover, in a street that is not their own
/// nor one they left within the no-return months — so every street keeps its head count and every grid its inspector. When
/// no such matching exists, the longest-serving of the others join the movers one by one until one does.
/// </summary>
public static class RotationPlanner
{
    public const string MaxStay = "Rotation.Rule.MaxStay";
    public const string NoReturn = "Rotation.Rule.NoReturn";
    public const string HeadCount = "Rotation.Rule.HeadCount";
    public const string Grids = "Rotation.Rule.Grids";
    public const string NotAMove = "Rotation.Rule.NotAMove";
    public const string NoPlan = "Rotation.Rule.NoPlan";

    /// <summary>The moves of the plan, or null when no plan can keep the rules (every inspector moving included).</summary>
    public static IReadOnlyList<RotationMove>? Propose(RotationState state, RotationConfig config, DateTimeOffset effectiveAt)
    {
        var periodEnd = AddMonths(effectiveAt, config.PeriodMonths);
        var ordered = state.Holdings.OrderBy(h => h.StreetCode, StringComparer.Ordinal).ThenBy(h => h.StaffId).ToList();
        var movers = ordered.Where(h => Overstays(h, config, periodEnd)).ToList();
        // The others, longest in their street first: the first to join when the movers alone cannot be placed.
        var volunteers = new Queue<InspectorHolding>(ordered.Except(movers).OrderBy(h => h.Since ?? DateTimeOffset.MinValue).ThenBy(h => h.StaffId));
        while (true)
        {
            if (Match(movers, state.Left, config, effectiveAt) is { } moves)
            {
                return moves;
            }
            if (volunteers.Count == 0)
            {
                return null;
            }
            movers.Add(volunteers.Dequeue());
            movers = [.. movers.OrderBy(h => h.StreetCode, StringComparer.Ordinal).ThenBy(h => h.StaffId)];
        }
    }

    /// <summary>Every rule a plan breaks; none for a plan that keeps them all.</summary>
    public static IReadOnlyList<RotationProblem> Check(IReadOnlyList<RotationMove> moves, RotationState state, RotationConfig config, DateTimeOffset effectiveAt)
    {
        var problems = new List<RotationProblem>();
        var holdings = state.Holdings.ToDictionary(h => h.StaffId);
        var periodEnd = AddMonths(effectiveAt, config.PeriodMonths);
        var moved = moves.GroupBy(m => m.StaffId).ToDictionary(g => g.Key, g => g.First());
        foreach (var move in moves)
        {
            if (!holdings.TryGetValue(move.StaffId, out var holding) || move.ToStreet == holding.StreetCode || moves.Count(m => m.StaffId == move.StaffId) > 1)
            {
                problems.Add(new(NotAMove, move.Name));
            }
            else if (ReturnsTooSoon(move.StaffId, move.ToStreet, state.Left, config, effectiveAt))
            {
                problems.Add(new(NoReturn, $"{move.Name} → {move.ToStreet}"));
            }
        }
        problems.AddRange(state.Holdings.Where(h => !moved.ContainsKey(h.StaffId) && Overstays(h, config, periodEnd)).Select(h => new RotationProblem(MaxStay, h.Name)));
        var before = state.Holdings.GroupBy(h => h.StreetCode).ToDictionary(g => g.Key, g => g.Count());
        var after = state.Holdings.Select(h => moved.TryGetValue(h.StaffId, out var m) ? m.ToStreet : h.StreetCode).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        problems.AddRange(before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(s => before.GetValueOrDefault(s) != after.GetValueOrDefault(s)).Select(s => new RotationProblem(HeadCount, s)));
        // Every grid an inspector holds keeps exactly one, and a mover's grids lie in the street they go to.
        var gridStreet = state.Holdings.SelectMany(h => h.GridIds.Select(g => (Grid: g, h.StreetCode))).ToDictionary(x => x.Grid, x => x.StreetCode);
        var held = state.Holdings.SelectMany(h => moved.TryGetValue(h.StaffId, out var m) ? m.GridIds.Select(g => (Grid: g, Street: m.ToStreet)) : h.GridIds.Select(g => (Grid: g, Street: h.StreetCode))).ToList();
        if (held.Count != gridStreet.Count || held.Select(x => x.Grid).Distinct().Count() != gridStreet.Count
            || held.Any(x => gridStreet.GetValueOrDefault(x.Grid) != x.Street))
        {
            problems.Add(new(Grids, ""));
        }
        return problems;
    }

    /// <summary>Staying to the period's end would pass the longest stay; an inspector whose start is not on record has stayed too long.</summary>
    public static bool Overstays(InspectorHolding holding, RotationConfig config, DateTimeOffset periodEnd) =>
        holding.Since is not { } since || AddMonths(since, config.MaxMonthsInStreet) < periodEnd;

    public static bool ReturnsTooSoon(int staffId, string street, IReadOnlyList<InspectorStint> left, RotationConfig config, DateTimeOffset effectiveAt) =>
        left.Any(s => s.StaffId == staffId && s.StreetCode == street && AddMonths(s.Until, config.NoReturnMonths) > effectiveAt);

    /// <summary>Calendar months on China's calendar (a rotation's dates are China midnights).</summary>
    public static DateTimeOffset AddMonths(DateTimeOffset at, int months) => ChinaTime.ToChina(at).AddMonths(months).ToUniversalTime();

    // Kuhn's augmenting paths over movers (in order) and the places they leave (in the same order): deterministic, and a
    // perfect matching whenever one exists.
    private static List<RotationMove>? Match(List<InspectorHolding> movers, IReadOnlyList<InspectorStint> left, RotationConfig config, DateTimeOffset effectiveAt)
    {
        if (movers.Count == 0)
        {
            return [];
        }
        var places = movers;
        var fits = movers.Select(m => places.Select(p => p.StreetCode != m.StreetCode && !ReturnsTooSoon(m.StaffId, p.StreetCode, left, config, effectiveAt)).ToArray()).ToArray();
        var placeTaker = Enumerable.Repeat(-1, places.Count).ToArray();
        for (var m = 0; m < movers.Count; m++)
        {
            if (!Augment(m, fits, placeTaker, new bool[places.Count]))
            {
                return null;
            }
        }
        return [.. Enumerable.Range(0, places.Count).Select(p => (Mover: movers[placeTaker[p]], Place: places[p]))
            .OrderBy(x => x.Mover.StreetCode, StringComparer.Ordinal).ThenBy(x => x.Mover.StaffId)
            .Select(x => new RotationMove(x.Mover.StaffId, x.Mover.Name, x.Mover.StreetCode, x.Place.StreetCode, x.Place.GridIds))];
    }

    private static bool Augment(int mover, bool[][] fits, int[] placeTaker, bool[] seen)
    {
        for (var p = 0; p < placeTaker.Length; p++)
        {
            if (!fits[mover][p] || seen[p])
            {
                continue;
            }
            seen[p] = true;
            if (placeTaker[p] < 0 || Augment(placeTaker[p], fits, placeTaker, seen))
            {
                placeTaker[p] = mover;
                return true;
            }
        }
        return false;
    }
}
