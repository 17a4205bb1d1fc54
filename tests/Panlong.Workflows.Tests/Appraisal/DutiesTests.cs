using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>The duty rules of ADR 21 (docs/appraisal.md) without a database.</summary>
public class DutiesTests
{
    private static readonly AppraisalPeriod March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));
    private static readonly DateTimeOffset MidMarch = ChinaTime.StartOf(new DateOnly(2026, 3, 16));

    [Fact]
    public void AsOf_WhileThePeriodRuns_IsNow_AndAfterItsEnd_IsTheEnd()
    {
        Assert.Equal(MidMarch, Duties.AsOf(March, MidMarch));
        Assert.Equal(March.End, Duties.AsOf(March, March.End.AddDays(40)));
    }

    [Theory]
    [InlineData(-1, true, false)]    // deadline before the period: another period's duty
    [InlineData(0, true, true)]      // the first instant is in
    [InlineData(10, false, true)]    // open, deadline passed by as-of: due and late
    [InlineData(20, false, false)]   // open, deadline still ahead of as-of: not due yet
    [InlineData(20, true, true)]     // done early, deadline ahead: due (and on time)
    [InlineData(31, true, false)]    // the end is exclusive
    public void IsDue_CountsADeadlineInThePeriod_DoneOrPassedByAsOf(int daysFromStart, bool done, bool due)
    {
        var asOf = March.Start.AddDays(15);

        Assert.Equal(due, Duties.IsDue(March.Start.AddDays(daysFromStart), done, March, asOf));
    }

    [Theory]
    [InlineData(CaseLoopContract.Accepting, true, CaseFactKind.VerifySent)]
    [InlineData(CaseLoopContract.Accepting, false, CaseFactKind.Accepted)]
    [InlineData(CaseLoopContract.Verifying, true, CaseFactKind.Verified)]
    [InlineData(CaseLoopContract.Filing, false, CaseFactKind.Filed)]
    [InlineData(CaseLoopContract.Dispatching, false, CaseFactKind.Dispatched)]
    [InlineData(CaseLoopContract.Handling, false, CaseFactKind.Handled)]
    [InlineData(CaseLoopContract.Assisting, false, CaseFactKind.Handled)]
    [InlineData(CaseLoopContract.Checking, false, CaseFactKind.Checked)]
    [InlineData(CaseLoopContract.Closing, false, CaseFactKind.Closed)]
    public void OpenKind_IsTheFactItsCompletionWillWrite(string state, bool isPublic, CaseFactKind kind) =>
        Assert.Equal(kind, Duties.OpenKind(state, isPublic));

    [Theory]
    [InlineData("Shelved")]
    [InlineData("ExtensionReview")]
    [InlineData(CaseLoopContract.Closed)]
    public void OpenKind_OfAStateWithoutADutyClock_IsNone(string state) => Assert.Null(Duties.OpenKind(state, false));

    [Fact]
    public void AStepEnteredAgain_SupersedesEveryKindThatCompletesIt()
    {
        // Each open state's duty is one of the kinds its completion writes, so the re-opened duty replaces the earlier ones.
        foreach (var state in Duties.KindsOfState.Keys)
        {
            Assert.Contains(Duties.OpenKind(state, false)!.Value, Duties.KindsOfState[state]);
        }
        Assert.Equal(CaseFactKind.Filed, Duties.StepOf(CaseFactKind.NotFiled));
    }

    [Theory]
    [InlineData(CaseFactKind.VerifySent, Roles.Acceptor)]
    [InlineData(CaseFactKind.Checked, Roles.Supervisor)]
    [InlineData(CaseFactKind.Closed, Roles.ShiftLead)]
    [InlineData(CaseFactKind.Dispatched, Roles.Dispatcher)]
    [InlineData(CaseFactKind.Handled, null)]
    public void PostOf_ADuty_IsThePostItIsChargedIn_AndNoneForTheUnitsHandling(CaseFactKind kind, string? post) => Assert.Equal(post, Duties.PostOf(kind));
}
