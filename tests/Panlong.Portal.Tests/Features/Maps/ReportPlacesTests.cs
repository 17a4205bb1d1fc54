using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Maps;

/// <summary>
/// Issue 16, defect 2: a grid worker of 东庄社区 filed a case 37 km away with no warning, and could find no address on the map.
/// The report map's address search (the registry's own buildings and houses) and its position check, over HTTP.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ReportPlacesTests(PortalFactory portal)
{
    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    /// <summary>A building at 小坝路 N号 in 东庄社区's first grid, with one house: the issue's own example address.</summary>
    private static async Task<(Building Building, House House)> XiaobaRoadAsync(PanlongDbContext db)
    {
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var number = Random.Shared.Next(1000, 9999);
        var building = new Building
        {
            Name = $"小坝路{number}号楼", Address = $"小坝路{number}号", Floors = 6, Use = BuildingUse.Residential, Lat = grid.Lat, Lng = grid.Lng,
            GridId = grid.Id, ScopePath = (await db.OrgUnits.SingleAsync(u => u.Id == grid.Id)).ScopePath, UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.Buildings.Add(building);
        await db.SaveChangesAsync();
        var house = new House { BuildingId = building.Id, Unit = "2单元", Room = "301", Area = 80, GridId = grid.Id, ScopePath = building.ScopePath, UpdatedAt = DateTimeOffset.UtcNow };
        db.Houses.Add(house);
        await db.SaveChangesAsync();
        return (building, house);
    }

    [Fact]
    public async Task Places_TheIssuesAddress_FindsTheRegistryBuildingAndItsHouse_InTheCallersScopeOnly()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var (building, house) = await XiaobaRoadAsync(db);
        var gridworker = await portal.SignedInAsync("gridworker");
        var number = building.Address[3..^1];

        var spaced = await JsonAsync(gridworker, $"/api/map/places?q={Uri.EscapeDataString($"东庄社区 小坝路 {number}号")}");
        var joined = await JsonAsync(gridworker, $"/api/map/places?q={Uri.EscapeDataString($"东庄社区小坝路{number}号")}");
        var room = await JsonAsync(gridworker, $"/api/map/places?q={Uri.EscapeDataString($"小坝路{number}号 2单元 301室")}");
        var gulou = await JsonAsync(await portal.SignedInAsync("clerk.gulou"), $"/api/map/places?q=小坝路{number}号");
        var anonymous = await portal.Anonymous().GetAsync("/api/map/places?q=小坝路");
        var sysadmin = await (await portal.SignedInAsync("sysadmin")).GetAsync("/api/map/places?q=小坝路");

        foreach (var hits in new[] { spaced, joined })
        {
            var hit = Assert.Single(hits.EnumerateArray());
            Assert.Equal(building.Id, hit.GetProperty("buildingId").GetInt64());
            Assert.Equal(building.Lat, hit.GetProperty("lat").GetDouble());
            Assert.Equal(building.Lng, hit.GetProperty("lng").GetDouble());
            Assert.Equal("东庄社区", hit.GetProperty("communityName").GetString());
        }
        var houseHit = Assert.Single(room.EnumerateArray());
        Assert.Equal(house.Id, houseHit.GetProperty("houseId").GetInt64());
        Assert.Equal($"小坝路{number}号 2单元301室", houseHit.GetProperty("address").GetString());
        Assert.Equal(0, gulou.GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sysadmin.StatusCode);
    }

    [Fact]
    public async Task PositionCheck_ForAGridWorkerOfDongzhuang_WarnsAboutAnotherStreet_RefusesOutside_AndComparesTheBuildingsGrid()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var (building, _) = await XiaobaRoadAsync(db);
        // The district's last grid: kilometres away from 拓东's 东庄社区, as in the issue.
        var otherStreet = await TestPlaces.GridAsync(db, await db.OrgUnits.Where(u => u.Kind == Panlong.Data.Organization.OrgUnitKind.Grid && u.IsActive && u.Boundary != null)
            .OrderByDescending(u => u.Code).Select(u => u.Code).FirstAsync());
        var ownCommunity = await TestPlaces.GridAsync(db, "530103001001");
        var otherDongzhuangGrid = await db.OrgUnits.Where(u => u.Kind == Panlong.Data.Organization.OrgUnitKind.Grid && u.Code.StartsWith("530103001001") && u.Id != ownCommunity.Id)
            .OrderBy(u => u.Code).Select(u => u.Code).FirstAsync();
        var neighbour = await TestPlaces.GridAsync(db, otherDongzhuangGrid);
        var gridworker = await portal.SignedInAsync("gridworker");
        string Url(TestPlaces.GridPlace p, long? id = null) =>
            FormattableString.Invariant($"/api/map/position-check?lat={p.Lat}&lng={p.Lng}") + (id is null ? "" : $"&buildingId={id}");

        var far = await JsonAsync(gridworker, Url(otherStreet));
        var own = await JsonAsync(gridworker, Url(ownCommunity, building.Id));
        var otherGrid = await JsonAsync(gridworker, Url(neighbour, building.Id));
        var outside = await JsonAsync(gridworker, "/api/map/position-check?lat=39.9&lng=116.4");
        var district = await JsonAsync(await portal.SignedInAsync("inspector"), Url(otherStreet));
        var invalid = await gridworker.GetAsync("/api/map/position-check?lat=95&lng=102");

        Assert.True(far.GetProperty("inside").GetBoolean());
        Assert.True(far.GetProperty("farFromOwnArea").GetBoolean());
        Assert.True(far.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal("东庄社区", far.GetProperty("ownAreaName").GetString());
        Assert.True(far.GetProperty("kmFromOwnArea").GetDouble() > 1);
        Assert.Equal(otherStreet.Code, far.GetProperty("gridCode").GetString());
        Assert.False(own.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal(ownCommunity.Code, own.GetProperty("gridCode").GetString());
        Assert.False(otherGrid.GetProperty("farFromOwnArea").GetBoolean());
        Assert.True(otherGrid.GetProperty("otherGridThanBuilding").GetBoolean());
        Assert.False(outside.GetProperty("inside").GetBoolean());
        // A district inspector's own area is the whole district: nowhere in it is far.
        Assert.False(district.GetProperty("needsConfirmation").GetBoolean());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    [Fact]
    public async Task OwnArea_OfTheGridWorker_IsTheirCommunity_AndTheDistrictHasNone()
    {
        var places = portal.Services.GetRequiredService<Panlong.Portal.Features.Maps.ReportPlaces>();

        var gridworker = await places.OwnAreaAsync(await portal.PrincipalAsync("gridworker"));
        var inspector = await places.OwnAreaAsync(await portal.PrincipalAsync("inspector"));

        Assert.Equal(("530103001001", "东庄社区", "Community"), (gridworker!.Code, gridworker.Name, gridworker.Kind));
        Assert.True(gridworker.West < gridworker.East && gridworker.South < gridworker.North);
        Assert.Null(inspector);
    }

    [Fact]
    public async Task Outline_NamesCommunitiesAndGrids_ForAnySignedInReporter_AndLeafletsLayersIconIsServed()
    {
        var volunteer = await portal.SignedInAsync("volunteer");

        var grids = await JsonAsync(volunteer, "/api/map/outline?kind=grid");
        var communities = await JsonAsync(volunteer, "/api/map/outline?kind=community");
        var bad = await volunteer.GetAsync("/api/map/outline?kind=planet");
        var icon = await portal.Anonymous().GetAsync("/lib/leaflet/images/layers.png");

        Assert.Equal(610, grids.GetProperty("features").GetArrayLength());
        Assert.Contains(communities.GetProperty("features").EnumerateArray(), f => f.GetProperty("properties").GetProperty("name").GetString() == "东庄社区");
        Assert.False(grids.GetProperty("features")[0].GetProperty("properties").TryGetProperty("people", out _));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/png", icon.Content.Headers.ContentType?.MediaType);
    }
}
