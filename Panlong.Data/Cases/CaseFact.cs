namespace Panlong.Data.Cases;

/// <summary>What happened at one step of a case, as the appraisal counts it (docs/domain.md §3).</summary>
public enum CaseFactKind
{
    /// <summary>采集上报: the reporter (a person for staff reports; public for volunteers, residents and the hotline).</summary>
    Reported,
    /// <summary>受理 straight to filing (the reporter checks later) or a self-handled case confirmed: the acceptor's 核查派发.</summary>
    Accepted,
    /// <summary>派核实: the acceptor sends a public report to a supervisor.</summary>
    VerifySent,
    /// <summary>核实 (true or false) by a supervisor.</summary>
    Verified,
    Filed,
    NotFiled,
    /// <summary>作废 approved; the person is whoever filed the case (准确立案率), none when it was never filed.</summary>
    Voided,
    /// <summary>派遣 (also 主协办); the unit is the handling unit.</summary>
    Dispatched,
    /// <summary>处置反馈 by the handling unit.</summary>
    Handled,
    /// <summary>核查不通过: the person is the dispatcher who sent it (准确派遣率), the unit the handling unit (返工率).</summary>
    Reworked,
    Extended,
    Shelved,
    /// <summary>核查 (passed or not) by the checker.</summary>
    Checked,
    /// <summary>结案; <see cref="CaseFact.CaseOnTime"/> says whether the handling finished within its time.</summary>
    Closed,
    /// <summary>
    /// 督察漏报: a spot check found this case's problem unreported; the person is the area's inspector on the day, whose area the
    /// grid joins, so the case counts as 漏报 for them (docs/appraisal.md, docs/decisions/0074-spot-checks.md).
    /// </summary>
    SpotMissed,
}

/// <summary>
/// One appraisal fact of a case step, written by the case listener in the engine's transaction (and by the demo
/// generator): who is appraised for it (a person and/or a unit), where (grid and its path), when, and whether it was on
/// time. Every indicator of docs/domain.md §3 is a count of these over a period and a scope, and a ratio of two counts.
/// </summary>
public class CaseFact : IOrgScoped
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public Case? Case { get; set; }
    public CaseFactKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>The appraised person: a user id, or "staff:{id}" / "demo:…" for generated demo work; null for public reports.</summary>
    public string? PersonKey { get; set; }
    public string? PersonName { get; set; }
    /// <summary>The role the person acted in (Supervisor, Acceptor, ShiftLead, Dispatcher, …), so rankings list people per post.</summary>
    public string? PersonRole { get; set; }
    /// <summary>The appraised unit: the command center's region (hub) for center steps, the handling unit for department steps.</summary>
    public string? UnitCode { get; set; }
    public int GridId { get; set; }
    /// <summary>The case grid's path: region indicators and data scope are prefix matches.</summary>
    public required string ScopePath { get; set; }
    /// <summary>The case came from the public (volunteer, resident, hotline) rather than from staff.</summary>
    public bool Public { get; set; }
    /// <summary>The step was done by its deadline; null for facts without one (reported, voided, …).</summary>
    public bool? OnTime { get; set; }
    /// <summary>On <see cref="CaseFactKind.Closed"/>: the handling finished within its time (按期结案).</summary>
    public bool? CaseOnTime { get; set; }
    /// <summary>The deadline of the task the step closed: a duty is due in the period its deadline falls in (ADR 21).</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The step was opened again (rework, return) after this completion: only its last completion is the duty's (ADR 21).</summary>
    public bool Superseded { get; set; }
    public bool IsDemo { get; set; }
}
