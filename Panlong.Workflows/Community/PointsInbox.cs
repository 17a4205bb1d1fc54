using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Notifications;
using Panlong.Workflows.Cases;

namespace Panlong.Workflows.Community;

/// <summary>An earning topic: which source type its messages name and which rule prices them.</summary>
public sealed record PointTopic(string SourceType, PointRuleKind Rule);

/// <summary>
/// Consumes the outbox's "points:{userId}" messages into ledger movements (docs/decisions/0052-volunteers-and-points-ledger.md).
/// Delivery is at least once — a message is handled, then marked delivered — and every movement is keyed by its source,
/// so a message handled twice (a retry, two nodes) moves beans once.
/// </summary>
public sealed class PointsInbox(IDbContextFactory<PanlongDbContext> dbFactory, PointLedger ledger, TimeProvider clock, ILogger<PointsInbox> logger)
{
    public const string RecipientPrefix = "points:";
    public const string OrderConfirmedTopic = "points.order-confirmed";
    public const string ActivityAttendedTopic = "points.activity-attended";
    /// <summary>Payload { sourceType, sourceId, reason }: compensate the source's award.</summary>
    public const string ReversedTopic = "points.reversed";
    private const int MaxAttempts = 10;

    /// <summary>Earning topics; case-closed carries (caseNumber, userId, categoryId, closedAt), the others (sourceId, userId, at).</summary>
    public static readonly IReadOnlyDictionary<string, PointTopic> Topics = new Dictionary<string, PointTopic>
    {
        [CaseListener.PointsTopic] = new("case", PointRuleKind.CaseClosed),
        [OrderConfirmedTopic] = new("order", PointRuleKind.OrderConfirmed),
        [ActivityAttendedTopic] = new("activity", PointRuleKind.ActivityAttended),
    };

    /// <summary>
    /// The message an earning feature writes in its change's transaction (ADR 52's topic contract): payload (sourceId,
    /// userId, at) to the earner's points recipient; the ledger awards the source once however often it is delivered.
    /// </summary>
    public static OutboxMessage Earned(string topic, string sourceId, string userId, string title, string link, DateTimeOffset at) =>
        Engine.Runtime.Outbox.Message(topic, RecipientPrefix + userId, title, null, link, at, JsonSerializer.Serialize(new { sourceId, userId, at }));

    public async Task<int> DeliverPendingAsync(CancellationToken ct = default)
    {
        List<OutboxMessage> pending;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            pending = await db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null && m.Recipient.StartsWith(RecipientPrefix))
                .OrderBy(m => m.Id).Take(200).ToListAsync(ct);
        }
        var handled = 0;
        foreach (var message in pending)
        {
            string? error;
            try
            {
                var result = await HandleAsync(message, ct);
                error = result.Ok ? null : $"{result.Outcome} {result.Detail}".Trim();
            }
            catch (Exception ex) when (ex is not OperationCanceledException && message.Attempts + 1 < MaxAttempts)
            {
                logger.LogWarning(ex, "Points message {Id} failed; will retry", message.Id);
                await MarkAsync(message.Id, null, ex.Message, ct);
                continue;
            }
            await MarkAsync(message.Id, clock.GetUtcNow(), error, ct);
            handled++;
        }
        return handled;
    }

    /// <summary>One message into the ledger; safe to call again for the same message.</summary>
    public async Task<PointResult> HandleAsync(OutboxMessage message, CancellationToken ct = default)
    {
        using var payload = JsonDocument.Parse(message.Payload ?? "{}");
        var root = payload.RootElement;
        if (message.Topic == ReversedTopic)
        {
            return await ledger.ReverseAsync(new PointSource(root.GetProperty("sourceType").GetString()!, root.GetProperty("sourceId").GetString()!),
                root.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "撤销" : "撤销", null, ct);
        }
        if (!Topics.TryGetValue(message.Topic, out var topic))
        {
            return new PointResult(PointOutcome.NothingToMove, Detail: "unknown topic");
        }
        var isCase = topic.Rule == PointRuleKind.CaseClosed;
        var sourceId = root.GetProperty(isCase ? "caseNumber" : "sourceId").GetString()!;
        var userId = root.GetProperty("userId").GetString()!;
        var at = root.GetProperty(isCase ? "closedAt" : "at").GetDateTimeOffset();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var code = await db.Volunteers.Where(v => v.UserId == userId).Select(v => v.Code).SingleOrDefaultAsync(ct);
        if (code is null)
        {
            return new PointResult(PointOutcome.NoAccount, Detail: "not a volunteer");
        }
        string? category = null;
        if (isCase && root.TryGetProperty("categoryId", out var categoryId))
        {
            var id = categoryId.GetInt32();
            category = await db.CaseCategories.Where(c => c.Id == id).Select(c => c.Code).SingleOrDefaultAsync(ct);
        }
        var points = await PointRules.PointsAsync(db, topic.Rule, category, at, ct);
        if (points <= 0)
        {
            return new PointResult(PointOutcome.NothingToMove, Detail: "no rule");
        }
        var cap = await PointRules.DailyCapAsync(db, at, ct);
        return await ledger.AwardAsync(code, points, cap, new PointSource(topic.SourceType, sourceId), message.Title, at, ct);
    }

    private async Task MarkAsync(long id, DateTimeOffset? deliveredAt, string? error, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var trimmed = error is { Length: > 500 } ? error[..500] : error;
        await db.OutboxMessages.Where(m => m.Id == id && m.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, deliveredAt).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, trimmed), ct);
    }
}
