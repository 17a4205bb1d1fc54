using Panlong.Data.Cases;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// The calculator's grouped counts of one slice of time — a month, or the running rest of a period — before any arithmetic
/// (docs/decisions/0048-running-year-from-stored-months.md). Every list is keyed so that the counts of the months of a period,
/// put together, are the counts of the period: facts by the month of their <c>At</c>, duties by the month of their deadline,
/// closings by the month they were made in with the month their case was received in, open duties with the post to charge
/// rather than the people (who worked a post is a fact of the whole period). The "by as-of" flags are as of the time the
/// slice was counted; a later deciding fact marks a stored slice stale (ADR 41's mark).
/// </summary>
public sealed record AppraisalCounts(
    IReadOnlyList<AppraisalCounts.GridCount> Grids,
    IReadOnlyList<AppraisalCounts.ClosingCount> Closings,
    IReadOnlyList<AppraisalCounts.StepCount> Steps,
    IReadOnlyList<AppraisalCounts.PersonCount> ValidReports,
    IReadOnlyList<AppraisalCounts.ProblemCount> Problems,
    IReadOnlyList<AppraisalCounts.AreaCell> Areas,
    IReadOnlyList<AppraisalCounts.DoneCount> Done,
    IReadOnlyList<AppraisalCounts.HandlingCount> Handlings,
    IReadOnlyList<AppraisalCounts.OpenStep> Open,
    IReadOnlyList<AppraisalCounts.Worker> Workers)
{
    /// <summary>
    /// An inspector's problems by the grids they held on the day each was reported (docs/decisions/0073-inspector-rotation.md),
    /// with a zero row for every inspector who held a grid of the scope in the slice: for them 漏报 is counted here, not in
    /// <see cref="Areas"/>, so a rotation neither carries the old area's later problems along nor leaves its earlier ones behind.
    /// </summary>
    public IReadOnlyList<HeldProblemCount> Held { get; init; } = [];

    /// <summary>Reports not found false in the grids an inspector held on their day, per inspector (their person key).</summary>
    public sealed record HeldProblemCount(string PersonKey, bool Public, int N);

    /// <summary>Reports, filings and closings made in a grid in <see cref="Month"/> (its first day, or the slice's first day).</summary>
    public sealed record GridCount(CaseFactKind Kind, int GridId, bool Public, bool? CaseOnTime, DateOnly Month, int N);

    /// <summary>
    /// Closings made in the slice, by the month their case was received in (<see cref="DateOnly.MinValue"/>: long before):
    /// the cohort of any period is the closings of its received months, its "closed earlier" those of months before it.
    /// <see cref="Inside"/>: made before the slice's end (an ended period's as-of is its end, which a closing may fall on);
    /// <see cref="ByAsOf"/>: made by the as-of the slice was counted with.
    /// </summary>
    public sealed record ClosingCount(DateOnly ReceivedMonth, bool? CaseOnTime, bool Inside, bool ByAsOf, int N);

    /// <summary>The facts made in the slice, per person and unit: the work done.</summary>
    public sealed record StepCount(CaseFactKind Kind, string? PersonKey, string? PersonName, string? PersonRole, string? UnitCode, bool? OnTime, bool? CaseOnTime, int N);

    /// <summary>A person's reports made in the slice that were filed (有效上报).</summary>
    public sealed record PersonCount(string PersonKey, int N);

    /// <summary>Reports made in a grid in the slice and not found false (漏报's problems).</summary>
    public sealed record ProblemCount(int GridId, bool Public, int N);

    /// <summary>A grid a field person worked in during the slice (a person's area is the union over the period).</summary>
    public sealed record AreaCell(string PersonKey, int GridId);

    /// <summary>Duties done whose deadline falls in the slice, per person (by their last completion).</summary>
    public sealed record DoneCount(CaseFactKind Kind, string? PersonKey, string? PersonName, string? PersonRole, bool? OnTime, int N);

    /// <summary>Handling duties done whose deadline falls in the slice (应结案), per unit and grid.</summary>
    public sealed record HandlingCount(string? UnitCode, int GridId, bool OnTime, bool Closed, bool Reworked, int N);

    /// <summary>
    /// A step open past a deadline in the slice: the holder when someone claimed it or was assigned it; otherwise the pool
    /// (<see cref="PoolUnitId"/>, <see cref="PoolRole"/>) whose period's workers it is charged to.
    /// </summary>
    public sealed record OpenStep(long CaseId, CaseFactKind Kind, string? UnitCode, int GridId, string ScopePath, bool Public, bool Reworked,
        string? Holder, string? HolderName, int? PoolUnitId, string? PoolRole);

    /// <summary>
    /// Someone who completed a task of a post (<see cref="Role"/> in <see cref="UnitId"/>) in the slice: a pooled open duty is
    /// charged to everyone who worked its post in the period, which is the union of its months' workers. Kept only in stored
    /// months (docs/decisions/0059-compact-month-counts.md): a task is completed now, so a closed month's workers do not change.
    /// </summary>
    public sealed record Worker(int UnitId, string? Role, string UserId, string? Name);

    /// <summary>The counts of the slices together: every list is a list of groups, so putting them side by side sums them.</summary>
    public static AppraisalCounts Sum(IReadOnlyList<AppraisalCounts> slices) => new(
        [.. slices.SelectMany(s => s.Grids)], [.. slices.SelectMany(s => s.Closings)], [.. slices.SelectMany(s => s.Steps)],
        [.. slices.SelectMany(s => s.ValidReports)], [.. slices.SelectMany(s => s.Problems)], [.. slices.SelectMany(s => s.Areas)],
        [.. slices.SelectMany(s => s.Done)], [.. slices.SelectMany(s => s.Handlings)], [.. slices.SelectMany(s => s.Open)], [.. slices.SelectMany(s => s.Workers)])
    {
        Held = [.. slices.SelectMany(s => s.Held)],
    };
}
