using System.Net;
using System.Text.Json;

namespace Panlong.Portal.Tests.Features.Maps;

/// <summary>The map's service-order and activity layers (issue 18 part 8, docs/decisions/0062-leader-community-figures.md).</summary>
[Collection(nameof(PortalCollection))]
public class CommunityLayersTests(PortalFactory portal)
{
    private static Task<JsonElement> JsonAsync(HttpClient client, string url) => MapTests.JsonAsync(client, url);

    [Fact]
    public async Task OrderLayer_ScopedToTheViewer_CarriesNoPersonAndLinksOnlyForStaff()
    {
        var leader = await JsonAsync(await portal.SignedInAsync("leader"), "/api/map/orders");
        var street = await JsonAsync(await portal.SignedInAsync("leader.tuodong"), "/api/map/orders");
        var gulou = await JsonAsync(await portal.SignedInAsync("dispatcher.gulou"), "/api/map/orders");
        var dispatcher = await JsonAsync(await portal.SignedInAsync("dispatcher.tuodong"), "/api/map/orders");

        // The demo's open orders are in 东庄社区 (拓东街道).
        var points = leader.GetProperty("points").EnumerateArray().ToList();
        Assert.True(points.Count >= 3, $"{points.Count} orders");
        Assert.Equal(points.Count, street.GetProperty("points").GetArrayLength());
        Assert.Equal(0, gulou.GetProperty("points").GetArrayLength());
        // What and when, never who: the fields are exactly these.
        Assert.All(points, p => Assert.Equal(["id", "lat", "lng", "skill", "state", "stateName", "windowEnd", "windowStart"],
            p.EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal)));
        Assert.All(points, p => Assert.Contains(p.GetProperty("state").GetString(), new[] { "Open", "Assigned", "CheckedIn" }));
        Assert.Equal("/community/orders", leader.GetProperty("link").GetString());
        // A dispatcher reads the map but does not work the community's order list.
        Assert.Equal(JsonValueKind.Null, dispatcher.GetProperty("link").ValueKind);
    }

    [Fact]
    public async Task ActivityLayer_ScopedToTheViewer_AndRefusedToResidents()
    {
        var leader = await JsonAsync(await portal.SignedInAsync("leader"), "/api/map/activities");
        var gulou = await JsonAsync(await portal.SignedInAsync("dispatcher.gulou"), "/api/map/activities");
        var resident = await (await portal.SignedInAsync("resident")).GetAsync("/api/map/activities");

        Assert.Equal("/activities/", leader.GetProperty("link").GetString());
        Assert.All(gulou.GetProperty("points").EnumerateArray(), p => Assert.Fail($"activity {p.GetProperty("id")} outside 鼓楼街道's scope"));
        Assert.All(leader.GetProperty("points").EnumerateArray(), p => Assert.Equal(["atVenue", "endsAt", "id", "kind", "lat", "lng", "startsAt", "title"],
            p.EnumerateObject().Select(f => f.Name).Order(StringComparer.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, resident.StatusCode);
    }
}
