using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Webhooks;
using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.Webhooks;

namespace Panlong.Portal.Features.Webhooks;

/// <summary>
/// Turns the outbox's webhook messages into deliveries — each claimed with a conditional update, so across nodes a message
/// becomes one delivery — and sends the deliveries that are due: signed, retried with backoff, dead after
/// <see cref="WebhookSettings.MaxAttempts"/> (docs/decisions/0090-webhooks.md).
/// </summary>
public sealed class WebhookDeliveries(IDbContextFactory<PanlongDbContext> dbFactory, IHttpClientFactory http, WebhookSettings settings,
    IDataProtectionProvider protection, TimeProvider clock, ILogger<WebhookDeliveries> logger)
{
    public const string HttpClientName = "webhooks";
    private const int Batch = 100;

    /// <summary>Random in [0, 1) for the backoff's jitter; a test sets it to see the bounds.</summary>
    public Func<double> Jitter { get; set; } = Random.Shared.NextDouble;

    public async Task<int> TakeFromOutboxAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null && m.Recipient.StartsWith(WebhookEvents.RecipientPrefix))
            .OrderBy(m => m.Id).Take(Batch).ToListAsync(ct);
        var taken = 0;
        var strategy = db.Database.CreateExecutionStrategy();
        foreach (var message in pending)
        {
            taken += await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                var now = clock.GetUtcNow();
                // The claim and the delivery row commit together: a message is never marked taken without its delivery.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var claimed = await db.OutboxMessages.Where(m => m.Id == message.Id && m.DeliveredAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
                if (claimed == 0)
                {
                    return 0;
                }
                var body = JsonSerializer.Deserialize<WebhookEvents.Body>(message.Payload!, WebhookEvents.Json)!;
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    SubscriptionId = int.Parse(message.Recipient[WebhookEvents.RecipientPrefix.Length..], CultureInfo.InvariantCulture),
                    OutboxMessageId = message.Id,
                    EventId = body.Id,
                    EventType = body.Type,
                    Body = message.Payload!,
                    Status = WebhookDeliveryStatus.Pending,
                    CreatedAt = message.CreatedAt,
                    NextAttemptAt = now,
                });
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return 1;
            }, ct);
        }
        return taken;
    }

    /// <summary>Sends what is due now; returns how many receivers said 2xx.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now) && d.Subscription!.IsActive)
            .OrderBy(d => d.NextAttemptAt).Take(Batch)
            .Select(d => new { d.Id, d.Attempts, d.EventId, d.EventType, d.Body, d.Subscription!.Url, d.Subscription.ProtectedSecret }).ToListAsync(ct);
        var sent = 0;
        foreach (var d in due)
        {
            // Held for a few timeouts: a node that dies mid-send lets another take it then; the event id keeps the receiver's side idempotent.
            var lease = now + settings.Timeout * 3;
            var claimed = await db.WebhookDeliveries.Where(x => x.Id == d.Id && x.Status == WebhookDeliveryStatus.Pending && x.Attempts == d.Attempts && (x.LeaseUntil == null || x.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseUntil, lease), ct);
            if (claimed == 0)
            {
                continue;
            }
            var (code, error) = await PostAsync(d.Url, protection.CreateProtector(WebhookSubscriptions.Purpose).Unprotect(d.ProtectedSecret), d.EventId, d.EventType, d.Body, ct);
            var attempts = d.Attempts + 1;
            var at = clock.GetUtcNow();
            if (error is null)
            {
                sent++;
                await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, WebhookDeliveryStatus.Delivered)
                    .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.DeliveredAt, at).SetProperty(x => x.LastStatusCode, code)
                    .SetProperty(x => x.LastError, (string?)null).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), ct);
                continue;
            }
            var dead = attempts >= settings.MaxAttempts;
            var next = at + settings.DelayAfter(attempts, Jitter());
            await db.WebhookDeliveries.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, dead ? WebhookDeliveryStatus.Dead : WebhookDeliveryStatus.Pending)
                .SetProperty(x => x.Attempts, attempts).SetProperty(x => x.NextAttemptAt, next).SetProperty(x => x.LastStatusCode, code)
                .SetProperty(x => x.LastError, error).SetProperty(x => x.LeaseUntil, (DateTimeOffset?)null), ct);
        }
        return sent;
    }

    /// <summary>The receiver's status code (when it answered) and null when it was 2xx, else why the attempt failed.</summary>
    private async Task<(int? Code, string? Error)> PostAsync(string url, string secret, Guid eventId, string eventType, string body, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        request.Headers.Add(WebhookSignature.EventIdHeader, eventId.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeader, eventType);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(settings.Timeout);
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (code, null) : (code, $"HTTP {code}");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            logger.LogInformation("Webhook {EventId} to {Url} failed: {Error}", eventId, url, ex.Message);
            var message = ex is OperationCanceledException ? $"timeout after {settings.Timeout.TotalSeconds:0} s" : ex.Message;
            return (null, message.Length > WebhookDelivery.ErrorLength ? message[..WebhookDelivery.ErrorLength] : message);
        }
    }
}

/// <summary>Every node, every <c>Webhooks:SendSeconds</c>: take the outbox's messages, send what is due (each row claimed, so nodes share the work).</summary>
public sealed class WebhookJob(WebhookDeliveries deliveries, WebhookSettings settings) : PeriodicJob
{
    public override string Name => "webhooks";

    public override TimeSpan Interval => settings.SendInterval;

    public override async Task RunAsync(CancellationToken ct)
    {
        await deliveries.TakeFromOutboxAsync(ct);
        await deliveries.SendDueAsync(ct);
    }
}

public static class WebhookSetup
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookSettings>();
        services.AddSingleton<WebhookTargets>();
        services.AddScoped<WebhookSubscriptions>();
        services.AddSingleton<WebhookDeliveries>();
        // No redirects (a 302 to an inside address would undo the target check); the connection checks the addresses it resolves.
        services.AddHttpClient(WebhookDeliveries.HttpClientName).ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectCallback = sp.GetRequiredService<WebhookTargets>().ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        });
        return services.AddPeriodicJob<WebhookJob>();
    }
}
