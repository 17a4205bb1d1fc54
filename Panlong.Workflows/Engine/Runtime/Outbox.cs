using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Notifications;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>Outbox messages that listeners write inside the engine's transaction; the portal's dispatcher delivers them.</summary>
public static class Outbox
{
    public static OutboxMessage Message(string topic, string recipient, string title, string? body, string link, DateTimeOffset now, string? payload = null) => new()
    {
        Topic = topic,
        Recipient = recipient,
        Title = title.Length > 200 ? title[..200] : title,
        Body = body is { Length: > 200 } ? body[..200] + "…" : body,
        Link = link,
        Payload = payload,
        CreatedAt = now,
    };

    /// <summary>Who a newly opened task goes to: "user:{id}" for a person, "unit:{code}:{role}" for a role in a unit.</summary>
    public static async Task<IReadOnlyList<(WorkTask Task, string Recipient)>> TaskRecipientsAsync(PanlongDbContext db, IReadOnlyList<WorkTask> opened)
    {
        var unitIds = opened.Where(t => t.OrgUnitId is not null).Select(t => t.OrgUnitId!.Value).Distinct().ToList();
        var codes = unitIds.Count == 0 ? [] : await db.OrgUnits.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Code);
        return opened.Select(t => (t, t.AssigneeUserId is { } user ? $"user:{user}" : $"unit:{codes[t.OrgUnitId!.Value]}:{t.Role}")).ToList();
    }
}
