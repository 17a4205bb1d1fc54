using System.Net;
using System.Text.Json;

namespace Panlong.Portal.Tests.Features.Maps;

[Collection(nameof(PortalCollection))]
public class MapTests(PortalFactory portal)
{
    internal static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task GridPolygons_AreTheViewersOwn_WithTheirPopulation()
    {
        var street = await JsonAsync(await portal.SignedInAsync("dispatcher.tuodong"), "/api/map/regions/grid");
        var district = await JsonAsync(await portal.SignedInAsync("leader"), "/api/map/regions/grid");

        var features = street.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(66, features.Count);
        Assert.All(features, f => Assert.StartsWith("530103001", f.GetProperty("properties").GetProperty("code").GetString(), StringComparison.Ordinal));
        Assert.Equal("Polygon", features[0].GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(610, district.GetProperty("features").GetArrayLength());
        // The quick start's sample lives in 东庄社区: its grids carry people, others none.
        Assert.True(features.Where(f => f.GetProperty("properties").GetProperty("code").GetString()!.StartsWith("530103001001", StringComparison.Ordinal))
            .Sum(f => f.GetProperty("properties").GetProperty("people").GetInt32()) >= Panlong.Workflows.Demo.RegistryScale.Sample.People);
    }

    [Fact]
    public async Task Buildings_AreScoped_AndBadRequestsSayWhy()
    {
        var tuodong = await JsonAsync(await portal.SignedInAsync("dispatcher.tuodong"), "/api/map/buildings");
        var gulou = await JsonAsync(await portal.SignedInAsync("dispatcher.gulou"), "/api/map/buildings");
        var badKind = await (await portal.SignedInAsync("leader")).GetAsync("/api/map/regions/planet");
        var resident = await (await portal.SignedInAsync("resident")).GetAsync("/api/map/buildings");
        var anonymous = await portal.Anonymous().GetAsync("/api/map/buildings");

        Assert.True(tuodong.GetArrayLength() >= Panlong.Workflows.Demo.RegistryScale.Sample.Buildings);
        Assert.Equal(0, gulou.GetArrayLength());
        Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        var problem = JsonDocument.Parse(await badKind.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid", problem.GetProperty("code").GetString());
        Assert.Equal("区域类型应为 street、community 或 grid。", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, resident.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task GridPage_ShowsStaffFiguresAndBuildings_InScopeOnly()
    {
        var inside = WebUtility.HtmlDecode(await (await portal.SignedInAsync("supervisor")).GetStringAsync("/grids/530103001001001"));
        var outside = await (await portal.SignedInAsync("dispatcher.gulou")).GetStringAsync("/grids/530103001001001");

        Assert.Contains("东庄社区第1网格", inside, StringComparison.Ordinal);
        Assert.Contains("社区网格员", inside, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"grid-buildings\"", inside, StringComparison.Ordinal);
        Assert.Contains("号楼", inside, StringComparison.Ordinal);
        Assert.Contains("grid-not-found", outside, StringComparison.Ordinal);
    }
}
