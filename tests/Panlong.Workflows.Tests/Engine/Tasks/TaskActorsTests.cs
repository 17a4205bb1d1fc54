using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Tasks;

namespace Panlong.Workflows.Tests.Engine.Tasks;

/// <summary>
/// The inbox's "unstaffed work waits for the level above" rule (docs/decisions/0037-who-can-act-on-a-task.md) read with the
/// units' staffing fetched once (<see cref="TaskActors.UnstaffedInAsync"/>, issue 17 — ten times the district) finds the same
/// tasks as the rule probing users per task (<see cref="TaskActors.Unstaffed"/>).
/// </summary>
public class TaskActorsTests
{
    private const string Street = "/530103/530103001/";
    private const string Staffed = "/530103/530103001/530103001001/";
    private const string Unstaffed = "/530103/530103001/530103001002/";
    private const string First = "ProbeFirst";
    private const string Second = "ProbeSecond";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task UnstaffedIn_GeneratedStaffingAndTasks_FindsTheSameTasksAsTheUnstaffedRule(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        await engine.PublishAsync(TestDefinitions.Simple);
        var instance = await engine.Runner.StartAsync("t-simple", new WorkflowSubject("test", "probe", "530103001001"), TestEngine.Resident);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        foreach (var role in new[] { First, Second })
        {
            db.Roles.Add(new IdentityRole(role) { NormalizedName = role.ToUpperInvariant() });
        }
        await db.SaveChangesAsync();
        var units = await db.OrgUnits.Where(u => u.Code == "530103001-ZX" || u.Code == "530103001001" || u.Code == "530103001002").ToDictionaryAsync(u => u.Code, u => u.Id);
        var roles = await db.Roles.Where(r => r.Name == First || r.Name == Second).ToDictionaryAsync(r => r.Name!, r => r.Id);
        // The street's command center staffs the street with the first role; the first community has it too; the second
        // community's only holder of the second role is disabled.
        (string Id, string Unit, string Role, bool Disabled)[] staff =
            [("probe-center", "530103001-ZX", First, false), ("probe-station", "530103001001", First, false), ("probe-gone", "530103001002", Second, true)];
        foreach (var (id, unit, role, disabled) in staff)
        {
            db.Users.Add(new PanlongUser { Id = id, UserName = id, NormalizedUserName = id.ToUpperInvariant(), OrgUnitId = units[unit], DisabledAt = disabled ? TestEngine.MondayNine.ToUniversalTime() : null });
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = id, RoleId = roles[role] });
        }
        foreach (var scope in new[] { Street, Staffed, Unstaffed })
        {
            foreach (var (role, assignee) in new (string?, string?)[] { (First, null), (Second, null), (null, null), (null, "probe-station"), (null, "probe-gone"), (null, "nobody-at-all") })
            {
                db.WorkTasks.Add(new WorkTask
                {
                    InstanceId = instance.Id, State = "probe", Name = $"{scope} {role} {assignee}", Role = role, ScopePath = scope, AssigneeUserId = assignee,
                    Status = WorkTaskStatus.Open, CreatedAt = TestEngine.MondayNine.ToUniversalTime(), Version = Guid.NewGuid(),
                });
            }
        }
        await db.SaveChangesAsync();
        List<string> scopes = [Street, Staffed, Unstaffed];

        var probing = await db.WorkTasks.Where(t => t.State == "probe").Where(TaskActors.Unstaffed(db)).Select(t => t.Name).OrderBy(n => n).ToListAsync();
        var fetched = await db.WorkTasks.Where(t => t.State == "probe").Where(await TaskActors.UnstaffedInAsync(db, scopes)).Select(t => t.Name).OrderBy(n => n).ToListAsync();

        Assert.Equal(probing, fetched);
        Assert.Equal(13, fetched.Count);
        Assert.DoesNotContain($"{Street} {First} ", fetched);
        Assert.DoesNotContain($"{Staffed} {First} ", fetched);
        Assert.Contains($"{Unstaffed} {First} ", fetched);
        Assert.Contains($"{Unstaffed} {Second} ", fetched);
        Assert.Contains($"{Street}  ", fetched);
        Assert.DoesNotContain($"{Unstaffed}  probe-station", fetched);
        Assert.Contains($"{Staffed}  probe-gone", fetched);
        Assert.Contains($"{Staffed}  nobody-at-all", fetched);
    }
}
