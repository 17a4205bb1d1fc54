using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Workflows.Webhooks;

/// <summary>The events partners subscribe to and the outbox topic their deliveries travel under (docs/decisions/0090-webhooks.md).</summary>
public static class WebhookEvents
{
    public const string CaseStatus = "case.status";
    public const string ApplicationStatus = "application.status";
    public const string RecipientPrefix = "webhook:";
    public const string Topic = "webhook";

    /// <summary>The body partners receive: the event's id (their idempotency key), its type and time, and the subject without personal data.</summary>
    public sealed record Body(Guid Id, string Type, DateTimeOffset OccurredAt, Subject Data);

    /// <summary>A case or an application by its number and state; reporters, applicants and descriptions are never sent.</summary>
    public sealed record Subject(string? Number, string Code, string State, string StateName, string Status);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>
/// Writes one outbox message per active subscription that covers the subject's area when a case or an application enters
/// a new state, in the engine's transaction — so a change and its webhook commit or roll back together. Registered after
/// the case and application listeners, whose projections it reads.
/// </summary>
public sealed class WebhookListener(string subjectType) : IWorkflowListener
{
    public string SubjectType => subjectType;

    public IReadOnlyList<ProcessContract> Contracts => [];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        if (!change.Started && change.FromState == change.Instance.State)
        {
            return;
        }
        var db = change.Db;
        var isCase = subjectType == CaseListener.Subject;
        // Every step of every case asks, and most districts have no subscription: a "none" is remembered for a few seconds
        // (docs/decisions/0101-a-step-without-waste.md), and a compiled yes/no asks otherwise (docs/decisions/0090-webhooks.md).
        if (!await WebhookSubscriptionCache.AnyAsync(db, isCase))
        {
            return;
        }
        var subscriptions = isCase
            ? await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive && s.Cases).Select(s => new { s.Id, s.ScopePath }).ToListAsync()
            : await db.WebhookSubscriptions.AsNoTracking().Where(s => s.IsActive && s.Applications).Select(s => new { s.Id, s.ScopePath }).ToListAsync();
        if (subscriptions.Count == 0)
        {
            return;
        }
        var (scopePath, subject) = isCase ? await CaseAsync(db, change) : await ApplicationAsync(db, change);
        var body = new WebhookEvents.Body(Guid.CreateVersion7(change.Now), isCase ? WebhookEvents.CaseStatus : WebhookEvents.ApplicationStatus, change.Now, subject);
        var payload = JsonSerializer.Serialize(body, WebhookEvents.Json);
        foreach (var subscription in subscriptions.Where(s => new DataScope(s.ScopePath).Covers(scopePath)))
        {
            db.OutboxMessages.Add(Message(subscription.Id, body, payload));
        }
    }

    /// <summary>The outbox message of one event to one subscription; its payload is the body the partner receives.</summary>
    public static Data.Notifications.OutboxMessage Message(int subscriptionId, WebhookEvents.Body body, string? payload = null) =>
        Outbox.Message(WebhookEvents.Topic, WebhookEvents.RecipientPrefix + subscriptionId, $"{body.Type} {body.Data.Number}", null, "", body.OccurredAt,
            payload ?? JsonSerializer.Serialize(body, WebhookEvents.Json));

    private static async Task<(string, WebhookEvents.Subject)> CaseAsync(PanlongDbContext db, WorkflowChange change)
    {
        var item = db.Cases.Local.FirstOrDefault(c => c.InstanceId == change.Instance.Id) ?? await db.Cases.SingleAsync(c => c.InstanceId == change.Instance.Id);
        var category = await db.CaseCategories.AsNoTracking().Where(c => c.Id == item.CategoryId).Select(c => c.Code).SingleAsync();
        return (item.ScopePath, new(item.Number, category, item.State, item.StateName, item.Status.ToString().ToLowerInvariant()));
    }

    private static async Task<(string, WebhookEvents.Subject)> ApplicationAsync(PanlongDbContext db, WorkflowChange change)
    {
        var application = db.ServiceApplications.Local.FirstOrDefault(a => a.InstanceId == change.Instance.Id)
            ?? await db.ServiceApplications.SingleAsync(a => a.InstanceId == change.Instance.Id);
        return (application.ScopePath, new(application.Number, application.ServiceCode, application.State, application.StateName, application.Outcome.ToString().ToLowerInvariant()));
    }
}

public static class WebhookRegistration
{
    /// <summary>After <c>AddCases</c> and <c>AddServiceApplications</c>: listeners run in registration order, and these read their projections.</summary>
    public static IServiceCollection AddWebhookEvents(this IServiceCollection services) => services
        .AddSingleton<IWorkflowListener>(new WebhookListener(CaseListener.Subject))
        .AddSingleton<IWorkflowListener>(new WebhookListener(ApplicationListener.Subject));
}
