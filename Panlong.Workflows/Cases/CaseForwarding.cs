using Microsoft.EntityFrameworkCore;
using Panlong.Data.Open311;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>
/// 转上级平台 and 收回转办 (docs/decisions/0093-open311-forwarding.md): the district center hands a case whose category has a
/// route to the city's Open311 server. The effect writes the <see cref="ForwardedCase"/> row in the transition's own
/// transaction — the row is the forwarding's outbox: the portal's sender posts it once, and a refused fire leaves none.
/// </summary>
public static class CaseForwarding
{
    public sealed class HasRoute : IWorkflowGuard
    {
        public string Name => "case-forward-route";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            if (!CaseGuards.LevelAllows(CaseLoopContract.Forward, CaseVariables.LevelOf(hub)))
            {
                return GuardResult.Fail("Cases.Guard.ForwardOnlyDistrict");
            }
            return await RouteAsync(context) is null ? GuardResult.Fail("Cases.Guard.NoUpstreamRoute") : GuardResult.Pass;
        }
    }

    /// <summary>Only the hub's own center takes a forwarded case back — the wait state has no task naming its owner.</summary>
    public sealed class CanRecall : IWorkflowGuard
    {
        public string Name => "case-forward-recall";

        public async ValueTask<GuardResult> CheckAsync(WorkflowContext context)
        {
            var hub = context.Variables[CaseVariables.Hub]!.GetValue<string>();
            var hubPath = await context.Db.OrgUnits.Where(u => u.Code == hub).Select(u => u.ScopePath).SingleAsync();
            return context.Actor.Scope.RootPath == hubPath ? GuardResult.Pass : GuardResult.Fail("Cases.Guard.RecallOnlyHub");
        }
    }

    public sealed class Forward : IWorkflowEffect
    {
        public string Name => "case-forward";

        public async Task ExecuteAsync(WorkflowContext context)
        {
            var route = (await RouteAsync(context))!;
            var caseId = await context.Db.Cases.Where(c => c.InstanceId == context.Instance.Id).Select(c => c.Id).SingleAsync();
            // Forwarded again after a recall: the same row starts over (one row per case), a new upstream request.
            var row = await context.Db.ForwardedCases.SingleOrDefaultAsync(f => f.CaseId == caseId);
            if (row is null)
            {
                row = new ForwardedCase { CaseId = caseId, ServiceCode = route.ServiceCode };
                context.Db.ForwardedCases.Add(row);
            }
            row.UpstreamId = route.UpstreamId;
            row.ServiceCode = route.ServiceCode;
            row.Status = ForwardStatus.Pending;
            row.ServiceRequestId = null;
            row.Token = null;
            row.Attempts = 0;
            row.ForwardedAt = context.Now;
            row.NextAttemptAt = context.Now;
            row.LeaseUntil = null;
            row.SentAt = null;
            row.ClosedAt = null;
            row.LastError = null;
        }
    }

    public sealed class Recall : IWorkflowEffect
    {
        public string Name => "case-forward-recall";

        public async Task ExecuteAsync(WorkflowContext context)
        {
            var row = await context.Db.ForwardedCases.SingleOrDefaultAsync(f => f.Case!.InstanceId == context.Instance.Id);
            if (row is not null)
            {
                row.Status = ForwardStatus.Recalled;
                row.LeaseUntil = null;
            }
        }
    }

    /// <summary>The case's category's route to an active upstream, or null.</summary>
    private static Task<Open311Route?> RouteAsync(WorkflowContext context) =>
        context.Db.Open311Routes.AsNoTracking()
            .Where(r => r.Upstream!.IsActive && context.Db.Cases.Any(c => c.InstanceId == context.Instance.Id && c.CategoryId == r.CategoryId))
            .FirstOrDefaultAsync();
}
