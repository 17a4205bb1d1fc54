using Microsoft.EntityFrameworkCore;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Organization;

/// <summary>
/// Keeps a rotation plan in step with its process, inside the engine's transaction: approval closes each mover's open posts on
/// the plan's day and opens the grids they take over from it (ADR 73); a return keeps the leader's reason.
/// </summary>
public sealed class RotationListener : IWorkflowListener
{
    public string SubjectType => RotationContract.Subject;

    public IReadOnlyList<ProcessContract> Contracts { get; } = [RotationContract.Contract];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        if (change.Started || change.Instance.DefinitionKey != RotationContract.Key)
        {
            return;
        }
        var db = change.Db;
        var plan = await db.RotationPlans.SingleAsync(p => p.InstanceId == change.Instance.Id);
        plan.DecidedAt = change.Now;
        plan.DecidedByName = change.Actor.Name;
        plan.Reason = change.Input.Comment;
        switch (change.Instance.State)
        {
            case RotationContract.Approved:
                plan.Status = RotationPlanStatus.Approved;
                await ApplyAsync(db, plan);
                break;
            case RotationContract.Returned:
                plan.Status = RotationPlanStatus.Returned;
                break;
        }
    }

    public static async Task ApplyAsync(Data.PanlongDbContext db, RotationPlan plan)
    {
        var moves = RotationService.Moves(plan.MovesJson);
        var movers = moves.Select(m => m.StaffId).ToList();
        var open = await db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector && a.Until == null && movers.Contains(a.StaffMemberId)).ToListAsync();
        foreach (var post in open)
        {
            post.Until = plan.EffectiveAt;
        }
        var gridIds = moves.SelectMany(m => m.GridIds).ToList();
        var paths = await db.OrgUnits.Where(u => gridIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.ScopePath);
        db.GridAssignments.AddRange(moves.SelectMany(m => m.GridIds.Select(g => new GridAssignment
        {
            GridId = g, StaffMemberId = m.StaffId, Duty = GridDuty.Inspector, ScopePath = paths[g], From = plan.EffectiveAt, RotationPlanId = plan.Id,
        })));
    }
}
