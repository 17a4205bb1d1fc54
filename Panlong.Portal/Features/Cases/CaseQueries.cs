using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Portal.Features.Cases;

public sealed record CaseRow(string Number, string CategoryName, string Description, string? Address, string StateName, string State, CaseStatus Status,
    CaseLevel Level, string GridName, string? HandlingUnitName, DateTimeOffset ReportedAt, DateTimeOffset? StepDueAt, TrafficLight? Light, long? TaskId);

/// <param name="Total">Exact up to <see cref="Paging.CountCap"/>; beyond it <paramref name="Capped"/> is set.</param>
public sealed record CasePage(IReadOnlyList<CaseRow> Rows, int Total, bool Capped = false);

public enum CaseListKind
{
    /// <summary>Open work for me: my role at my unit, or addressed to me.</summary>
    MyWork,
    /// <summary>Every case I may see (my area, my unit's work, my reports).</summary>
    Area,
    /// <summary>Cases I reported.</summary>
    Reported,
}

public sealed record CaseFilter(CaseListKind Kind = CaseListKind.MyWork, string? Text = null, int? CategoryId = null, string? State = null,
    CaseStatus? Status = null, CaseLevel? Level = null, bool OverdueOnly = false);

public sealed record CaseStepView(DateTimeOffset At, StepKind Kind, string? Trigger, string? TriggerName, string FromName, string ToName, string? ActorName, string? Comment,
    IReadOnlyList<CasePhoto> Photos, long WorkingMinutes);

public sealed record CaseDetail(Case Case, string GridName, string? HandlingUnitName, IReadOnlyList<string> AssistingUnitNames, ProcessModel Model,
    string Diagram, IReadOnlyList<CaseStepView> Steps, IReadOnlyList<CasePhoto> Photos, IReadOnlyList<WorkTask> OpenTasks, TrafficLight? Light, Guid InstanceVersion,
    long StepUsedMinutes, long TotalWorkingMinutes);

/// <summary>An open case to attach a snapshot to: its number and what it is about.</summary>
public sealed record CasePick(string Number, string CategoryName, string Description);

public sealed record BoardCount(string Key, string Name, int Count);

public sealed record CaseBoard(int ReceivedToday, int ClosedToday, int ReceivedThisYear, int ClosedThisYear, double? ClosureRate,
    IReadOnlyList<BoardCount> ByState, int Green, int Yellow, int Red, IReadOnlyList<CaseRow> Newest, IReadOnlyList<CaseRow> Overdue, DateTimeOffset At);

/// <summary>
/// Reads of the case feature. Who sees a case: whoever's scope covers its grid, the people of any unit that has (had)
/// work on it, the person it is addressed to, and its reporter (<see cref="CaseVisibility"/>).
/// </summary>
public sealed class CaseQueries(IDbContextFactory<PanlongDbContext> dbFactory, DefinitionStore definitions, CalendarProvider calendars, TimeProvider clock)
{
    /// <summary>
    /// The cases of the viewer's area, for lists and the board: a region's people (a command center, a street, a grid)
    /// see the cases of their region — one indexed prefix, no per-row look-ups; a department sees the cases it has or
    /// had work on. Cases one reported elsewhere are on the "reported by me" list; a detail page still opens them (<see cref="CaseVisibility.Visible"/>).
    /// </summary>
    public static IQueryable<Case> Area(PanlongDbContext db, WorkflowActor actor)
    {
        var root = actor.Scope.RootPath;
        if (root is not null && OrgPath.Parse(root).IsRegion)
        {
            return db.Cases.Where(c => c.ScopePath.StartsWith(root));
        }
        var user = actor.UserId;
        return db.Cases.Where(c => db.WorkTasks.Any(t => t.InstanceId == c.InstanceId
            && ((root != null && t.ScopePath.StartsWith(root)) || (user != null && t.AssigneeUserId == user))));
    }

    /// <summary>
    /// A page of the list, its count stopping at <see cref="Paging.CountCap"/> as the people list's does: at ten times the
    /// district the exact count of everything is most of the page's time (docs/decisions/0050-city-scale-counts.md).
    /// </summary>
    public async Task<CasePage> ListAsync(WorkflowActor actor, CaseFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (cases, tasks) = await FilteredAsync(db, actor, filter, ct);
        var (total, capped) = await cases.CappedCountAsync(ct);
        var rows = await Project(Ordered(cases, filter.Kind).Page(page, pageSize)).ToListAsync(ct);
        var taskIds = tasks is null ? [] : await tasks.Where(t => rows.Select(r => r.InstanceId).Contains(t.InstanceId))
            .Select(t => new { t.InstanceId, t.Id }).ToListAsync(ct);
        return new CasePage(await ToRowsAsync(db, rows, id => taskIds.FirstOrDefault(t => t.InstanceId == id)?.Id, ct), total, capped);
    }

    /// <summary>How many cases the list holds under this filter: all of them, not capped (an export's progress).</summary>
    public async Task<int> CountAsync(WorkflowActor actor, CaseFilter filter, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (await FilteredAsync(db, actor, filter, ct)).Cases.CountAsync(ct);
    }

    /// <summary>
    /// Every row of the list under the filter in the list's order, read by one query as the caller takes them, named a
    /// thousand at a time (an export, docs/decisions/0051-every-list-export-streams.md): no page is counted or skipped to.
    /// </summary>
    public IAsyncEnumerable<CaseRow> AllAsync(WorkflowActor actor, CaseFilter filter, CancellationToken ct = default) =>
        AllAsync(async db => Ordered((await FilteredAsync(db, actor, filter, ct)).Cases, filter.Kind), ct);

    /// <summary>Every case of an ordered query the caller builds on the given context (the appraisal's drill-down), streamed as <see cref="AllAsync(WorkflowActor, CaseFilter, CancellationToken)"/>.</summary>
    public async IAsyncEnumerable<CaseRow> AllAsync(Func<PanlongDbContext, Task<IQueryable<Case>>> ordered, [EnumeratorCancellation] CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Names are read while the list's reader is open, so on a context of their own.
        await using var names = await dbFactory.CreateDbContextAsync(ct);
        var cases = await ordered(db);
        var chunk = new List<RawRow>(ExportChunk);
        await foreach (var row in Project(cases).AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(row);
            if (chunk.Count == ExportChunk)
            {
                foreach (var named in await ToRowsAsync(names, chunk, _ => null, ct))
                {
                    yield return named;
                }
                chunk.Clear();
            }
        }
        foreach (var named in chunk.Count == 0 ? [] : await ToRowsAsync(names, chunk, _ => null, ct))
        {
            yield return named;
        }
    }

    private const int ExportChunk = 1000;

    /// <summary>The list's cases under the filter, and for "my work" the open tasks they are listed for.</summary>
    private async Task<(IQueryable<Case> Cases, IQueryable<WorkTask>? Tasks)> FilteredAsync(PanlongDbContext db, WorkflowActor actor, CaseFilter filter, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IQueryable<Case> cases;
        IQueryable<WorkTask>? tasks = null;
        if (filter.Kind == CaseListKind.MyWork)
        {
            // The inbox's own rule (docs/decisions/0037-who-can-act-on-a-task.md): what the desk lists is what 我的待办 lists.
            var rule = await TaskActors.InboxAsync(db, definitions, actor, includeBelow: false, ct);
            tasks = db.WorkTasks.Where(t => t.Status == WorkTaskStatus.Open && t.Instance!.DefinitionKey == CaseLoopContract.Key).Where(rule);
            // Driven from the few open tasks (IN, evaluated once) rather than probing tasks for each of the year's cases.
            var instanceIds = tasks.Select(t => t.InstanceId);
            cases = db.Cases.Where(c => instanceIds.Contains(c.InstanceId));
        }
        else
        {
            cases = filter.Kind == CaseListKind.Reported ? db.Cases.Where(c => c.ReporterUserId == actor.UserId) : Area(db, actor);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            cases = text.StartsWith("AJ", StringComparison.OrdinalIgnoreCase)
                #pragma warning disable CA1862 // EF translates only the comparison-less overload; the value is stored upper-case, so the input is upper-cased instead
                ? cases.Where(c => c.Number.StartsWith(text.ToUpperInvariant()))
                #pragma warning restore CA1862
                : cases.Where(c => c.Description.Contains(text) || (c.Address != null && c.Address.Contains(text)));
        }
        if (filter.CategoryId is { } category)
        {
            cases = cases.Where(c => c.CategoryId == category);
        }
        if (filter.State is { Length: > 0 } state)
        {
            cases = cases.Where(c => c.State == state);
        }
        if (filter.Status is { } status)
        {
            cases = cases.Where(c => c.Status == status);
        }
        if (filter.Level is { } level)
        {
            cases = cases.Where(c => c.Level == level);
        }
        if (filter.OverdueOnly)
        {
            cases = cases.Where(c => c.Status == CaseStatus.Open && c.StepDueAt != null && c.StepDueAt < now);
        }
        return (cases, tasks);
    }

    private static IQueryable<Case> Ordered(IQueryable<Case> cases, CaseListKind kind) => kind == CaseListKind.MyWork
        ? cases.OrderBy(c => c.StepDueAt == null).ThenBy(c => c.StepDueAt).ThenBy(c => c.Id)
        : cases.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id);

    public async Task<CaseDetail?> DetailAsync(WorkflowActor actor, string number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await CaseVisibility.Visible(db, actor).AsNoTracking().Include(c => c.Category).SingleOrDefaultAsync(c => c.Number == number, ct);
        if (item is null)
        {
            return null;
        }
        var internals = CaseDisclosure.SeesInternals(actor);
        if (!internals)
        {
            (item.CallerName, item.CallerPhoneMasked) = (null, null);
        }
        var instance = await db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == item.InstanceId, ct);
        var model = (await definitions.GetAsync(instance.DefinitionId, ct)).Model;
        var photos = await db.CasePhotos.AsNoTracking().Where(p => p.CaseId == item.Id).OrderBy(p => p.Id).ToListAsync(ct);
        var steps = await db.ProcessSteps.AsNoTracking().Where(s => s.InstanceId == item.InstanceId).OrderBy(s => s.Id).ToListAsync(ct);
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => t.InstanceId == item.InstanceId && t.Status == WorkTaskStatus.Open).ToListAsync(ct);
        var codes = new[] { item.HandlingUnitCode }.Concat(item.AssistingUnitCodes?.Split(',') ?? []).OfType<string>().ToList();
        var names = await db.OrgUnits.AsNoTracking().Where(u => codes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var gridName = await db.OrgUnits.Where(u => u.Id == item.GridId).Select(u => u.Name).SingleAsync(ct);
        string Name(string id) => model.StateName(id);
        var stepViews = steps.Select(s =>
        {
            var files = s.Attachments is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(s.Attachments) ?? [];
            string? trigger = s.Trigger is null ? null : model.TriggerName(s.Trigger);
            return new CaseStepView(s.At, s.Kind, s.Trigger, trigger, Name(s.FromState), Name(s.ToState), s.ActorName, internals ? s.Comment : null,
                photos.Where(p => files.Contains(p.StoredPath)).ToList(), s.WorkingMinutes);
        }).ToList();
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        TrafficLight? light = item is { Status: CaseStatus.Open, StepDueAt: { } due } ? TrafficLights.For(calendar, item.StepStartedAt, due, now) : null;
        // Working time: of the current step so far, and of the whole case (the clock's pauses excluded, as the steps record it).
        var stepUsed = item.Status == CaseStatus.Open && instance.PausedAt is null ? (long)calendar.WorkingTimeBetween(item.StepStartedAt, now).TotalMinutes : 0;
        var total = steps.Sum(s => s.WorkingMinutes) + stepUsed;
        return new CaseDetail(item, gridName, item.HandlingUnitCode is { } h && names.TryGetValue(h, out var hn) ? hn : null,
            (item.AssistingUnitCodes?.Split(',') ?? []).Select(c => names.GetValueOrDefault(c, c)).ToList(),
            model, MermaidDiagram.Draw(model, instance.State), stepViews, photos, tasks, light, instance.Version, stepUsed, total);
    }

    /// <summary>The command center's board for the viewer's area: today, the last twelve months, open work by state and light.</summary>
    public async Task<CaseBoard> BoardAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var today = ChinaTime.StartOf(ChinaTime.DateOf(now));
        // The last twelve months, so the rate does not start from nothing every January.
        var year = now.AddDays(-365);
        var cases = Area(db, actor);
        var receivedToday = await cases.CountAsync(c => c.ReportedAt >= today, ct);
        var closedToday = await cases.CountAsync(c => c.Status == CaseStatus.Closed && c.ClosedAt >= today, ct);
        var receivedYear = await cases.CountAsync(c => c.ReportedAt >= year, ct);
        var closedYear = await cases.CountAsync(c => c.ReportedAt >= year && c.Status == CaseStatus.Closed, ct);
        var open = cases.Where(c => c.Status == CaseStatus.Open);
        var byState = await open.GroupBy(c => new { c.State, c.StateName }).Select(g => new { g.Key.State, g.Key.StateName, Count = g.Count() }).ToListAsync(ct);
        // Counted by the database in bands of working time, not coloured case by case (docs/decisions/0050-city-scale-counts.md).
        var lights = await BoardLights.CountAsync(open, await calendars.GetAsync(ct), now, ct);
        var newest = await Project(cases.OrderByDescending(c => c.ReportedAt).ThenByDescending(c => c.Id).Take(8)).ToListAsync(ct);
        var overdue = await Project(open.Where(c => c.StepDueAt != null && c.StepDueAt < now).OrderBy(c => c.StepDueAt).Take(8)).ToListAsync(ct);
        var order = (await definitions.LatestAsync(CaseLoopContract.Key, ct))?.Model.States.Select(s => s.Id).ToList() ?? [];
        return new CaseBoard(receivedToday, closedToday, receivedYear, closedYear, CaseFigures.ClosureRate(receivedYear, closedYear),
            byState.OrderBy(s => order.IndexOf(s.State)).Select(s => new BoardCount(s.State, s.StateName, s.Count)).ToList(),
            lights.Green, lights.Yellow, lights.Red,
            await ToRowsAsync(db, newest, _ => null, ct), await ToRowsAsync(db, overdue, _ => null, ct), now);
    }

    /// <summary>A grid's open cases, most urgent first (the grid page); the caller has already checked the grid is in scope.</summary>
    public async Task<IReadOnlyList<CaseRow>> OpenInGridAsync(int gridId, int take = 20, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await Project(db.Cases.Where(c => c.GridId == gridId && c.Status == CaseStatus.Open)
            .OrderBy(c => c.StepDueAt == null).ThenBy(c => c.StepDueAt).Take(take)).ToListAsync(ct);
        return await ToRowsAsync(db, rows, _ => null, ct);
    }

    /// <summary>
    /// Open cases of the scope whose number contains the text, newest first: those a camera snapshot may join (the same rule
    /// as <see cref="Panlong.Workflows.Cameras.CameraSnapshots"/>, docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md).
    /// </summary>
    public async Task<IReadOnlyList<CasePick>> OpenToAttachAsync(DataScope scope, string? text, int take = 10, CancellationToken ct = default)
    {
        var part = text?.Trim().ToUpperInvariant() ?? "";
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Cases.AsNoTracking().InScope(scope).Where(c => c.Status == CaseStatus.Open && (part == "" || c.Number.Contains(part)))
            .OrderByDescending(c => c.ReportedAt).Take(take).Select(c => new CasePick(c.Number, c.Category!.Name, c.Description)).ToListAsync(ct);
    }

    /// <summary>Where a hub may send work, by the case-dispatch-target guard's own rule (<see cref="CaseGuards.DispatchTarget.DispatchReach"/>).</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> DispatchTargetsAsync(string hubCode, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (ownRegion, anyDepartment) = CaseGuards.DispatchTarget.DispatchReach(CaseVariables.LevelOf(hubCode));
        var own = !ownRegion ? [] : await db.OrgUnits.Where(u => u.Code == hubCode).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        var departments = !anyDepartment ? [] : await db.OrgUnits.Where(u => u.Kind == Data.Organization.OrgUnitKind.Department && u.IsActive)
            .OrderBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        return own.Concat(departments).Select(u => (u.Code, u.Name)).ToList();
    }

    public async Task<IReadOnlyList<CaseCategory>> CategoriesAsync(bool activeOnly = true, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CaseCategories.AsNoTracking().Where(c => !activeOnly || c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Code).ToListAsync(ct);
    }

    /// <summary>Open cases as [lat, lng, light (0 green, 1 yellow, 2 red), number] rows for the map's case layer.</summary>
    public async Task<IReadOnlyList<object[]>> MapPointsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await Area(db, actor).Where(c => c.Status == CaseStatus.Open).OrderByDescending(c => c.ReportedAt).Take(5000)
            .Select(c => new { c.Lat, c.Lng, c.Number, c.StepStartedAt, c.StepDueAt }).ToListAsync(ct);
        var calendar = await calendars.GetAsync(ct);
        return rows.Select(r => new object[] { r.Lat, r.Lng, r.StepDueAt is { } due ? (int)TrafficLights.For(calendar, r.StepStartedAt, due, now) : 0, r.Number }).ToList();
    }

    /// <summary>Rows for cases already read elsewhere (the appraisal drill-down), in their order, with grid and unit names and lights.</summary>
    public async Task<IReadOnlyList<CaseRow>> RowsAsync(IReadOnlyList<Case> cases, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = cases.Select(c => new RawRow(c.Id, c.InstanceId, c.Number, c.Category?.Name ?? "", c.Description, c.Address, c.StateName, c.State, c.Status,
            c.Level, c.GridId, c.HandlingUnitCode, c.ReportedAt, c.StepStartedAt, c.StepDueAt)).ToList();
        return await ToRowsAsync(db, rows, _ => null, ct);
    }

    private sealed record RawRow(long Id, Guid InstanceId, string Number, string CategoryName, string Description, string? Address, string StateName, string State,
        CaseStatus Status, CaseLevel Level, int GridId, string? HandlingUnitCode, DateTimeOffset ReportedAt, DateTimeOffset StepStartedAt, DateTimeOffset? StepDueAt);

    private static IQueryable<RawRow> Project(IQueryable<Case> cases) => cases.Select(c => new RawRow(c.Id, c.InstanceId, c.Number,
        c.Category!.Name, c.Description, c.Address, c.StateName, c.State, c.Status, c.Level, c.GridId, c.HandlingUnitCode, c.ReportedAt, c.StepStartedAt, c.StepDueAt));

    private async Task<IReadOnlyList<CaseRow>> ToRowsAsync(PanlongDbContext db, IReadOnlyList<RawRow> rows, Func<Guid, long?> taskOf, CancellationToken ct)
    {
        var gridIds = rows.Select(r => r.GridId).Distinct().ToList();
        var unitCodes = rows.Select(r => r.HandlingUnitCode).OfType<string>().Distinct().ToList();
        var grids = await db.OrgUnits.AsNoTracking().Where(u => gridIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var units = await db.OrgUnits.AsNoTracking().Where(u => unitCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => new CaseRow(r.Number, r.CategoryName, r.Description, r.Address, r.StateName, r.State, r.Status, r.Level,
            grids.GetValueOrDefault(r.GridId, ""), r.HandlingUnitCode is { } h ? units.GetValueOrDefault(h, h) : null, r.ReportedAt, r.StepDueAt,
            r.Status == CaseStatus.Open && r.StepDueAt is { } due ? TrafficLights.For(calendar, r.StepStartedAt, due, now) : null, taskOf(r.InstanceId))).ToList();
    }
}
