using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Panlong.Data;
using Panlong.Data.Cameras;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// A few demo cameras in 拓东 and 鼓楼 (docs/decisions/0072-cameras.md), entered by the demo system administrator through
/// <see cref="CameraRegistry"/> like any camera, each at its grid's centre. Their streams name the demo host
/// <c>video.demo.panlong.local</c> (on the Development allow-list): they do not play without a stream server there.
/// Idempotent: nothing is made when a camera exists; nothing either when the demo host is not allowed.
/// </summary>
public static class CameraDemo
{
    public const string DemoHost = "video.demo.panlong.local";

    private static readonly (string Street, CameraKind Kind, string Name)[] Plan =
    [
        ("530103001", CameraKind.Security, "路口治安监控"), ("530103001", CameraKind.Traffic, "交通卡口"), ("530103001", CameraKind.CityManagement, "市容巡查点"),
        ("530103001", CameraKind.FireLane, "消防通道"), ("530103002", CameraKind.Security, "路口治安监控"), ("530103002", CameraKind.Traffic, "交通卡口"),
    ];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync(ct);
        if (await db.Cameras.AnyAsync(ct) || !services.GetRequiredService<CameraSettings>().AllowedHosts.Contains(DemoHost))
        {
            return;
        }
        var admin = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.IsDemo && u.UserName == "sysadmin", ct);
        var district = await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == DistrictPlan.DistrictCode, ct);
        if (admin is null || district is null)
        {
            return;
        }
        var actor = new WorkflowActor(admin.Id, admin.DisplayName, new HashSet<string> { Roles.SystemAdmin }, new DataScope(district.ScopePath));
        var registry = services.GetRequiredService<CameraRegistry>();
        var log = services.GetRequiredService<ILogger<CameraRegistry>>();
        foreach (var street in Plan.GroupBy(p => p.Street))
        {
            // Every other grid of the street, so the cameras spread over it.
            var grids = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && u.Code.StartsWith(street.Key) && u.CenterLat != null)
                .OrderBy(u => u.Code).Select(u => new { u.Code, u.Name, u.CenterLat, u.CenterLng }).ToListAsync(ct);
            foreach (var (camera, i) in street.Select((c, i) => (c, i)).Where(x => x.i * 2 < grids.Count))
            {
                var grid = grids[i * 2];
                var code = $"CAM-{grid.Code[6..]}-{i + 1}";
                var saved = await registry.SaveAsync(new CameraForm(null, code, $"{grid.Name}{camera.Name}", camera.Kind, grid.CenterLat, grid.CenterLng,
                    $"https://{DemoHost}/live/{code}/index.m3u8"), actor, ct);
                if (!saved.Ok)
                {
                    log.LogWarning("Demo camera {Code} not made: {Errors}", code, string.Join(", ", saved.Errors.Values));
                }
            }
        }
    }
}
