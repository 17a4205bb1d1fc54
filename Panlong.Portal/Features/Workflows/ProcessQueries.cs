using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Workflows;

public sealed record VersionSummary(int Id, int Version, string Name, DateTimeOffset PublishedAt, string? PublishedBy, int Running, int Completed);

public sealed record DefinitionSummary(string Key, string Name, IReadOnlyList<VersionSummary> Versions)
{
    /// <summary>The latest version's English name, where written (docs/decisions/0038-localized-names.md).</summary>
    public string? NameEn { get; init; }

    public LocalizedName DisplayName => new(Name, NameEn);

    public VersionSummary Latest => Versions[0];
}

public sealed record InstanceView(ProcessInstance Instance, ProcessModel Model, string Diagram, IReadOnlyList<ProcessStep> Steps, IReadOnlyList<WorkTask> Tasks, TrafficLight? Light);

/// <summary>Reads for the process pages: definitions with their versions and running counts; one instance, scoped.</summary>
public sealed class ProcessQueries(IDbContextFactory<PanlongDbContext> dbFactory, DefinitionStore definitions, CalendarProvider calendars, TimeProvider clock)
{
    /// <summary>The holidays and make-up working days of one year.</summary>
    public async Task<IReadOnlyList<CalendarDay>> CalendarYearAsync(int year)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var from = new DateOnly(year, 1, 1);
        var to = new DateOnly(year, 12, 31);
        return await db.CalendarDays.AsNoTracking().Where(d => d.Date >= from && d.Date <= to).OrderBy(d => d.Date).ToListAsync();
    }

    public async Task<IReadOnlyList<DefinitionSummary>> DefinitionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = await db.ProcessDefinitions.AsNoTracking()
            .Select(d => new { d.Id, d.Key, d.Version, d.Name, d.NameEn, d.PublishedAt, d.PublishedBy })
            .ToListAsync(ct);
        var counts = await db.ProcessInstances.GroupBy(i => new { i.DefinitionId, i.Status })
            .Select(g => new { g.Key.DefinitionId, g.Key.Status, Count = g.Count() })
            .ToListAsync(ct);
        int Count(int id, InstanceStatus status) => counts.FirstOrDefault(c => c.DefinitionId == id && c.Status == status)?.Count ?? 0;
        return versions.GroupBy(v => v.Key).OrderBy(g => g.Key)
            .Select(g => new DefinitionSummary(g.Key, g.OrderByDescending(v => v.Version).First().Name,
                g.OrderByDescending(v => v.Version)
                    .Select(v => new VersionSummary(v.Id, v.Version, v.Name, v.PublishedAt, v.PublishedBy, Count(v.Id, InstanceStatus.Running), Count(v.Id, InstanceStatus.Completed)))
                    .ToList()) { NameEn = g.OrderByDescending(v => v.Version).First().NameEn })
            .ToList();
    }

    public async Task<(CompiledDefinition Definition, string Json)> VersionAsync(int definitionId, CancellationToken ct = default)
    {
        var compiled = await definitions.GetAsync(definitionId, ct);
        return (compiled, compiled.Model.ToJson());
    }

    /// <summary>
    /// One instance if the viewer's scope covers it or one of its tasks is addressed to the viewer, and — for the process of
    /// a case or an application — the viewer may open that case or application itself; else null. Without
    /// <paramref name="comments"/> the steps come without what staff wrote (<see cref="Panlong.Workflows.Cases.CaseDisclosure"/>).
    /// </summary>
    public async Task<InstanceView?> InstanceAsync(WorkflowActor actor, Guid id, bool comments = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var visible = await db.ProcessInstances.InScope(actor.Scope).AnyAsync(i => i.Id == id, ct)
            || (actor.UserId is not null && await db.WorkTasks.AnyAsync(t => t.InstanceId == id && t.AssigneeUserId == actor.UserId, ct));
        if (!visible || !await SubjectVisibleAsync(db, actor, id, ct))
        {
            return null;
        }
        var instance = await db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == id, ct);
        var model = (await definitions.GetAsync(instance.DefinitionId, ct)).Model;
        var steps = await db.ProcessSteps.AsNoTracking().Where(s => s.InstanceId == id).OrderBy(s => s.Id).ToListAsync(ct);
        if (!comments)
        {
            steps.ForEach(s => s.Comment = null);
        }
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.Id).ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        TrafficLight? light = instance is { DueAt: { } due, Status: InstanceStatus.Running }
            ? TrafficLights.For(calendar, instance.StartedAt, due, instance.PausedAt ?? clock.GetUtcNow())
            : null;
        return new InstanceView(instance, model, MermaidDiagram.Draw(model, instance.State), steps, tasks, light);
    }

    /// <summary>
    /// A case's or an application's process is its history (steps, comments, actors): it answers only to those its own
    /// page answers to, so that scope alone does not open an application to field staff, a case to window clerks, or
    /// either to the three administrators (issue 15; docs/decisions/0031-authorization-matrix.md).
    /// </summary>
    private static async Task<bool> SubjectVisibleAsync(PanlongDbContext db, WorkflowActor actor, Guid id, CancellationToken ct) =>
        await db.ProcessInstances.Where(i => i.Id == id).Select(i => i.SubjectType).SingleAsync(ct) switch
        {
            CaseListener.Subject => CaseDeskRoles.Any(actor.Roles.Contains) && await CaseVisibility.Visible(db, actor).AnyAsync(c => c.InstanceId == id, ct),
            ApplicationListener.Subject => await ApplicationVisibility.Visible(db, actor).AnyAsync(a => a.InstanceId == id, ct),
            _ => true,
        };

    private static readonly string[] CaseDeskRoles = Roles.CaseDeskUsers.Split(',');
}
