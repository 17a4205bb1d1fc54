using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.SpotChecks;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;

namespace Panlong.Workflows.SpotChecks;

/// <summary>What a planner asks for: a period (China days, both included), how many checks, which streets and categories.</summary>
public sealed record SpotCheckPlanRequest(string? Name, DateOnly From, DateOnly To, int Checks, IReadOnlyList<string> StreetCodes, IReadOnlyList<int> CategoryIds);

/// <summary>The new plan's id, or per-field resource keys saying what is wrong.</summary>
public sealed record SpotCheckPlanResult(int? PlanId, IReadOnlyDictionary<string, string> Errors);

/// <summary>A problem found on a check: what, where (the phone's position) and its photos, checked and staged by the portal.</summary>
public sealed record SpotCheckFindingInput(string? Description, double? Lat, double? Lng, IReadOnlyList<StoredPhoto>? Photos = null, string? ClientKey = null);

/// <summary>The case the finding is linked to and whether it was missed (a new case) or already reported; or what is wrong.</summary>
public sealed record SpotCheckFindingResult(string? CaseNumber, bool Missed, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => CaseNumber is not null;
}

/// <summary>
/// District spot checks (督察, issue 19 part 4, docs/decisions/0074-spot-checks.md). A plan draws grids, categories and days from a
/// stored seed (<see cref="SpotCheckDraw"/>); each draw is a task for the 督察员's phone. A finding the area's inspector had not
/// reported becomes a case reported to the district loop (source <see cref="CaseSource.SpotCheck"/>) with a
/// <see cref="CaseFactKind.SpotMissed"/> fact charged to the inspector, in one transaction; one they had reported links to their case.
/// </summary>
public sealed class SpotCheckService(IDbContextFactory<PanlongDbContext> dbFactory, CaseService cases, GridLocator grids, InspectorAssignments inspectors,
    SpotCheckSettings settings, AuditLog audit, TimeProvider clock)
{
    public const string PlanAudit = "SpotCheck.Plan";
    public const string FindingAudit = "SpotCheck.Finding";
    public const string DoneAudit = "SpotCheck.Done";
    public static readonly IReadOnlyList<string> AuditActions = [PlanAudit, FindingAudit, DoneAudit];

    public async Task<SpotCheckPlanResult> PlanAsync(SpotCheckPlanRequest request, WorkflowActor actor, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (actor.UserId is not { } userId || !actor.HoldsAny(SpotCheckSettings.Planners) || actor.Scope.Root?.Level is not (null or OrgLevel.District))
        {
            return new SpotCheckPlanResult(null, new Dictionary<string, string> { [""] = "SpotCheck.Problem.NotAllowed" });
        }
        var name = request.Name?.Trim() ?? "";
        if (name.Length is < 1 or > 100)
        {
            errors["name"] = "SpotCheck.Name.Length";
        }
        if (request.To < request.From || request.To.DayNumber - request.From.DayNumber + 1 > settings.MaxPeriodDays || request.From < ChinaTime.Today(clock))
        {
            errors["period"] = "SpotCheck.Period.Invalid";
        }
        if (request.Checks < 1 || request.Checks > settings.MaxChecks)
        {
            errors["checks"] = "SpotCheck.Checks.Range";
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var streetCodes = request.StreetCodes.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var streets = await db.OrgUnits.AsNoTracking().InScope(actor.Scope)
            .Where(u => u.Kind == OrgUnitKind.Street && u.IsActive && streetCodes.Contains(u.Code)).Select(u => u.ScopePath).ToListAsync(ct);
        if (streetCodes.Count == 0 || streets.Count != streetCodes.Count)
        {
            errors["streets"] = "SpotCheck.Streets.Required";
        }
        var categoryIds = request.CategoryIds.Distinct().Order().ToList();
        if (categoryIds.Count == 0 || await db.CaseCategories.CountAsync(c => categoryIds.Contains(c.Id) && c.IsActive, ct) != categoryIds.Count)
        {
            errors["categories"] = "SpotCheck.Categories.Required";
        }
        if (errors.Count > 0)
        {
            return new SpotCheckPlanResult(null, errors);
        }
        var plan = new SpotCheckPlan
        {
            Name = name, From = request.From, To = request.To, Checks = request.Checks,
            StreetCodes = string.Join(',', streetCodes), CategoryIds = string.Join(',', categoryIds.Select(Invariant)),
            Seed = RandomNumberGenerator.GetInt32(int.MaxValue), ScopePath = actor.Scope.RootPath!,
            CreatedByUserId = userId, CreatedByName = Short(actor.Name), CreatedAt = clock.GetUtcNow(),
        };
        var candidates = await CandidateGridsAsync(db, streets, ct);
        foreach (var draw in SpotCheckDraw.Draw(plan.Seed, plan.From, plan.To, plan.Checks, candidates.Select(g => g.Id).ToList(), categoryIds))
        {
            var grid = candidates.First(g => g.Id == draw.GridId);
            plan.Tasks.Add(new SpotCheckTask { Draw = draw.Index, Day = draw.Day, GridId = grid.Id, GridCode = grid.Code, CategoryId = draw.CategoryId, ScopePath = grid.ScopePath });
        }
        db.SpotCheckPlans.Add(plan);
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(PlanAudit, userId, actor.Name, $"spotcheck-plan:{plan.Id}",
            $"seed={plan.Seed}; checks={plan.Checks}; {plan.From:yyyy-MM-dd}..{plan.To:yyyy-MM-dd}; streets={plan.StreetCodes}; categories={plan.CategoryIds}", ct: ct);
        return new SpotCheckPlanResult(plan.Id, errors);
    }

    /// <summary>The plan's draws made again from its stored seed and candidates: equal to its tasks unless the grids have changed since.</summary>
    public async Task<IReadOnlyList<SpotDraw>> RedrawAsync(int planId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.SpotCheckPlans.AsNoTracking().SingleAsync(p => p.Id == planId, ct);
        var codes = plan.StreetCodes.Split(',');
        var streets = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Street && codes.Contains(u.Code)).Select(u => u.ScopePath).ToListAsync(ct);
        var candidates = await CandidateGridsAsync(db, streets, ct);
        var categories = plan.CategoryIds.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        return SpotCheckDraw.Draw(plan.Seed, plan.From, plan.To, plan.Checks, candidates.Select(g => g.Id).ToList(), categories);
    }

    /// <summary>Records one finding of an open check the actor may do; the position must lie in the drawn grid.</summary>
    public async Task<SpotCheckFindingResult> FindAsync(int taskId, SpotCheckFindingInput input, WorkflowActor actor, CancellationToken ct = default)
    {
        var task = await OpenTaskAsync(taskId, actor, ct);
        if (task is null)
        {
            return Refused("", "SpotCheck.Problem.NotFound");
        }
        if (input.Lat is not { } lat || input.Lng is not { } lng)
        {
            return Refused("position", "Cases.Position.Required");
        }
        if ((await grids.LocateAsync(lat, lng, ct))?.Id != task.GridId)
        {
            return Refused("position", "SpotCheck.Position.OutsideGrid");
        }
        var now = clock.GetUtcNow();
        var inspector = await inspectors.OnDayAsync(task.GridId, ChinaTime.DateOf(now), ct);
        var description = input.Description?.Trim() ?? "";
        SpotCheckFinding Finding(long caseId, string number, bool missed) => new()
        {
            TaskId = task.Id, CaseId = caseId, CaseNumber = number, Missed = missed, Description = description.Length > 1000 ? description[..1000] : description,
            Lat = Math.Round(lat, 6), Lng = Math.Round(lng, 6), InspectorUserId = inspector?.PersonKey, InspectorName = inspector is null ? null : Short(inspector.Name), At = now,
        };
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (inspector is not null && await ReportedByAsync(db, task, inspector, now, ct) is { } earlier)
        {
            // 已报: the inspector's own case stands; the check's photos join it as on-site photos.
            if (description.Length is < 5 or > 1000)
            {
                return Refused("description", "Cases.Description.Length");
            }
            if (input.Photos?.Count > CaseService.MaxPhotos)
            {
                return Refused("photos", "Cases.Photos.TooMany");
            }
            db.SpotCheckFindings.Add(Finding(earlier.Id, earlier.Number, missed: false));
            db.CasePhotos.AddRange((input.Photos ?? []).Select(p => CaseService.Photo(p with { Stage = PhotoStage.Check }, actor, now, earlier.Id)));
            await db.SaveChangesAsync(ct);
            await audit.WriteAsync(FindingAudit, actor.UserId, actor.Name, earlier.Number, $"task={task.Id}; reported", ct: ct);
            return new SpotCheckFindingResult(earlier.Number, false, new Dictionary<string, string>());
        }
        var report = new CaseReport(task.CategoryId, description, lat, lng, null, input.ClientKey, Photos: input.Photos);
        var result = await cases.ReportAsync(report, actor, (tx, item) =>
        {
            var finding = Finding(0, item.Number, missed: true);
            finding.Case = item;
            tx.SpotCheckFindings.Add(finding);
            if (inspector is not null)
            {
                tx.CaseFacts.Add(new CaseFact
                {
                    Case = item, Kind = CaseFactKind.SpotMissed, At = now, PersonKey = inspector.PersonKey, PersonName = inspector.Name, PersonRole = Roles.Inspector,
                    GridId = item.GridId, ScopePath = item.ScopePath, Public = true,
                });
            }
        }, ct);
        if (!result.Ok)
        {
            return new SpotCheckFindingResult(null, false, result.Errors);
        }
        if (!result.Duplicate)
        {
            await audit.WriteAsync(FindingAudit, actor.UserId, actor.Name, result.Number, $"task={task.Id}; missed; inspector={inspector?.PersonKey}", ct: ct);
        }
        return new SpotCheckFindingResult(result.Number, true, result.Errors);
    }

    /// <summary>Ends a check, with the findings recorded so far or none ("nothing found"); false when it is not open or not the actor's to do.</summary>
    public async Task<bool> CompleteAsync(int taskId, WorkflowActor actor, CancellationToken ct = default)
    {
        var task = await OpenTaskAsync(taskId, actor, ct);
        if (task is null)
        {
            return false;
        }
        var now = clock.GetUtcNow();
        var inspector = await inspectors.OnDayAsync(task.GridId, ChinaTime.DateOf(now), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var done = await db.SpotCheckTasks.Where(t => t.Id == taskId && t.Status == SpotCheckStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, SpotCheckStatus.Done).SetProperty(t => t.DoneAt, now)
                .SetProperty(t => t.CheckedByUserId, actor.UserId).SetProperty(t => t.CheckedByName, Short(actor.Name))
                .SetProperty(t => t.InspectorUserId, inspector == null ? null : inspector.PersonKey)
                .SetProperty(t => t.InspectorName, inspector == null ? null : Short(inspector.Name)), ct) == 1;
        if (done)
        {
            var findings = await db.SpotCheckFindings.CountAsync(f => f.TaskId == taskId, ct);
            await audit.WriteAsync(DoneAudit, actor.UserId, actor.Name, $"spotcheck:{taskId}", $"findings={findings}", ct: ct);
        }
        return done;
    }

    private async Task<SpotCheckTask?> OpenTaskAsync(int taskId, WorkflowActor actor, CancellationToken ct)
    {
        if (actor.UserId is null || !actor.HoldsAny(SpotCheckSettings.Checkers))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SpotCheckTasks.AsNoTracking().InScope(actor.Scope)
            .SingleOrDefaultAsync(t => t.Id == taskId && t.Status == SpotCheckStatus.Open && t.Day <= ChinaTime.Today(clock), ct);
    }

    /// <summary>已报: a case of the check's category in its grid that the inspector reported within the window and that was not found false.</summary>
    private async Task<Case?> ReportedByAsync(PanlongDbContext db, SpotCheckTask task, InspectorOnDay inspector, DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-settings.ReportedWindowDays);
        return await db.Cases.AsNoTracking()
            .Where(c => c.GridId == task.GridId && c.CategoryId == task.CategoryId && c.ReporterUserId == inspector.PersonKey && c.ReportedAt >= since
                && c.State != CaseLoopContract.NotFiled && c.State != CaseLoopContract.Voided)
            .OrderByDescending(c => c.ReportedAt).FirstOrDefaultAsync(ct);
    }

    private sealed record Candidate(int Id, string Code, string ScopePath);

    /// <summary>The active grids of the streets, in code order: the draw's fixed order.</summary>
    private static async Task<List<Candidate>> CandidateGridsAsync(PanlongDbContext db, IReadOnlyList<string> streetPaths, CancellationToken ct)
    {
        var all = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.IsActive)
            .Select(u => new Candidate(u.Id, u.Code, u.ScopePath)).ToListAsync(ct);
        return all.Where(g => streetPaths.Any(s => g.ScopePath.StartsWith(s, StringComparison.Ordinal))).OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
    }

    private static SpotCheckFindingResult Refused(string field, string key) => new(null, false, new Dictionary<string, string> { [field] = key });

    private static string Short(string name) => name.Length > 50 ? name[..50] : name;

    private static string Invariant(int n) => n.ToString(CultureInfo.InvariantCulture);
}
