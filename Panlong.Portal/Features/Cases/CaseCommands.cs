using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Portal.Features.Notifications;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Cases;

/// <summary>
/// What pages and APIs call to change cases: a case the user cannot see is "not found" to them (a street B dispatcher
/// learns nothing of street A's cases); after a change, boards and desks are told and the outbox is delivered at once.
/// </summary>
public sealed class CaseCommands(CaseService cases, IDbContextFactory<PanlongDbContext> dbFactory, LiveUpdates live, OutboxDispatcher outbox, AuditLog audit)
{
    /// <summary>Decisions that end or suspend a case are also written to the audit log.</summary>
    private static readonly HashSet<string> Audited = [CaseLoopContract.ApproveVoid, CaseLoopContract.Decline, CaseLoopContract.ApproveShelve, CaseLoopContract.ConfirmSelfHandled, CaseLoopContract.ApproveExtension, CaseLoopContract.Escalate];

    public async Task<ReportResult> ReportAsync(CaseReport report, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var result = await cases.ReportAsync(report, WorkflowActor.From(user), ct);
        if (result.Ok && !result.Duplicate)
        {
            Changed();
        }
        return result;
    }

    public async Task<CaseActResult> ActAsync(string number, string trigger, ClaimsPrincipal user, FireInput input, IReadOnlyList<StoredPhoto>? photos = null,
        CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await CaseQueries.Visible(db, actor).AnyAsync(c => c.Number == number, ct))
            {
                return new CaseActResult(CaseActOutcome.NotFound);
            }
        }
        var result = await cases.ActAsync(number, trigger, actor, input, photos, ct);
        if (result.Outcome == CaseActOutcome.Done)
        {
            if (Audited.Contains(trigger))
            {
                await audit.WriteAsync("Case." + trigger, actor.UserId, actor.Name, number, input.Comment, ct: ct);
            }
            Changed();
        }
        return result;
    }

    private void Changed()
    {
        outbox.Kick();
        live.PublishCasesChanged();
    }
}
