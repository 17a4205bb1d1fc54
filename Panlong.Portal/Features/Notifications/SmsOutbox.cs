using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Notifications;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Notifications;

/// <summary>
/// Text messages go through the outbox like every other message, written with the change they report. The recipient
/// is a registry person ("sms:person:{id}"), so no phone number is copied into the outbox; the text (it may carry a
/// one-time code) is kept encrypted and dropped once the message is claimed.
/// </summary>
public sealed class SmsOutbox(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, SmsChannel channel, TimeProvider clock,
    ILogger<SmsOutbox> logger, Shell.RateLimits limits)
{
    private const string PersonPrefix = "sms:person:";

    /// <summary>A code is no use once it has expired; a message older than this is dropped, not sent late.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Queues a text to a registry person's phone in the caller's unit of work; nothing when SMS is off, or when that phone
    /// has had its texts for the hour (<see cref="Shell.RateLimits.SmsPhone"/>): whoever asks sees the same answer either
    /// way, and the phone's owner is not flooded (docs/decisions/0027-rate-limits.md).
    /// </summary>
    /// <returns>Whether the text was queued.</returns>
    public bool Add(PanlongDbContext db, string topic, long personId, string text)
    {
        if (!channel.IsOn)
        {
            return false;
        }
        if (limits.TryAcquire(Shell.RateLimits.SmsPhone, PersonPrefix + personId) is { } wait)
        {
            logger.LogWarning("A {Topic} text to registry person {PersonId} was not sent: the phone's hourly limit is reached ({Wait} to wait).", topic, personId, wait);
            return false;
        }
        db.OutboxMessages.Add(Outbox.Message(topic, PersonPrefix + personId, "短信", null, "", clock.GetUtcNow(), protector.Encrypt(text)));
        return true;
    }

    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        if (channel.Sender is not { } sender)
        {
            return 0;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null && m.Recipient.StartsWith(PersonPrefix))
            .OrderBy(m => m.Id).Take(100).ToListAsync(ct);
        var sent = 0;
        foreach (var message in pending)
        {
            var now = clock.GetUtcNow();
            // Claimed before sending (at most once: a code sent twice is worse than one the person asks for again).
            var claimed = await db.OutboxMessages.Where(m => m.Id == message.Id && m.DeliveredAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.Payload, (string?)null), ct);
            if (claimed == 0)
            {
                continue;
            }
            var error = await SendAsync(db, sender, message, now, ct);
            if (error is not null)
            {
                await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastError, error), ct);
                continue;
            }
            sent++;
        }
        return sent;
    }

    /// <summary>Null when sent, else why not.</summary>
    private async Task<string?> SendAsync(PanlongDbContext db, ISmsSender sender, OutboxMessage message, DateTimeOffset now, CancellationToken ct)
    {
        if (now - message.CreatedAt > Freshness)
        {
            return "expired";
        }
        var personId = long.Parse(message.Recipient[PersonPrefix.Length..], System.Globalization.CultureInfo.InvariantCulture);
        var phone = await db.People.AsNoTracking().Where(p => p.Id == personId).Select(p => p.PhoneCipher).SingleOrDefaultAsync(ct);
        if (phone is null || message.Payload is null)
        {
            return "no phone";
        }
        try
        {
            await sender.SendAsync(protector.Decrypt(phone), protector.Decrypt(message.Payload), ct);
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Sending outbox message {Id} by SMS failed", message.Id);
            return ex.Message.Length > 500 ? ex.Message[..500] : ex.Message;
        }
    }
}
