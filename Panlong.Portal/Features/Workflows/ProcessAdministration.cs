using System.Security.Claims;
using Panlong.Data.Audit;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Portal.Features.Workflows;

/// <summary>The system administrator's changes to process definitions: validate, publish a new version, audited.</summary>
public sealed class ProcessAdministration(DefinitionStore definitions, AuditLog audit)
{
    public IReadOnlyList<ValidationIssue> Validate(string json) => definitions.Validator.Validate(json).Issues;

    public async Task<PublishResult> PublishAsync(ClaimsPrincipal actor, string json)
    {
        var result = await definitions.PublishAsync(json, actor.Identity?.Name);
        if (result is { Ok: true, Unchanged: false })
        {
            var key = ProcessModel.Parse(json).Key;
            await audit.WriteAsync(AuditActions.ProcessPublished, actor.FindFirstValue(ClaimTypes.NameIdentifier), actor.Identity?.Name,
                target: key, detail: $"version {result.Version}");
        }
        return result;
    }
}
