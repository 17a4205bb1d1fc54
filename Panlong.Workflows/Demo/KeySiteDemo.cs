using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.KeySites;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.KeySites;

namespace Panlong.Workflows.Demo;

/// <summary>
/// Three demo key sites of 东庄社区 (docs/decisions/0088-key-sites.md), registered by 拓东's shift lead through
/// <see cref="KeySiteService"/> like any site, at the centres of the community's first grids, with <c>guard.tuodong</c> on
/// each roster 08:00–09:00 and 20:00–21:00. Idempotent: nothing is made when a site exists.
/// </summary>
public static class KeySiteDemo
{
    public const string Guard = "guard.tuodong";
    private const string Tuodong = "530103001";

    private static readonly (KeySiteKind Kind, string Name, string Unit)[] Plan =
    [
        (KeySiteKind.School, "东庄小学", "东庄小学保卫处"), (KeySiteKind.GasStation, "东庄加油站", "中石化东庄加油站"), (KeySiteKind.Market, "东庄农贸市场", "东庄市场管理处"),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.KeySites.AnyAsync(ct))
        {
            return;
        }
        var keeper = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.IsDemo && u.UserName == "center.tuodong", ct);
        var street = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == Tuodong, ct);
        if (keeper is null || street is null)
        {
            return;
        }
        var actor = new WorkflowActor(keeper.Id, keeper.DisplayName, new HashSet<string> { Roles.ShiftLead }, new DataScope(street.ScopePath));
        var sites = services.GetRequiredService<KeySiteService>();
        var log = services.GetRequiredService<ILogger<KeySiteService>>();
        var grids = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(street.Code + "001") && u.CenterLat != null)
            .OrderBy(u => u.Code).Take(Plan.Length).Select(u => new { u.CenterLat, u.CenterLng }).ToListAsync(ct);
        foreach (var (site, grid) in Plan.Zip(grids))
        {
            var saved = await sites.SaveAsync(new KeySiteForm(null, site.Name, site.Kind, grid.CenterLat, grid.CenterLng, null, site.Unit, null), actor, ct);
            if (!saved.Ok)
            {
                log.LogWarning("Demo key site {Name} not made: {Errors}", site.Name, string.Join(", ", saved.Errors.Values));
                continue;
            }
            await sites.AddDutyAsync((int)saved.Id!.Value, Guard, 8 * 60, 9 * 60, actor, ct);
            await sites.AddDutyAsync((int)saved.Id!.Value, Guard, 20 * 60, 21 * 60, actor, ct);
        }
    }
}
