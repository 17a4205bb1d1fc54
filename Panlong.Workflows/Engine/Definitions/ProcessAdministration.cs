using Panlong.Data.Audit;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Engine.Definitions;

/// <summary>The system administrator's changes to process definitions: validate, publish a new version, audited.</summary>
public sealed class ProcessAdministration(DefinitionStore definitions, AuditLog audit)
{
    public IReadOnlyList<ValidationIssue> Validate(string json) => definitions.Validator.Validate(json).Issues;

    public async Task<PublishResult> PublishAsync(WorkflowActor actor, string json)
    {
        var result = await definitions.PublishAsync(json, actor.Name);
        if (result is { Ok: true, Unchanged: false })
        {
            var key = ProcessModel.Parse(json).Key;
            await audit.WriteAsync(AuditActions.ProcessPublished, actor.UserId, actor.Name,
                target: key, detail: $"version {result.Version}");
        }
        return result;
    }
}
