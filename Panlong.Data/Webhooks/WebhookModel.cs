using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Panlong.Data.Webhooks;

/// <summary>
/// A partner client's subscription to status changes (issue 20 part 5, docs/decisions/0090-webhooks.md): where to POST,
/// which changes, and the signing secret as the Data Protection key ring protects it (HMAC needs the secret itself, so it
/// cannot be stored hashed like the client's own). <see cref="ScopePath"/> is the client's command center's area: a partner
/// hears of the cases and applications its service account could read, no others.
/// </summary>
public class WebhookSubscription
{
    public int Id { get; set; }
    public required string ClientId { get; set; }
    public required string Url { get; set; }
    public bool Cases { get; set; }
    public bool Applications { get; set; }
    public required string ScopePath { get; set; }
    public required string ProtectedSecret { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public const int UrlLength = 500;
}

public enum WebhookDeliveryStatus
{
    Pending,
    Delivered,
    /// <summary>Given up after the configured number of failed attempts; the administrator may replay it.</summary>
    Dead,
}

/// <summary>
/// One event to one subscription, made from the outbox message the change wrote (once: <see cref="OutboxMessageId"/> is
/// unique) and sent until the receiver answers 2xx, with backoff between attempts, or dead after the last one.
/// </summary>
public class WebhookDelivery
{
    public long Id { get; set; }
    public int SubscriptionId { get; set; }
    public WebhookSubscription? Subscription { get; set; }
    public long OutboxMessageId { get; set; }
    /// <summary>The receiver's idempotency key: the same event keeps its id through retries and replays.</summary>
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public required string Body { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A node sending it holds it until then; another node takes it only after (a node that died mid-send).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }

    public const int ErrorLength = 500;
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.Property(s => s.ClientId).HasMaxLength(100);
        b.Property(s => s.Url).HasMaxLength(WebhookSubscription.UrlLength);
        b.Property(s => s.ScopePath).HasMaxLength(400);
        b.Property(s => s.ProtectedSecret).HasMaxLength(1000);
        b.HasIndex(s => s.IsActive);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.Property(d => d.EventType).HasMaxLength(64);
        b.Property(d => d.Status).HasMaxLength(16);
        b.Property(d => d.LastError).HasMaxLength(WebhookDelivery.ErrorLength);
        b.HasIndex(d => d.OutboxMessageId).IsUnique();
        // The sender's pick: pending rows due now.
        b.HasIndex(d => new { d.Status, d.NextAttemptAt });
        b.HasIndex(d => new { d.SubscriptionId, d.Id });
        b.HasOne(d => d.Subscription).WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
    }
}
