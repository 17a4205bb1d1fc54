using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Organization;

namespace Panlong.Workflows.Demo;

/// <summary>
/// The demo year's rotation, made the way a real one is (docs/decisions/0073-inspector-rotation.md): half a year into the demo
/// year the administrator asks <see cref="RotationService"/> for a plan under the default rules, and a district leader approves
/// it on the engine, both on a simulated clock two weeks before the plan's day. Made once, before the demo cases.
/// </summary>
public static class RotationDemo
{
    public static async Task<int?> SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        var district = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.District).Select(u => u.ScopePath).FirstOrDefaultAsync(ct);
        // Only over the seeder's dated posts: a database seeded before ADR 73 has undated ones, whose past is left alone.
        var posts = db.GridAssignments.Where(a => a.Duty == GridDuty.Inspector);
        if (district is null || await db.RotationPlans.AnyAsync(ct) || !await posts.AnyAsync(ct) || await posts.AnyAsync(a => a.From == null, ct))
        {
            return null;
        }
        var day = ChinaTime.DateOf(DemoStaffSeeder.YearStart(now)).AddMonths(6);
        var simulated = new DemoClock(ChinaTime.StartOf(day).AddDays(-14));
        var runner = ActivatorUtilities.CreateInstance<WorkflowRunner>(services, simulated);
        var rotation = ActivatorUtilities.CreateInstance<RotationService>(services, runner, ActivatorUtilities.CreateInstance<AuditLog>(services, simulated), simulated);
        var scope = new DataScope(district);
        var admin = new WorkflowActor("demo-sysadmin", "系统管理员", new HashSet<string> { Roles.SystemAdmin }, scope);
        var proposed = await rotation.ProposeAsync(admin, day, ct);
        if (!proposed.Ok)
        {
            throw new InvalidOperationException($"The demo rotation was refused: {proposed.Problem}");
        }
        simulated.Now = simulated.Now.AddDays(4);
        var leader = new WorkflowActor("demo-leader", "区领导", new HashSet<string> { Roles.Leader }, scope);
        var approved = await rotation.DecideAsync(proposed.PlanId!.Value, RotationContract.Approve, leader, null, ct);
        return approved.Ok ? proposed.PlanId : throw new InvalidOperationException($"The demo rotation was not approved: {approved.Problem}");
    }
}
