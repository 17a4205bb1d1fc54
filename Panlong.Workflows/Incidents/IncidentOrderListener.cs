using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Incidents;
using Panlong.Data.Notifications;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Incidents;

/// <summary>
/// Keeps an incident order's row and the incident's live log in step with the order's process, inside the engine's
/// transaction: a new order goes to its unit as a high-priority message; an acknowledgement and a report back are logged.
/// </summary>
public sealed class IncidentOrderListener : IWorkflowListener
{
    public string SubjectType => IncidentContract.Subject;

    public IReadOnlyList<ProcessContract> Contracts { get; } = [IncidentContract.Contract];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        var db = change.Db;
        var order = db.Tracked<IncidentOrder>().FirstOrDefault(o => o.InstanceId == change.Instance.Id)
            ?? await db.IncidentOrders.SingleAsync(o => o.InstanceId == change.Instance.Id);
        order.State = change.Instance.State;
        // The deadline of the open task; an ended order keeps its last one, so the report can say whether it came late.
        order.DueAt = change.OpenedTasks.Select(t => t.DueAt).FirstOrDefault() ?? order.DueAt;
        if (change.Started)
        {
            var incident = db.Tracked<Incident>().FirstOrDefault(i => i.Id == order.IncidentId)
                ?? await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == order.IncidentId);
            foreach (var (_, recipient) in Outbox.TaskRecipients(change.OpenedTasks))
            {
                var message = Outbox.Message(IncidentContract.OrderTopic, recipient, $"紧急指令：{incident.Number}（{order.Minutes} 分钟内签收）", order.Text,
                    IncidentLinks.Room(incident.Number), change.Now);
                message.Priority = OutboxPriority.High;
                db.OutboxMessages.Add(message);
            }
            return;
        }
        var kind = change.Trigger switch
        {
            IncidentContract.Acknowledge => IncidentEntryKind.Acknowledged,
            IncidentContract.Report => IncidentEntryKind.Reported,
            _ => (IncidentEntryKind?)null,
        };
        switch (kind)
        {
            case IncidentEntryKind.Acknowledged:
                order.AcknowledgedAt = change.Now;
                order.AcknowledgedByName = IncidentText.Name(change.Actor.Name);
                break;
            case IncidentEntryKind.Reported:
                order.ReportedAt = change.Now;
                order.ReportedByName = IncidentText.Name(change.Actor.Name);
                order.Report = IncidentText.Clip(change.Input.Comment, 500);
                break;
            default:
                return;
        }
        db.IncidentEntries.Add(new IncidentEntry
        {
            IncidentId = order.IncidentId,
            At = change.Now,
            Kind = kind.Value,
            UnitName = order.UnitName,
            ActorName = IncidentText.Name(change.Actor.Name),
            Text = kind == IncidentEntryKind.Reported ? order.Report ?? "" : order.Text,
            OrderId = order.Id,
        });
    }
}

public static class IncidentLinks
{
    public static string Room(string number) => $"/incidents/{number}";

    public static string Report(string number) => $"/api/incidents/{number}/report.pdf";
}

internal static class IncidentText
{
    public static string Name(string name) => Clip(name, 50)!;

    public static string? Clip(string? text, int max) => text is null ? null : text.Length > max ? text[..max] : text;
}
