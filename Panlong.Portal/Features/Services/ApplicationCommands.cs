using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Notifications;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// What pages and APIs call to change applications. An application the user cannot see is "not found" to them; window
/// and department decisions are audited; after a change the outbox is delivered at once.
/// </summary>
public sealed class ApplicationCommands(ApplicationService service, RegistryFacts registry, IDbContextFactory<PanlongDbContext> dbFactory, OutboxDispatcher outbox,
    AuditLog audit, PersonalDataProtector protector, TimeProvider clock)
{
    private static readonly HashSet<string> Audited = [ApprovalContract.Accept, ApprovalContract.Reject, ApprovalContract.RequestSupplement, ApprovalContract.Resubmit, ApprovalContract.Approve, ApprovalContract.Deny, ApprovalContract.Suspend, ApprovalContract.Resume];

    public async Task<ApplicationResult> SaveDraftAsync(ApplicationInput input, ClaimsPrincipal user, CancellationToken ct = default) =>
        await service.SaveDraftAsync(input, WorkflowActor.From(user), ct);

    public async Task<ApplicationResult> SubmitAsync(ApplicationInput input, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        var result = await service.SubmitAsync(input, actor, ct);
        if (result.Ok && !result.Duplicate)
        {
            await audit.WriteAsync("Application.Submit", actor.UserId, actor.Name, result.Number,
                input.WalkIn is { } walkIn ? $"窗口代录：{walkIn.Name}" : "网上申请", ct: ct);
            outbox.Kick();
        }
        return result;
    }

    /// <summary>
    /// 信息多跑路 before the form is filled: the signed-in applicant's own registry facts, or — at the window — those of the
    /// person or entity the clerk names. Audited like every look-up.
    /// </summary>
    public async Task<RegistryLookup> PrefillAsync(ServiceItem item, ClaimsPrincipal user, WalkInApplicant? walkIn, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        var kind = ServiceForm.ApplicantKindOf(item.FieldList);
        ApplicantIdentity? who;
        if (walkIn is not null)
        {
            who = new ApplicantIdentity(kind, walkIn.Name ?? "", walkIn.IdNumber, walkIn.CreditCode);
        }
        else
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var account = await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId).Select(u => new { u.DisplayName, u.IdCipher, u.CreditCode }).SingleOrDefaultAsync(ct);
            who = account is null ? null : new ApplicantIdentity(kind, account.DisplayName, account.IdCipher is null ? null : protector.Decrypt(account.IdCipher), account.CreditCode);
        }
        return who is null ? RegistryLookup.Empty : await registry.LookUpAsync(who, actor, $"预填 {item.Code} {item.Name}", ct);
    }

    public async Task<ApplicationActResult> ActAsync(string number, string trigger, ClaimsPrincipal user, string? comment, IReadOnlyList<StoredMaterial>? materials = null,
        CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        if (!await VisibleAsync(actor, number, ct))
        {
            return new ApplicationActResult(ApplicationActOutcome.NotFound);
        }
        var result = await service.ActAsync(number, trigger, actor, comment, materials, ct);
        if (result.Outcome == ApplicationActOutcome.Done)
        {
            if (Audited.Contains(trigger))
            {
                await audit.WriteAsync("Application." + trigger, actor.UserId, actor.Name, number, comment, ct: ct);
            }
            outbox.Kick();
        }
        return result;
    }

    public async Task<(bool Ok, string? Problem)> RateAsync(string number, int level, IReadOnlyDictionary<string, int> dimensions, string? comment, ClaimsPrincipal user,
        CancellationToken ct = default)
    {
        var result = await service.RateAsync(number, level, dimensions, comment, WorkflowActor.From(user), ct);
        if (result.Ok)
        {
            outbox.Kick();
        }
        return result;
    }

    public async Task<ApplicationActResult> AnswerRatingAsync(string number, string? answer, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        var result = await service.AnswerRatingAsync(number, answer, actor, ct);
        if (result.Outcome == ApplicationActOutcome.Done)
        {
            await audit.WriteAsync("Application.AnswerRating", actor.UserId, actor.Name, number, answer, ct: ct);
            outbox.Kick();
        }
        return result;
    }

    /// <summary>Staff opening an applicant's material (ID scans, contracts) is written to the audit log.</summary>
    public async Task AuditMaterialViewAsync(string number, string materialName, ClaimsPrincipal user, bool isApplicant, CancellationToken ct = default)
    {
        if (!isApplicant)
        {
            var actor = WorkflowActor.From(user);
            await audit.WriteAsync("Application.MaterialView", actor.UserId, actor.Name, number, materialName, ct: ct);
        }
    }

    /// <summary>送达: the applicant has fetched the decision; recorded once, on the timeline.</summary>
    public async Task MarkDeliveredAsync(long applicationId, ClaimsPrincipal user, CancellationToken ct = default)
    {
        var actor = WorkflowActor.From(user);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.ServiceApplications.SingleAsync(a => a.Id == applicationId, ct);
        if (application.DeliveredAt is not null)
        {
            return;
        }
        application.DeliveredAt = clock.GetUtcNow();
        db.ApplicationEvents.Add(new ApplicationEvent { ApplicationId = applicationId, At = application.DeliveredAt.Value, Kind = "Delivered", Text = "送达：申请人已下载办理结果", ActorName = actor.Name });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two downloads at once: the other one recorded it.
        }
    }

    private async Task<bool> VisibleAsync(WorkflowActor actor, string number, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ApplicationQueries.Visible(db, actor).AnyAsync(a => a.Number == number, ct);
    }
}
