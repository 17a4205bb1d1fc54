using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>
/// Keeps each case's projection (state, level, unit, current deadline, milestones) in step with its process, and
/// writes the outbox messages the change causes — all inside the engine's transaction.
/// </summary>
public sealed class CaseListener : IWorkflowListener
{
    public const string Subject = "case";

    /// <summary>Milestones the reporter hears about.</summary>
    private static readonly HashSet<string> ReporterHears =
        [CaseLoopContract.Filing, CaseLoopContract.Handling, CaseLoopContract.Checking, CaseLoopContract.Closed, CaseLoopContract.NotFiled, CaseLoopContract.Voided];

    public string SubjectType => Subject;

    public IReadOnlyList<ProcessContract> Contracts { get; } = [CaseLoopContract.Contract];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        if (change.Instance.DefinitionKey != CaseLoopContract.Key)
        {
            return;
        }
        var db = change.Db;
        var item = db.Tracked<Case>().FirstOrDefault(c => c.InstanceId == change.Instance.Id)
            ?? await CaseOf.For(db)(db, change.Instance.Id, default) ?? throw new InvalidOperationException($"No case for instance {change.Instance.Id}.");
        var state = change.Model.FindState(change.Instance.State)!;
        var vars = change.Variables;
        var now = change.Now;

        item.State = state.Id;
        item.StateName = state.Name;
        item.HubCode = vars[CaseVariables.Hub]!.GetValue<string>();
        item.Level = CaseVariables.LevelOf(item.HubCode);
        item.StepStartedAt = now;
        item.StepDueAt = change.OpenedTasks.Select(t => t.DueAt).Where(d => d is not null).Max();
        item.Status = state.Id switch
        {
            CaseLoopContract.Closed => CaseStatus.Closed,
            CaseLoopContract.NotFiled => CaseStatus.NotFiled,
            CaseLoopContract.Voided => CaseStatus.Voided,
            _ => CaseStatus.Open,
        };
        switch (change.Trigger)
        {
            case CaseLoopContract.File:
                item.FiledAt = now;
                break;
            case CaseLoopContract.Dispatch or CaseLoopContract.DispatchMajor:
                item.DispatchedAt = now;
                item.HandlingUnitCode = vars[CaseVariables.HandlingUnit]?.GetValue<string>();
                var assisting = CaseVariables.List(change.Input.Data, CaseVariables.AssistingUnits);
                item.AssistingUnitCodes = assisting.Count > 0 ? string.Join(',', assisting) : null;
                item.IsMajor = change.Trigger == CaseLoopContract.DispatchMajor;
                break;
            case CaseLoopContract.ApproveReturn:
                item.HandlingUnitCode = null;
                item.AssistingUnitCodes = null;
                item.IsMajor = false;
                break;
            case CaseLoopContract.Rework:
                item.ReworkCount++;
                break;
            case CaseLoopContract.ApproveExtension:
                item.ExtensionCount++;
                break;
        }
        if (change.Instance.Status == InstanceStatus.Completed)
        {
            item.ClosedAt = now;
            item.StepDueAt = null;
        }
        await Appraisal.CaseFacts.WriteAsync(change, item);
        await WriteOutboxAsync(change, item, state.Name);
    }

    private static async Task WriteOutboxAsync(WorkflowChange change, Case item, string stateName)
    {
        var db = change.Db;
        var link = $"/cases/{item.Number}";
        foreach (var (task, recipient) in Outbox.TaskRecipients(change.OpenedTasks))
        {
            db.OutboxMessages.Add(Outbox.Message("case.task", recipient, $"新任务：{task.Name} {item.Number}", item.Description, link, change.Now));
        }
        if (item.ReporterUserId is { } reporter && reporter != change.Actor.UserId && ReporterHears.Contains(item.State))
        {
            db.OutboxMessages.Add(Outbox.Message("case.progress", $"user:{reporter}", $"您上报的案件 {item.Number}：{stateName}", item.Description, link, change.Now));
        }
        if (item.Status == CaseStatus.Closed && item.Source == CaseSource.Volunteer && item.ReporterUserId is { } volunteer)
        {
            // The points hook: the community feature's ledger will consume these; nothing in the portal delivers them.
            var payload = JsonSerializer.Serialize(new { caseNumber = item.Number, userId = volunteer, categoryId = item.CategoryId, closedAt = change.Now });
            db.OutboxMessages.Add(Outbox.Message(PointsTopic, $"points:{volunteer}", $"志愿者上报案件结案 {item.Number}", null, link, change.Now, payload));
        }
    }

    public const string PointsTopic = "points.case-closed";

    /// <summary>The case of an instance, compiled once (docs/decisions/0058-what-a-step-reads.md).</summary>
    private static readonly CompiledPerModel<Func<PanlongDbContext, Guid, CancellationToken, Task<Case?>>> CaseOf = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, Guid instanceId, CancellationToken ct) => db.Cases.SingleOrDefault(c => c.InstanceId == instanceId)));
}
