using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;
using Panlong.Workflows.SpotChecks;

namespace Panlong.Workflows.Demo;

/// <summary>
/// The demo's spot checks (docs/decisions/0079-spot-checks-as-a-user-sees-them.md), made the way the 督察员 makes them: the demo
/// account <c>spotcheck</c> draws a plan through <see cref="SpotCheckService"/> on a simulated clock a month back (its seed stored
/// and audited), then on each drawn day that has passed walks the check — one in three finds a problem the area's inspector had
/// reported that morning through <see cref="CaseService"/> (已报), one in three finds one they had not (漏报: a district case and
/// the inspector's miss), one in three finds nothing. The draws from today on stay open on the phone. Made once, after the cases.
/// </summary>
public static class SpotCheckDemo
{
    public const string PlanName = "演示：近期督察抽查";

    /// <summary>The demo's streets (its cameras and rotation are there too): 拓东 and 鼓楼.</summary>
    private static readonly string[] Streets = ["530103001", "530103002"];

    private const int Checks = 12;
    private const int PastDays = 30;
    private const int AheadDays = 13;
    private const int Categories = 6;

    public static async Task<int?> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        var checker = await db.Users.AsNoTracking().Where(u => u.IsDemo && u.UserName == "spotcheck").Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct);
        var district = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.District).Select(u => u.ScopePath).FirstOrDefaultAsync(ct);
        if (checker is null || district is null || await db.SpotCheckPlans.AnyAsync(ct))
        {
            return null;
        }
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.IsActive).OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => c.Id).Take(Categories).ToListAsync(ct);
        var today = ChinaTime.DateOf(now);
        var simulated = new DemoClock(ChinaTime.StartOf(today.AddDays(-PastDays)).AddHours(9));
        var runner = ActivatorUtilities.CreateInstance<WorkflowRunner>(services, simulated);
        var audit = ActivatorUtilities.CreateInstance<AuditLog>(services, simulated);
        var cases = ActivatorUtilities.CreateInstance<CaseService>(services, runner, audit, new NoChangeSignal(), simulated);
        var spotChecks = ActivatorUtilities.CreateInstance<SpotCheckService>(services, cases, audit, simulated);
        var actor = new WorkflowActor(checker.Id, checker.DisplayName, new HashSet<string> { Roles.SpotChecker }, new DataScope(district));
        var planned = await spotChecks.PlanAsync(new SpotCheckPlanRequest(PlanName, today.AddDays(-PastDays), today.AddDays(AheadDays), Checks, Streets, categories), actor, ct);
        if (planned.PlanId is not { } planId)
        {
            throw new InvalidOperationException($"The demo spot-check plan was refused: {string.Join(", ", planned.Errors.Values)}");
        }
        var tasks = await db.SpotCheckTasks.AsNoTracking().Where(t => t.PlanId == planId && t.Day < today).OrderBy(t => t.Day).ThenBy(t => t.Draw)
            .Join(db.OrgUnits, t => t.GridId, u => u.Id, (t, u) => new { t.Id, t.Draw, t.Day, t.GridId, t.CategoryId, u.CenterLat, u.CenterLng })
            .ToListAsync(ct);
        var inspectors = services.GetRequiredService<InspectorAssignments>();
        var log = services.GetRequiredService<ILogger<SpotCheckService>>();
        foreach (var task in tasks)
        {
            simulated.Now = ChinaTime.StartOf(task.Day).AddHours(10).AddMinutes(task.Draw);
            if (task.Draw % 3 != 2 && task.CenterLat is { } lat && task.CenterLng is { } lng)
            {
                if (task.Draw % 3 == 0 && await inspectors.OnDayAsync(task.GridId, task.Day, ct) is { } inspector)
                {
                    // That morning the area's inspector reported the problem himself, as the demo's field staff act (DemoStaff).
                    simulated.Now = simulated.Now.AddHours(-2);
                    var own = new WorkflowActor(inspector.PersonKey, inspector.Name, new HashSet<string> { Roles.Inspector }, new DataScope(district));
                    await cases.ReportAsync(new CaseReport(task.CategoryId, "巡查发现问题，现场拍照上报", lat, lng, null, null), own, ct);
                    simulated.Now = simulated.Now.AddHours(2);
                }
                var found = await spotChecks.FindAsync(task.Id, new SpotCheckFindingInput("督察抽查发现问题，现场核实记录", lat, lng), actor, ct);
                if (!found.Ok)
                {
                    log.LogWarning("Demo spot check {Task}: finding not recorded ({Errors})", task.Id, string.Join(", ", found.Errors.Values));
                }
            }
            simulated.Now = simulated.Now.AddMinutes(40);
            await spotChecks.CompleteAsync(task.Id, actor, ct);
        }
        return planId;
    }
}
