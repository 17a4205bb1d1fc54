using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// Turns a step of the case loop into the appraisal fact it stands for (ADR 16): which step, who and which unit are
/// appraised for it, and whether the task was done by its deadline. Runs inside the case listener, so facts and the
/// process never disagree.
/// </summary>
public static class CaseFacts
{
    /// <summary>
    /// Volunteers, residents and the hotline are the public; their reports count as 监督举报 and as problems staff missed. A district
    /// spot check's report is one the area's staff missed too, so it counts like them (docs/decisions/0074-spot-checks.md).
    /// </summary>
    public static bool IsPublic(CaseSource source) => source is CaseSource.Volunteer or CaseSource.Resident or CaseSource.Hotline or CaseSource.SpotCheck or CaseSource.Partner;

    /// <summary>The post a staff reporter reports in.</summary>
    public static string? ReporterRole(CaseSource source) => source switch
    {
        CaseSource.Inspector => Roles.Inspector,
        CaseSource.Supervisor => Roles.Supervisor,
        CaseSource.GridWorker => Roles.GridWorker,
        _ => null,
    };

    /// <summary>Field posts appraised as 监督员 (reports, verifications, checks).</summary>
    public static readonly IReadOnlyList<string> FieldRoles = [Roles.Supervisor, Roles.Inspector, Roles.GridWorker];

    public static async Task WriteAsync(WorkflowChange change, Case item)
    {
        var db = change.Db;
        CaseFact Fact(CaseFactKind kind, string? role, string? unit, bool? onTime = null) => new()
        {
            Case = item,
            CaseId = item.Id,
            Kind = kind,
            At = change.Now,
            PersonKey = change.Actor.UserId,
            PersonName = change.Actor.Name,
            PersonRole = role,
            UnitCode = unit,
            GridId = item.GridId,
            ScopePath = item.ScopePath,
            Public = IsPublic(item.Source),
            OnTime = onTime,
        };
        if (change.Started)
        {
            var role = ReporterRole(item.Source);
            var reported = Fact(CaseFactKind.Reported, role, item.HubCode);
            if (role is null)
            {
                reported.PersonKey = null;
                reported.PersonName = null;
            }
            db.CaseFacts.Add(reported);
            return;
        }
        // The task of the state just left, closed by this fire: was it done by its deadline?
        var left = db.Tracked<WorkTask>()
            .Where(t => t.InstanceId == change.Instance.Id && t.State == change.FromState && t.CompletedAt == change.Now && t.Status == WorkTaskStatus.Completed)
            .ToList();
        bool? onTime = left.Count == 0 ? null : left.All(t => t.DueAt is null || change.Now <= t.DueAt);
        var dueAt = left.Select(t => t.DueAt).Max();
        await SupersedeAsync(change, item);
        var actorRole = FieldRoles.FirstOrDefault(change.Actor.Roles.Contains);
        var hub = item.HubCode;
        var unit = item.HandlingUnitCode;
        CaseFact? fact = change.Trigger switch
        {
            CaseLoopContract.Accept => Fact(CaseFactKind.Accepted, Roles.Acceptor, hub, onTime),
            CaseLoopContract.ConfirmSelfHandled => Fact(CaseFactKind.Accepted, Roles.Acceptor, hub, onTime),
            CaseLoopContract.SendToVerify => Fact(CaseFactKind.VerifySent, Roles.Acceptor, hub, onTime),
            CaseLoopContract.Verify or CaseLoopContract.VerifyFalse => Fact(CaseFactKind.Verified, Roles.Supervisor, hub, onTime),
            CaseLoopContract.File => Fact(CaseFactKind.Filed, Roles.ShiftLead, hub, onTime),
            CaseLoopContract.Decline => Fact(CaseFactKind.NotFiled, Roles.ShiftLead, hub, onTime),
            CaseLoopContract.Dispatch or CaseLoopContract.DispatchMajor => Fact(CaseFactKind.Dispatched, Roles.Dispatcher, unit, onTime),
            CaseLoopContract.Complete => Fact(CaseFactKind.Handled, Roles.DepartmentHandler, unit, onTime),
            CaseLoopContract.ApproveExtension => Fact(CaseFactKind.Extended, Roles.ShiftLead, unit),
            CaseLoopContract.ApproveShelve => Fact(CaseFactKind.Shelved, Roles.ShiftLead, unit),
            CaseLoopContract.Pass or CaseLoopContract.Rework => Fact(CaseFactKind.Checked, actorRole, hub, onTime),
            CaseLoopContract.Close => Fact(CaseFactKind.Closed, Roles.ShiftLead, unit ?? hub, onTime),
            _ => null,
        };
        if (fact is not null)
        {
            fact.DueAt = onTime is null ? null : dueAt;
            db.CaseFacts.Add(fact);
        }
        switch (change.Trigger)
        {
            case CaseLoopContract.ConfirmSelfHandled:
                // The reporter's own fix, confirmed at acceptance: closed, and on time.
                var selfClosed = Fact(CaseFactKind.Closed, Roles.Acceptor, hub, onTime);
                selfClosed.CaseOnTime = true;
                db.CaseFacts.Add(selfClosed);
                // The reporter's fix is the case's handling, done by the acceptance deadline: the case is due to close (应结案)
                // with it (ADR 21). The unit is the hub, so no department is charged.
                var selfHandled = Fact(CaseFactKind.Handled, null, hub, onTime);
                (selfHandled.PersonKey, selfHandled.PersonName, selfHandled.DueAt) = (null, null, dueAt);
                db.CaseFacts.Add(selfHandled);
                break;
            case CaseLoopContract.Close:
                var lastHandled = await LatestAsync(change, item, CaseFactKind.Handled);
                fact!.CaseOnTime = lastHandled?.OnTime ?? true;
                break;
            case CaseLoopContract.Rework:
                var dispatched = await LatestAsync(change, item, CaseFactKind.Dispatched);
                var rework = Fact(CaseFactKind.Reworked, Roles.Dispatcher, unit);
                (rework.PersonKey, rework.PersonName) = (dispatched?.PersonKey, dispatched?.PersonName);
                db.CaseFacts.Add(rework);
                break;
            case CaseLoopContract.ApproveVoid:
                var filed = await LatestAsync(change, item, CaseFactKind.Filed);
                var voided = Fact(CaseFactKind.Voided, Roles.ShiftLead, hub);
                (voided.PersonKey, voided.PersonName) = (filed?.PersonKey, filed?.PersonName);
                db.CaseFacts.Add(voided);
                break;
        }
    }

    /// <summary>
    /// A step entered again (rework sends the case back to 处置, a return to 派遣) is the same duty: its earlier completions
    /// no longer count, the open task (and then its new completion) does (ADR 21).
    /// </summary>
    private static async Task SupersedeAsync(WorkflowChange change, Case item)
    {
        if (!Duties.KindsOfState.TryGetValue(change.Instance.State, out var kinds) || item.Id == 0)
        {
            return;
        }
        // Only the completion of a step writes its kinds, so a step never entered before has none stored to supersede.
        var earlier = change.EnteredBefore == false ? [] : await StandingAsync(change.Db, item.Id, kinds);
        foreach (var fact in earlier.Concat(change.Db.Tracked<CaseFact>().Where(f => ReferenceEquals(f.Case, item) && kinds.Contains(f.Kind))))
        {
            fact.Superseded = true;
        }
    }

    /// <summary>The facts of a step's kinds that still count; for one or two kinds (every step's) compiled once (docs/decisions/0058-what-a-step-reads.md).</summary>
    private static async Task<List<CaseFact>> StandingAsync(PanlongDbContext db, long caseId, CaseFactKind[] kinds)
    {
        if (kinds.Length > 2)
        {
            return await db.CaseFacts.Where(f => f.CaseId == caseId && kinds.Contains(f.Kind) && !f.Superseded).ToListAsync();
        }
        var facts = new List<CaseFact>();
        await foreach (var fact in Standing.For(db)(db, caseId, kinds[0], kinds[^1]))
        {
            facts.Add(fact);
        }
        return facts;
    }

    private static readonly CompiledPerModel<Func<PanlongDbContext, long, CaseFactKind, CaseFactKind, IAsyncEnumerable<CaseFact>>> Standing = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, long caseId, CaseFactKind first, CaseFactKind last) =>
            db.CaseFacts.Where(f => f.CaseId == caseId && (f.Kind == first || f.Kind == last) && !f.Superseded)));

    private static async Task<CaseFact?> LatestAsync(WorkflowChange change, Case item, CaseFactKind kind)
    {
        var local = change.Db.Tracked<CaseFact>().Where(f => ReferenceEquals(f.Case, item) && f.Kind == kind).OrderByDescending(f => f.At).FirstOrDefault();
        return local ?? await Latest.For(change.Db)(change.Db, item.Id, kind);
    }

    // Every close reads the case's last handling: compiled once, like the step's other reads (docs/decisions/0071-the-demo-year-in-four-minutes.md).
    private static readonly CompiledPerModel<Func<PanlongDbContext, long, CaseFactKind, Task<CaseFact?>>> Latest = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, long caseId, CaseFactKind kind) =>
            db.CaseFacts.AsNoTracking().Where(f => f.CaseId == caseId && f.Kind == kind).OrderByDescending(f => f.Id).FirstOrDefault()));
}
