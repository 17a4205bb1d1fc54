using Panlong.Data;
using Panlong.Workflows.Organization;

namespace Panlong.Workflows.Tests.Organization;

/// <summary>The rotation rules (issue 19 part 3, docs/decisions/0073-inspector-rotation.md): what a plan must keep, and the plan the system proposes.</summary>
public class RotationPlannerTests
{
    private static readonly RotationConfig Rules = new(MaxMonthsInStreet: 24, NoReturnMonths: 24, PeriodMonths: 6);
    private static readonly DateTimeOffset Day = ChinaTime.StartOf(new DateOnly(2026, 7, 1));

    private static DateTimeOffset Since(int year, int month) => ChinaTime.StartOf(new DateOnly(year, month, 1));

    /// <summary>Three streets, two inspectors each, two grids each; the first of each street has been there since 2024-01 (30 months by the period's end).</summary>
    private static RotationState State(params InspectorStint[] left) => new(
    [
        new(1, "甲", "A", Since(2024, 1), [11, 12]), new(2, "乙", "A", Since(2026, 1), [13, 14]),
        new(3, "丙", "B", Since(2024, 1), [21, 22]), new(4, "丁", "B", Since(2026, 1), [23, 24]),
        new(5, "戊", "C", Since(2024, 1), [31, 32]), new(6, "己", "C", Since(2026, 1), [33, 34]),
    ], left);

    [Fact]
    public void Propose_ThreeOverstayers_MovesExactlyThemAndKeepsEveryRule()
    {
        var state = State();

        var moves = RotationPlanner.Propose(state, Rules, Day)!;

        Assert.Equal([1, 3, 5], moves.Select(m => m.StaffId).Order());
        Assert.All(moves, m => Assert.NotEqual(m.FromStreet, m.ToStreet));
        Assert.Empty(RotationPlanner.Check(moves, state, Rules, Day));
    }

    [Fact]
    public void Propose_SameStateTwice_GivesTheSamePlan()
    {
        var first = RotationPlanner.Propose(State(), Rules, Day)!;
        var second = RotationPlanner.Propose(State(), Rules, Day)!;

        Assert.Equal(first.Select(m => (m.StaffId, m.ToStreet, string.Join(',', m.GridIds))), second.Select(m => (m.StaffId, m.ToStreet, string.Join(',', m.GridIds))));
    }

    [Fact]
    public void Propose_AStreetWhoseOnlyFreePlaceIsTheMoversOwn_BringsInTheLongestServingOther()
    {
        // Only 甲 overstays; alone they could only take their own grids back, so the longest-serving of the others (丁, since 2025-01) joins.
        RotationState state = new(
        [
            new(1, "甲", "A", Since(2024, 1), [11]), new(2, "乙", "A", Since(2026, 1), [12]),
            new(3, "丙", "B", Since(2026, 2), [21]), new(4, "丁", "B", Since(2025, 1), [22]),
        ], []);

        var moves = RotationPlanner.Propose(state, Rules, Day)!;

        Assert.Equal([(1, "B"), (4, "A")], moves.Select(m => (m.StaffId, m.ToStreet)).Order());
        Assert.Empty(RotationPlanner.Check(moves, state, Rules, Day));
    }

    [Fact]
    public void Propose_NoStreetToGoTo_ReturnsNoPlan()
    {
        // One street only: an overstayer has nowhere else to go.
        RotationState state = new([new(1, "甲", "A", Since(2024, 1), [11]), new(2, "乙", "A", Since(2026, 1), [12])], []);

        Assert.Null(RotationPlanner.Propose(state, Rules, Day));
    }

    [Fact]
    public void Propose_AStreetLeftWithinTheNoReturnMonths_IsNotWhereTheMoverGoes()
    {
        // 甲 left B in 2025-03: within 24 months of July 2026, so 甲 goes to C.
        var state = State(new InspectorStint(1, "B", Since(2025, 3)));

        var moves = RotationPlanner.Propose(state, Rules, Day)!;

        Assert.Equal("C", moves.Single(m => m.StaffId == 1).ToStreet);
        Assert.Empty(RotationPlanner.Check(moves, state, Rules, Day));
    }

    [Fact]
    public void Check_AnOverstayerKeptInPlace_IsRefusedWithTheLongestStay()
    {
        var state = State();
        var moves = RotationPlanner.Propose(state, Rules, Day)!.Where(m => m.StaffId != 5).ToList();

        var problems = RotationPlanner.Check(moves, state, Rules, Day);

        Assert.Contains(new RotationProblem(RotationPlanner.MaxStay, "戊"), problems);
    }

    [Fact]
    public void Check_AReturnWithinTheNoReturnMonths_IsRefusedWithNoReturn()
    {
        var state = State(new InspectorStint(1, "B", Since(2025, 3)));
        RotationMove[] moves =
        [
            new(1, "甲", "A", "B", [21, 22]), new(3, "丙", "B", "C", [31, 32]), new(5, "戊", "C", "A", [11, 12]),
        ];

        var problems = RotationPlanner.Check(moves, state, Rules, Day);

        Assert.Equal([new RotationProblem(RotationPlanner.NoReturn, "甲 → B")], problems);
    }

    [Fact]
    public void Check_AReturnAfterTheNoReturnMonths_IsAllowed()
    {
        var state = State(new InspectorStint(1, "B", Since(2024, 6)));
        RotationMove[] moves =
        [
            new(1, "甲", "A", "B", [21, 22]), new(3, "丙", "B", "C", [31, 32]), new(5, "戊", "C", "A", [11, 12]),
        ];

        Assert.Empty(RotationPlanner.Check(moves, state, Rules, Day));
    }

    [Fact]
    public void Check_MovesThatChangeAStreetsHeadCount_AreRefusedWithTheStreetsNamed()
    {
        var state = State();
        // 甲 and 丙 both go to C, and 戊 to A: B loses one, C gains one, and B's grids 21–22 are left without an inspector.
        RotationMove[] moves =
        [
            new(1, "甲", "A", "C", [31, 32]), new(3, "丙", "B", "C", [31, 32]), new(5, "戊", "C", "A", [11, 12]),
        ];

        var problems = RotationPlanner.Check(moves, state, Rules, Day);

        Assert.Contains(new RotationProblem(RotationPlanner.HeadCount, "B"), problems);
        Assert.Contains(new RotationProblem(RotationPlanner.HeadCount, "C"), problems);
        Assert.Contains(problems, p => p.Rule == RotationPlanner.Grids);
    }

    [Fact]
    public void Check_AMoveWithinTheSameStreet_IsNotAMove()
    {
        var state = State();
        RotationMove[] moves = [.. RotationPlanner.Propose(state, Rules, Day)!, new(2, "乙", "A", "A", [13, 14])];

        Assert.Contains(new RotationProblem(RotationPlanner.NotAMove, "乙"), RotationPlanner.Check(moves, state, Rules, Day));
    }

    [Fact]
    public void Overstays_AStartNotOnRecord_MustMove()
    {
        Assert.True(RotationPlanner.Overstays(new(1, "甲", "A", null, [11]), Rules, Day));
    }
}
