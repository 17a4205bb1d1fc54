using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Workflows.Cases;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// The duties of docs/appraisal.md (ADR 21): a step of a case with a deadline, counted once per case however often it was
/// redone, due in the period its deadline falls in — done or not — and late if its last completion came after the deadline
/// or it is still open after it.
/// </summary>
public static class Duties
{
    /// <summary>The fact kinds that complete each step: entering the step again makes its earlier completions superseded.</summary>
    public static readonly IReadOnlyDictionary<string, CaseFactKind[]> KindsOfState = new Dictionary<string, CaseFactKind[]>
    {
        [CaseLoopContract.Accepting] = [CaseFactKind.Accepted, CaseFactKind.VerifySent],
        [CaseLoopContract.Verifying] = [CaseFactKind.Verified],
        [CaseLoopContract.Filing] = [CaseFactKind.Filed, CaseFactKind.NotFiled],
        [CaseLoopContract.Dispatching] = [CaseFactKind.Dispatched],
        [CaseLoopContract.Handling] = [CaseFactKind.Handled],
        [CaseLoopContract.Checking] = [CaseFactKind.Checked],
        [CaseLoopContract.Closing] = [CaseFactKind.Closed],
    };

    /// <summary>Fact kinds that stand for a duty done.</summary>
    public static readonly CaseFactKind[] Kinds = KindsOfState.Values.SelectMany(k => k).ToArray();

    /// <summary>The states whose open task is a duty (挂账 and the reviews have none: the handling clock waits).</summary>
    public static readonly string[] OpenStates = [.. KindsOfState.Keys, CaseLoopContract.Assisting];

    /// <summary>As-of: the period's end, or now while the period runs.</summary>
    public static DateTimeOffset AsOf(AppraisalPeriod period, DateTimeOffset now) => now < period.End ? now : period.End;

    /// <summary>Due in the period: its deadline falls in it, and it is done or its deadline has passed by as-of.</summary>
    public static bool IsDue(DateTimeOffset dueAt, bool done, AppraisalPeriod period, DateTimeOffset asOf) =>
        dueAt >= period.Start && dueAt < period.End && (done || dueAt < asOf);

    /// <summary>
    /// The duty an open step stands for, by the kind its completion will write: 受理 of a public report is a 派核实 (public reports
    /// are verified first), of a staff report a 核查派发; 协办 is the main unit's handling.
    /// </summary>
    public static CaseFactKind? OpenKind(string state, bool isPublic) => state switch
    {
        CaseLoopContract.Accepting => isPublic ? CaseFactKind.VerifySent : CaseFactKind.Accepted,
        CaseLoopContract.Verifying => CaseFactKind.Verified,
        CaseLoopContract.Filing => CaseFactKind.Filed,
        CaseLoopContract.Dispatching => CaseFactKind.Dispatched,
        CaseLoopContract.Handling or CaseLoopContract.Assisting => CaseFactKind.Handled,
        CaseLoopContract.Checking => CaseFactKind.Checked,
        CaseLoopContract.Closing => CaseFactKind.Closed,
        _ => null,
    };

    /// <summary>The post a duty of this kind is charged in; null for the handling, which is the unit's.</summary>
    public static string? PostOf(CaseFactKind kind) => kind switch
    {
        CaseFactKind.Accepted or CaseFactKind.VerifySent => Roles.Acceptor,
        CaseFactKind.Verified or CaseFactKind.Checked => Roles.Supervisor,
        CaseFactKind.Filed or CaseFactKind.NotFiled or CaseFactKind.Closed => Roles.ShiftLead,
        CaseFactKind.Dispatched => Roles.Dispatcher,
        _ => null,
    };

    /// <summary>One kind for a step: a 不予立案 is the filing step done, so it is counted with the filings.</summary>
    public static CaseFactKind StepOf(CaseFactKind kind) => kind == CaseFactKind.NotFiled ? CaseFactKind.Filed : kind;
}
