using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Demo;

public sealed record CaseCounts(int Cases, int Closed, int Open, long ElapsedMs);

/// <summary>
/// Demo and benchmark data: a year of cases (the article's 47,199 received, 45,016 closed by default) spread over the
/// days, grids, categories and levels, each with its process instance, and the open ones with their current task —
/// so desks, boards and appraisal read them like real cases. Earlier generated cases are replaced; reported ones stay.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
public sealed class CaseGenerator(IDbContextFactory<PanlongDbContext> dbFactory, DefinitionStore definitions, CalendarProvider calendars, TimeProvider clock)
{
    public const int ArticleReceived = 47_199;
    public const int ArticleClosed = 45_016;
    private const int Batch = 5_000;
    /// <summary>Generated numbers use daily serials from here, so they never meet the serials of real reports.</summary>
    private const int SerialBase = 80_000;

    private static readonly string[] OpenStates =
        [CaseLoopContract.Dispatching, CaseLoopContract.Handling, CaseLoopContract.Handling, CaseLoopContract.Handling, CaseLoopContract.Closing];

    public async Task<CaseCounts> GenerateAsync(int total = ArticleReceived, int closed = ArticleClosed, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (closed > total || total < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(closed), "Closed cases cannot outnumber received cases.");
        }
        var watch = Stopwatch.StartNew();
        var definition = await definitions.LatestAsync(CaseLoopContract.Key, ct) ?? throw new InvalidOperationException("The case-loop definition is not published.");
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        await RemoveGeneratedAsync(progress, ct);

        await using var read = await dbFactory.CreateDbContextAsync(ct);
        var grids = await read.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Boundary != null)
            .Select(u => new { u.Id, u.Code, u.ScopePath, u.Boundary }).ToListAsync(ct);
        var categories = await read.CaseCategories.AsNoTracking().Where(c => c.IsActive).ToListAsync(ct);
        var units = await read.OrgUnits.AsNoTracking().Select(u => new { u.Code, u.Id, u.ScopePath }).ToDictionaryAsync(u => u.Code, ct);
        var random = new Random(2026);
        var staff = new DemoStaff(await read.GridAssignments.AsNoTracking()
            .Where(a => a.Duty == GridDuty.Supervisor || a.Duty == GridDuty.Inspector || a.Duty == GridDuty.GridWorker)
            .Select(a => new DemoStaff.Post(a.GridId, a.Duty, a.StaffMemberId, a.StaffMember!.Name)).ToListAsync(ct), categories);
        var model = definition.Model;
        var boxes = grids.Select(g => Panlong.Data.Maps.GeoJsonPolygon.Read(g.Boundary!).EnvelopeInternal).ToList();

        // Which cases stay open, and which were refused or voided: the open ones are recent, the others spread.
        var unfinished = total - closed;
        var refused = unfinished / 5;
        var serials = new Dictionary<string, int>();
        var cases = new List<Case>(Batch);
        var instances = new List<ProcessInstance>(Batch);
        var tasks = new List<WorkTask>();
        var facts = new List<CaseFact>(Batch * 8);
        var made = 0;
        for (var i = 0; i < total; i++)
        {
            var kind = i < closed ? CaseStatus.Closed : i < closed + refused ? (i % 2 == 0 ? CaseStatus.NotFiled : CaseStatus.Voided) : CaseStatus.Open;
            var ageDays = kind == CaseStatus.Open ? random.NextDouble() * 20 : random.NextDouble() * 363 + 1;
            var reported = now.AddDays(-ageDays).AddMinutes(-random.Next(30, 600));
            var gridIndex = random.Next(grids.Count);
            var grid = grids[gridIndex];
            var box = boxes[gridIndex];
            var category = categories[(int)(Math.Pow(random.NextDouble(), 1.6) * categories.Count)];
            var path = OrgPath.Parse(grid.ScopePath);
            var roll = random.NextDouble();
            var hub = path.CodeAtOrLeaf(roll < 0.6 ? OrgLevel.District : roll < 0.85 ? OrgLevel.Street : OrgLevel.Community);
            var unit = category.DefaultDepartmentCode ?? DistrictPlan.DistrictCode + "-BM01";
            var handler = CaseVariables.LevelOf(hub) == CaseLevel.Community ? hub : unit;
            var day = ChinaTime.DayKey(reported);
            serials[day] = serials.GetValueOrDefault(day, SerialBase) + 1;
            var state = kind switch
            {
                CaseStatus.Closed => CaseLoopContract.Closed,
                CaseStatus.NotFiled => CaseLoopContract.NotFiled,
                CaseStatus.Voided => CaseLoopContract.Voided,
                _ => OpenStates[random.Next(OpenStates.Length)],
            };
            var filed = calendar.AddWorkingTime(reported, TimeSpan.FromMinutes(random.Next(5, 90)));
            var dispatched = calendar.AddWorkingTime(filed, TimeSpan.FromMinutes(random.Next(5, 60)));
            var handled = calendar.AddWorkingTime(dispatched, TimeSpan.FromHours(category.HandleHours * (0.2 + (random.NextDouble() * (random.NextDouble() < 0.9 ? 0.8 : 1.6)))));
            var closedAt = calendar.AddWorkingTime(handled, TimeSpan.FromMinutes(random.Next(30, 240)));
            var stepStart = state switch { CaseLoopContract.Dispatching => filed, CaseLoopContract.Handling => dispatched, CaseLoopContract.Closing => handled, _ => reported };
            var limit = state switch { CaseLoopContract.Dispatching => category.DispatchHours, CaseLoopContract.Handling => category.HandleHours, CaseLoopContract.Closing => 1.0, _ => 0 };
            var instance = new ProcessInstance
            {
                Id = Guid.NewGuid(),
                DefinitionId = definition.Id,
                DefinitionKey = definition.Key,
                DefinitionVersion = definition.Version,
                SubjectType = CaseListener.Subject,
                SubjectId = $"AJ{day}{serials[day]:D5}",
                OrgUnitId = grid.Id,
                ScopePath = grid.ScopePath,
                State = state,
                Status = kind == CaseStatus.Open ? InstanceStatus.Running : InstanceStatus.Completed,
                Variables = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    [CaseVariables.Hub] = hub, [CaseVariables.HandlingUnit] = handler, [CaseVariables.HandleHours] = category.HandleHours,
                    [CaseVariables.CategoryHandleHours] = category.HandleHours, [CaseVariables.DispatchHours] = category.DispatchHours,
                    [CaseVariables.CheckHours] = category.CheckHours, [CaseVariables.VerifyHours] = category.VerifyHours,
                }),
                StartedAt = reported,
                StateEnteredAt = stepStart,
                CompletedAt = kind == CaseStatus.Open ? null : kind == CaseStatus.Closed ? closedAt : filed,
            };
            var item = new Case
            {
                Number = instance.SubjectId,
                CategoryId = category.Id,
                Description = $"{category.Name}（生成的演示案件）",
                Lat = Math.Round(box.MinY + (random.NextDouble() * (box.MaxY - box.MinY)), 6),
                Lng = Math.Round(box.MinX + (random.NextDouble() * (box.MaxX - box.MinX)), 6),
                GridId = grid.Id,
                ScopePath = grid.ScopePath,
                Source = (CaseSource)random.Next(0, 6),
                Level = CaseVariables.LevelOf(hub),
                HubCode = hub,
                HandlingUnitCode = kind == CaseStatus.Closed || state is CaseLoopContract.Handling or CaseLoopContract.Closing ? handler : null,
                ReporterName = "演示上报人",
                InstanceId = instance.Id,
                State = state,
                StateName = model.FindState(state)!.Name,
                Status = kind,
                ReportedAt = reported,
                FiledAt = kind is CaseStatus.Closed or CaseStatus.Open ? filed : null,
                DispatchedAt = kind == CaseStatus.Closed || state is CaseLoopContract.Handling or CaseLoopContract.Closing ? dispatched : null,
                ClosedAt = instance.CompletedAt,
                StepStartedAt = stepStart,
                StepDueAt = kind == CaseStatus.Open ? calendar.AddWorkingTime(stepStart, TimeSpan.FromHours(limit)) : null,
                ReworkCount = random.NextDouble() < 0.04 ? 1 : 0,
                IsDemo = true,
            };
            if (kind == CaseStatus.Open)
            {
                var assign = model.FindState(state)!.Assign!;
                var taskUnit = units[state == CaseLoopContract.Handling ? handler : hub];
                tasks.Add(new WorkTask
                {
                    InstanceId = instance.Id,
                    State = state,
                    Name = item.StateName,
                    Role = assign.Role,
                    OrgUnitId = taskUnit.Id,
                    ScopePath = taskUnit.ScopePath,
                    Status = WorkTaskStatus.Open,
                    CreatedAt = stepStart,
                    DueAt = item.StepDueAt,
                });
            }
            instances.Add(instance);
            cases.Add(item);
            staff.AddFacts(facts, item, grid.Id, hub, handler, category, state, reported, filed, dispatched, handled, closedAt, calendar);
            if (cases.Count == Batch || i == total - 1)
            {
                await InsertAsync(instances, cases, tasks, facts, ct);
                made += cases.Count;
                progress?.Report($"案件：{made:N0} / {total:N0}");
                instances.Clear();
                cases.Clear();
                tasks.Clear();
                facts.Clear();
            }
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!db.Database.IsSqlServer())
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
            }
        }
        return new CaseCounts(total, closed, total - closed - refused, watch.ElapsedMilliseconds);
    }

    private async Task RemoveGeneratedAsync(IProgress<string>? progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var generated = db.Cases.Where(c => c.IsDemo).Select(c => c.InstanceId);
        var removed = await db.WorkTasks.Where(t => generated.Contains(t.InstanceId)).ExecuteDeleteAsync(ct);
        await db.CaseFacts.Where(f => f.IsDemo).ExecuteDeleteAsync(ct);
        await db.ProcessSteps.Where(s => generated.Contains(s.InstanceId)).ExecuteDeleteAsync(ct);
        await db.ProcessTimers.Where(s => generated.Contains(s.InstanceId)).ExecuteDeleteAsync(ct);
        var instanceIds = await generated.ToListAsync(ct);
        var cases = await db.Cases.Where(c => c.IsDemo).ExecuteDeleteAsync(ct);
        for (var i = 0; i < instanceIds.Count; i += 2000)
        {
            var chunk = instanceIds.Skip(i).Take(2000).ToList();
            await db.ProcessInstances.Where(p => chunk.Contains(p.Id)).ExecuteDeleteAsync(ct);
        }
        if (cases > 0)
        {
            progress?.Report($"已删除此前生成的 {cases:N0} 件案件（{removed:N0} 条待办）");
        }
    }

    private async Task InsertAsync(List<ProcessInstance> instances, List<Case> cases, List<WorkTask> tasks, List<CaseFact> facts, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.ProcessInstances.AddRange(instances);
        db.Cases.AddRange(cases);
        db.WorkTasks.AddRange(tasks);
        db.CaseFacts.AddRange(facts);
        await db.SaveChangesAsync(ct);
    }
}
