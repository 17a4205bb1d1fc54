using Panlong.Data.Notifications;
using Panlong.Data.Organization;
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

    /// <summary>
    /// Who a newly opened task goes to: "user:{id}" for a person, "unit:{code}:{role}" for a role in a unit. A unit's task
    /// carries the unit's scope path, whose last segment is the unit's code, so no lookup is needed.
    /// </summary>
    public static IReadOnlyList<(WorkTask Task, string Recipient)> TaskRecipients(IEnumerable<WorkTask> opened) =>
        opened.Select(t => (t, t.AssigneeUserId is { } user ? $"user:{user}" : $"unit:{OrgPath.Parse(t.ScopePath).Leaf}:{t.Role}")).ToList();
}
