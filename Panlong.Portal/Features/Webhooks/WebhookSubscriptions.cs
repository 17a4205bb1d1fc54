using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Webhooks;
using Panlong.Portal.Features.Tokens;
using Panlong.Workflows.Webhooks;

namespace Panlong.Portal.Features.Webhooks;

public sealed record WebhookForm(string? ClientId, string? Url, bool Cases, bool Applications);

public sealed record WebhookResult(string? Secret, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Secret is not null;
}

public sealed record WebhookRow(int Id, string ClientId, string Url, bool Cases, bool Applications, bool Active, DateTimeOffset CreatedAt);

public sealed record WebhookDeliveryRow(long Id, int SubscriptionId, string ClientId, Guid EventId, string EventType, WebhookDeliveryStatus Status,
    int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, int? LastStatusCode, string? LastError);

/// <summary>
/// The security administrator's subscriptions and deliveries (docs/decisions/0090-webhooks.md): subscribe a partner client
/// (its signing secret shown once, kept protected for signing), stop one, replay a dead delivery — each audited.
/// </summary>
public sealed class WebhookSubscriptions(IDbContextFactory<PanlongDbContext> dbFactory, PartnerClients clients, WebhookTargets targets,
    IDataProtectionProvider protection, UserManager<PanlongUser> users, AuditLog audit, TimeProvider clock)
{
    public const string Purpose = "Panlong.Webhooks.Secret";
    public const int ListSize = 100;

    public IDataProtector Protector => protection.CreateProtector(Purpose);

    public async Task<IReadOnlyList<WebhookRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookSubscriptions.AsNoTracking().OrderByDescending(s => s.IsActive).ThenBy(s => s.Id)
            .Select(s => new WebhookRow(s.Id, s.ClientId, s.Url, s.Cases, s.Applications, s.IsActive, s.CreatedAt)).ToListAsync(ct);
    }

    /// <summary>The newest deliveries, the dead ones first: they are what the administrator acts on.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> DeliveriesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var dead = await Rows(db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Dead)).ToListAsync(ct);
        var rest = await Rows(db.WebhookDeliveries.Where(d => d.Status != WebhookDeliveryStatus.Dead)).ToListAsync(ct);
        return [.. dead, .. rest];
    }

    private static IQueryable<WebhookDeliveryRow> Rows(IQueryable<WebhookDelivery> query) => query.AsNoTracking().OrderByDescending(d => d.Id).Take(ListSize)
        .Select(d => new WebhookDeliveryRow(d.Id, d.SubscriptionId, d.Subscription!.ClientId, d.EventId, d.EventType, d.Status, d.Attempts, d.CreatedAt, d.NextAttemptAt, d.LastStatusCode, d.LastError));

    public async Task<WebhookResult> SubscribeAsync(WebhookForm form, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        var account = string.IsNullOrEmpty(form.ClientId) ? null : await clients.ActiveAccountAsync(form.ClientId, ct);
        if (account?.OrgUnitId is null)
        {
            errors["client"] = "Webhooks.Client.Required";
        }
        if (targets.Refusal(form.Url) is { } refusal)
        {
            errors["url"] = refusal;
        }
        if (!form.Cases && !form.Applications)
        {
            errors["events"] = "Webhooks.Events.Required";
        }
        if (errors.Count > 0)
        {
            return new WebhookResult(null, errors);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var unit = await db.OrgUnits.AsNoTracking().Include(u => u.Parent).SingleAsync(u => u.Id == account!.OrgUnitId, ct);
        // 256 bits, URL-safe, with a prefix a partner recognises in its configuration.
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var url = form.Url!.Trim();
        db.WebhookSubscriptions.Add(new WebhookSubscription
        {
            ClientId = form.ClientId!,
            Url = url,
            Cases = form.Cases,
            Applications = form.Applications,
            ScopePath = DataScope.RootPathFor(unit),
            ProtectedSecret = Protector.Protect(secret),
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        // The next step of every case on this node asks again (docs/decisions/0101-a-step-without-waste.md).
        WebhookSubscriptionCache.Changed();
        var events = string.Join(' ', new[] { form.Cases ? "case.status" : null, form.Applications ? "application.status" : null }.OfType<string>());
        await WriteAuditAsync(WebhookAuditActions.Subscribed, actor, form.ClientId!, $"{url} · {events}", ct);
        return new WebhookResult(secret, new Dictionary<string, string>());
    }

    public async Task<bool> StopAsync(int id, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var clientId = await db.WebhookSubscriptions.Where(s => s.Id == id && s.IsActive).Select(s => s.ClientId).SingleOrDefaultAsync(ct);
        if (clientId is null || await db.WebhookSubscriptions.Where(s => s.Id == id && s.IsActive).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), ct) == 0)
        {
            return false;
        }
        await WriteAuditAsync(WebhookAuditActions.Stopped, actor, clientId, $"#{id}", ct);
        return true;
    }

    /// <summary>A dead delivery is sent again from the first attempt, with the same event id (the receiver may have had it).</summary>
    public async Task<bool> ReplayAsync(long deliveryId, ClaimsPrincipal actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var replayed = await db.WebhookDeliveries.Where(d => d.Id == deliveryId && d.Status == WebhookDeliveryStatus.Dead)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.Attempts, 0)
                .SetProperty(d => d.NextAttemptAt, now).SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null), ct);
        if (replayed == 0)
        {
            return false;
        }
        var delivery = await db.WebhookDeliveries.AsNoTracking().Where(d => d.Id == deliveryId).Select(d => new { d.EventId, d.Subscription!.ClientId }).SingleAsync(ct);
        await WriteAuditAsync(WebhookAuditActions.Replayed, actor, delivery.ClientId, $"#{deliveryId} · {delivery.EventId}", ct);
        return true;
    }

    private Task WriteAuditAsync(string action, ClaimsPrincipal actor, string target, string detail, CancellationToken ct) =>
        audit.WriteAsync(action, users.GetUserId(actor), actor.Identity?.Name, target: target, detail: detail, ct: ct);
}

/// <summary>What the webhooks write to the audit log (listed in the audit catalog).</summary>
public static class WebhookAuditActions
{
    public const string Subscribed = "Webhook.Subscribe";
    public const string Stopped = "Webhook.Stop";
    public const string Replayed = "Webhook.Replay";

    public static readonly IReadOnlyList<string> All = [Subscribed, Stopped, Replayed];
}
