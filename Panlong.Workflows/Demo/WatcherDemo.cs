using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// 东庄社区's demo 楼栋长 (docs/decisions/0095-building-watchers.md): <c>watcher.dongzhuang</c>, a volunteer approved like any
/// other, appointed by the community's approver through <see cref="VolunteerService.AppointAsync"/> to the community's first
/// residential building. Made once.
/// </summary>
public static class WatcherDemo
{
    public const string UserName = "watcher.dongzhuang";
    private const string Dongzhuang = "530103001001";

    public static async Task SeedAsync(IServiceProvider services, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        var path = $"/530103/{Dongzhuang[..9]}/{Dongzhuang}/";
        var watcher = await DemoVolunteers.SignedUpAsync(services, db, UserName, path, new VolunteerForm([1], "每天早晚", "楼栋长"), now, ct);
        if (watcher is null)
        {
            return;
        }
        var volunteerId = await db.Volunteers.Where(v => v.UserId == watcher.UserId).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);
        var buildingId = await db.Buildings.Where(b => b.IsDemo && b.ScopePath.StartsWith(path) && !db.VolunteerPosts.Any(p => p.BuildingId == b.Id))
            .OrderBy(b => b.Id).Select(b => (long?)b.Id).FirstOrDefaultAsync(ct);
        if (volunteerId is null || buildingId is null)
        {
            return;
        }
        var approver = new WorkflowActor("demo-approver", "姜审批", new HashSet<string> { Roles.Approver }, new DataScope(path));
        await services.GetRequiredService<VolunteerService>().AppointAsync(volunteerId.Value, buildingId.Value, VolunteerPostKind.BuildingHead, approver, ct);
    }
}
