using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Cameras;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Cameras;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cameras;

/// <summary>The camera registry and who sees a camera (issue 19 part 2, docs/decisions/0072-cameras.md), on SQLite and PostgreSQL.</summary>
public class CameraRegistryTests
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";
    private const string Host = "video.panlong.gov.cn";

    private static ClaimsPrincipal User(string id, string role, string scope) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, id), new Claim("name", id), new Claim(ClaimTypes.Role, role), new Claim(DataScope.ScopeClaim, scope),
    ], "test"));

    private static readonly WorkflowActor Keeper = WorkflowActor.From(User("sysadmin", Roles.SystemAdmin, "/530103/"));

    private static TestDatabase Database(DatabaseProvider provider) => TestDatabase.For(provider, services =>
    {
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cameras:AllowedHosts:0"] = Host }).Build());
        services.AddSingleton<AuditLog>();
        services.AddPanlongWorkflows();
        services.AddSingleton<CameraQueries>();
    });

    private static async Task<CameraForm> FormInAsync(TestDatabase database, string region, string code)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var place = await TestPlaces.GridAsync(db, region);
        return new CameraForm(null, code, $"{code} 路口", CameraKind.Security, place.Lat, place.Lng, $"https://{Host}/live/{code}/index.m3u8");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_PositionInAGrid_StoresThatGridAsScopeAndOnlyItsStreetsWatchersSeeIt(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: true);
        var registry = database.Get<CameraRegistry>();
        var queries = database.Get<CameraQueries>();

        var saved = await registry.SaveAsync(await FormInAsync(database, Tuodong, "CAM-T1"), Keeper);
        await registry.SaveAsync(await FormInAsync(database, Gulou, "CAM-G1"), Keeper);

        Assert.True(saved.Ok, string.Join(", ", saved.Errors.Values));
        await using var db = await database.Factory.CreateDbContextAsync();
        var camera = await db.Cameras.Include(c => c.Grid).SingleAsync(c => c.Id == saved.Id);
        Assert.StartsWith(Tuodong, camera.Grid!.Code, StringComparison.Ordinal);
        Assert.Equal(camera.Grid.ScopePath, camera.ScopePath);
        var ownLead = User("lead-tuodong", Roles.ShiftLead, $"/530103/{Tuodong}/");
        var otherLead = User("lead-gulou", Roles.ShiftLead, $"/530103/{Gulou}/");
        var clerk = User("clerk", Roles.WindowClerk, $"/530103/{Tuodong}/");
        Assert.Equal(["CAM-T1"], (await queries.PointsAsync(DataScope.For(ownLead), k => k.ToString())).Select(p => p.Code));
        Assert.NotNull(await queries.LiveAsync(camera.Id, ownLead));
        Assert.Null(await queries.LiveAsync(camera.Id, otherLead));
        Assert.Null(await queries.LiveAsync(camera.Id, clerk));
        var audited = await db.AuditEntries.Where(e => e.Action.StartsWith("Camera.")).Select(e => new { e.Action, e.UserId }).ToListAsync();
        Assert.Equal(2, audited.Count(a => a.Action == AuditActions.CameraCreated));
        Assert.Equal(["lead-tuodong"], audited.Where(a => a.Action == AuditActions.CameraViewed).Select(a => a.UserId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_BadInput_IsRefusedFieldByFieldAndNothingIsStored(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: true);
        var registry = database.Get<CameraRegistry>();
        var good = await FormInAsync(database, Gulou, "CAM-G1");
        var streetKeeper = Keeper with { Scope = new DataScope($"/530103/{Tuodong}/") };
        Assert.True((await registry.SaveAsync(good, Keeper)).Ok);

        var taken = await registry.SaveAsync(good with { Name = "另一个" }, Keeper);
        var outside = await registry.SaveAsync(good with { Code = "CAM-X", Lat = 39.9, Lng = 116.4 }, Keeper);
        var notTheirs = await registry.SaveAsync(good with { Code = "CAM-Y" }, streetKeeper);
        var probing = await registry.SaveAsync(good with { Code = "CAM-Z", StreamUrl = "http://169.254.169.254/latest/index.m3u8" }, Keeper);
        var file = await registry.SaveAsync(good with { Code = "bad code!", StreamUrl = "file:///etc/passwd" }, Keeper);
        var watcher = await registry.SaveAsync(good with { Code = "CAM-W" }, Keeper with { Roles = new HashSet<string> { Roles.ShiftLead } });

        Assert.Equal("Cameras.Code.Taken", taken.Errors["code"]);
        Assert.Equal("Cameras.Position.Outside", outside.Errors["position"]);
        Assert.Equal("Cameras.Position.OutOfScope", notTheirs.Errors["position"]);
        Assert.Equal("Cameras.Url.Host", probing.Errors["streamUrl"]);
        Assert.Equal(("Cameras.Code.Invalid", "Cameras.Url.Scheme"), (file.Errors["code"], file.Errors["streamUrl"]));
        Assert.Equal("Refusal.NotAllowedForRole", watcher.Errors["form"]);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.Cameras.CountAsync());
    }

    [Fact]
    public async Task SetActive_Disabled_LeavesTheMapAndTheLiveViewAndIsAudited()
    {
        await using var database = Database(DatabaseProvider.Sqlite);
        await database.MigratedAsync(seed: true);
        var registry = database.Get<CameraRegistry>();
        var queries = database.Get<CameraQueries>();
        var id = (await registry.SaveAsync(await FormInAsync(database, Tuodong, "CAM-T1"), Keeper)).Id!.Value;
        var lead = User("lead-tuodong", Roles.ShiftLead, $"/530103/{Tuodong}/");
        var otherKeeper = Keeper with { Scope = new DataScope($"/530103/{Gulou}/") };

        Assert.False(await registry.SetActiveAsync(id, false, otherKeeper));
        Assert.True(await registry.SetActiveAsync(id, false, Keeper));

        Assert.Empty(await queries.PointsAsync(DataScope.For(lead), k => k.ToString()));
        Assert.Null(await queries.LiveAsync(id, lead));
        Assert.Single(await queries.ListAsync(Keeper.Scope, activeOnly: false));
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.CameraDisabled));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task WithinAsync_RadiusEdgeScopeAndDisabled_GivesTheScopesActiveCamerasInsideTheRadiusNearestFirst(DatabaseProvider provider)
    {
        await using var database = Database(provider);
        await database.MigratedAsync(seed: true);
        var registry = database.Get<CameraRegistry>();
        var queries = database.Get<CameraQueries>();
        List<(string Code, double Lat, double Lng)> grids;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var units = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && (u.Code.StartsWith(Tuodong) || u.Code.StartsWith(Gulou)))
                .OrderBy(u => u.Code).Select(u => new { u.Code, u.Boundary }).ToListAsync();
            grids = [.. units.Select(u => (u.Code, GeoJsonPolygon.Read(u.Boundary!).Centroid.Y, GeoJsonPolygon.Read(u.Boundary!).Centroid.X))];
        }
        var here = grids.First(g => g.Code.StartsWith(Tuodong, StringComparison.Ordinal));
        var (lat, lng) = (here.Lat, here.Lng);
        int Meters((string Code, double Lat, double Lng) at) => (int)Math.Round(ServiceOrderRules.Meters(lat, lng, at.Lat, at.Lng));
        // Three more of the street's grids, nearest first: the near one, the far one, and one whose camera is disabled.
        List<(string Code, double Lat, double Lng)> tuodong = [here, .. grids.Where(g => g.Code.StartsWith(Tuodong, StringComparison.Ordinal) && g.Code != here.Code)
            .OrderBy(Meters).Take(3)];
        var gulou = grids.First(g => g.Code.StartsWith(Gulou, StringComparison.Ordinal));
        async Task<int> PlaceAsync(string code, (string Code, double Lat, double Lng) at) =>
            (await registry.SaveAsync(new CameraForm(null, code, $"{code} 路口", CameraKind.Security, at.Lat, at.Lng, $"https://{Host}/live/{code}/index.m3u8"), Keeper)).Id!.Value;
        await PlaceAsync("CAM-HERE", tuodong[0]);
        await PlaceAsync("CAM-NEAR", tuodong[1]);
        await PlaceAsync("CAM-FAR", tuodong[2]);
        var disabled = await PlaceAsync("CAM-OFF", tuodong[3]);
        await PlaceAsync("CAM-GULOU", gulou);
        Assert.True(await registry.SetActiveAsync(disabled, false, Keeper));
        var (near, far) = (Meters(tuodong[1]), Meters(tuodong[2]));
        Assert.True(near < far && near > 0, $"the test grids' centres lie {near} m and {far} m from the first");
        var street = new DataScope($"/530103/{Tuodong}/");
        var district = new DataScope("/530103/");

        // The edge: a camera exactly at the radius is in, one metre less leaves it out.
        var atNear = await queries.WithinAsync(lat, lng, near, street);
        var belowNear = await queries.WithinAsync(lat, lng, near - 1, street);
        var all = await queries.WithinAsync(lat, lng, 100_000, street);
        var wholeDistrict = await queries.WithinAsync(lat, lng, 100_000, district);

        Assert.Equal(["CAM-HERE", "CAM-NEAR"], atNear.Select(c => c.Code));
        Assert.Equal((0, near), (atNear[0].DistanceMeters, atNear[1].DistanceMeters));
        Assert.Equal(["CAM-HERE"], belowNear.Select(c => c.Code));
        // The disabled camera never; another street's camera only for a scope that covers it; nearest first.
        Assert.Equal(["CAM-HERE", "CAM-NEAR", "CAM-FAR"], all.Select(c => c.Code));
        Assert.Contains("CAM-GULOU", wholeDistrict.Select(c => c.Code));
        Assert.DoesNotContain("CAM-OFF", wholeDistrict.Select(c => c.Code));
        Assert.Equal(wholeDistrict.OrderBy(c => c.DistanceMeters).Select(c => c.Code), wholeDistrict.Select(c => c.Code));
        Assert.Empty(await queries.WithinAsync(lat, lng, 100_000, new DataScope(null)));
    }
}
