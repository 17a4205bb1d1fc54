using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// Issue 23 through the API: racers are told "changed" (412), a step another level owns is "not allowed" (403), a higher
/// level takes over explicitly, and list and detail speak one vocabulary (names, never numbers).
/// </summary>
[Collection(nameof(PortalCollection))]
public class CaseApiHandoverTests(PortalFactory portal)
{
    private async Task<string> ReportStreetCaseAsync()
    {
        int category;
        TestPlaces.GridPlace grid;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            grid = await TestPlaces.GridAsync(db, "530103001001");
            category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        }
        var form = new MultipartFormDataContent
        {
            { new StringContent(category.ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("路口占道摆摊卖水果"), "description" },
            { new StringContent(grid.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(grid.Lng.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lng" },
            { new StringContent(Guid.NewGuid().ToString("N")), "clientKey" },
        };
        var created = await (await portal.SignedInAsync("supervisor")).PostAsync("/api/cases", form);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
    }

    private static async Task<(JsonElement Detail, EntityTagHeaderValue Seen)> DetailAsync(HttpClient client, string number)
    {
        var response = await client.GetAsync($"/api/cases/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, response.Headers.ETag!);
    }

    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string number, string trigger, EntityTagHeaderValue seen, params (string Key, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (key, value) in fields)
        {
            form.Add(new StringContent(value), key);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{number}/actions/{trigger}") { Content = form };
        request.Headers.IfMatch.Add(seen);
        return await client.SendAsync(request);
    }

    private static async Task ActOnCurrentAsync(HttpClient client, string number, string trigger, params (string Key, string Value)[] fields)
    {
        var response = await ActAsync(client, number, trigger, (await DetailAsync(client, number)).Seen, fields);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{trigger}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();

    [Fact]
    public async Task TenClients_OnTheSameVersion_OneFilesAndNineGet412Stale()
    {
        var number = await ReportStreetCaseAsync();
        var lead = await portal.SignedInAsync("center.tuodong");
        await ActOnCurrentAsync(lead, number, "Accept");
        var clients = new List<HttpClient>();
        for (var i = 0; i < 10; i++)
        {
            clients.Add(await portal.SignedInAsync("center.tuodong"));
        }
        var seen = (await DetailAsync(clients[0], number)).Seen;

        var responses = await Task.WhenAll(clients.Select(c => ActAsync(c, number, "File", seen)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var losers = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
        Assert.All(losers, r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.StatusCode));
        foreach (var loser in losers)
        {
            Assert.Equal("stale", await CodeAsync(loser));
        }
    }

    [Fact]
    public async Task DistrictDispatcher_OnAStreetsStep_IsForbidden_AndTakesOverExplicitly()
    {
        var number = await ReportStreetCaseAsync();
        var center = await portal.SignedInAsync("center.tuodong");
        await ActOnCurrentAsync(center, number, "Accept");
        await ActOnCurrentAsync(center, number, "File");

        var district = await portal.SignedInAsync("dispatcher");
        var (detail, seen) = await DetailAsync(district, number);
        Assert.Equal(["TakeOver", "Urge"], detail.GetProperty("actions").EnumerateArray().Select(a => a.GetString()).Order());
        var dispatch = await ActAsync(district, number, "Dispatch", seen, ("handlingUnit", "530103-BM01"));
        Assert.Equal(HttpStatusCode.Forbidden, dispatch.StatusCode);
        Assert.Equal("forbidden", await CodeAsync(dispatch));
        // The street's own dispatcher has the step, and no oversight buttons.
        var street = await DetailAsync(await portal.SignedInAsync("dispatcher.tuodong"), number);
        Assert.Contains("Dispatch", street.Detail.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));
        Assert.DoesNotContain("TakeOver", street.Detail.GetProperty("actions").EnumerateArray().Select(a => a.GetString()));

        var taken = await ActAsync(district, number, "TakeOver", seen, ("comment", "跨街道占道，区里统一处理"));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var after = (await DetailAsync(district, number)).Detail;
        Assert.Equal(("District", "Dispatching"), (after.GetProperty("level").GetString(), after.GetProperty("state").GetString()));
        var row = after.GetProperty("steps").EnumerateArray().Last();
        Assert.Equal(("Transition", "TakeOver", "上收", "跨街道占道，区里统一处理"),
            (row.GetProperty("kind").GetString(), row.GetProperty("trigger").GetString(), row.GetProperty("triggerName").GetString(), row.GetProperty("comment").GetString()));
        await ActOnCurrentAsync(district, number, "Dispatch", ("handlingUnit", "530103-BM01"));
    }

    [Fact]
    public async Task ListAndDetail_NameLightsAndLevels_AndPauseRowsHaveATrigger()
    {
        var number = await ReportStreetCaseAsync();
        var center = await portal.SignedInAsync("center.tuodong");
        await ActOnCurrentAsync(center, number, "Accept");
        await ActOnCurrentAsync(center, number, "File");
        await ActOnCurrentAsync(await portal.SignedInAsync("dispatcher.tuodong"), number, "Dispatch", ("handlingUnit", "530103001"));
        await ActOnCurrentAsync(await portal.SignedInAsync("team.tuodong"), number, "RequestShelve", ("comment", "需纳入年度计划"));
        await ActOnCurrentAsync(center, number, "ApproveShelve");

        var list = JsonDocument.Parse(await center.GetStringAsync($"/api/cases?kind=Area&text={number}")).RootElement;
        var listed = list.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("number").GetString() == number);
        Assert.Equal(("Street", "Open"), (listed.GetProperty("level").GetString(), listed.GetProperty("status").GetString()));
        var (detail, _) = await DetailAsync(center, number);
        Assert.Equal(("Street", "Open"), (detail.GetProperty("level").GetString(), detail.GetProperty("status").GetString()));
        // Lights: the same names (or null when the step has no deadline) in both.
        Assert.Equal(listed.GetProperty("light").ValueKind, detail.GetProperty("light").ValueKind);
        Assert.NotEqual(JsonValueKind.Number, listed.GetProperty("light").ValueKind);

        var steps = detail.GetProperty("steps").EnumerateArray().ToList();
        Assert.All(steps, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("trigger").GetString())));
        var paused = steps.Single(s => s.GetProperty("kind").GetString() == "Paused");
        Assert.Equal(("Paused", "暂停计时"), (paused.GetProperty("trigger").GetString(), paused.GetProperty("triggerName").GetString()));

        // A step with a deadline shows its light by name in the list and the detail alike.
        var fresh = await ReportStreetCaseAsync();
        var row = JsonDocument.Parse(await center.GetStringAsync($"/api/cases?kind=Area&text={fresh}")).RootElement.GetProperty("rows").EnumerateArray().Single();
        Assert.True(row.GetProperty("light").ValueKind == JsonValueKind.String, row.ToString());
        Assert.Equal(row.GetProperty("light").GetString(), (await DetailAsync(center, fresh)).Detail.GetProperty("light").GetString());
    }
}
