using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>The case API as the phone client uses it: validation in the user's language, resubmission, scope, notifications.</summary>
[Collection(nameof(PortalCollection))]
public class CaseApiTests(PortalFactory portal)
{
    private async Task<(double Lat, double Lng, int Category)> PlaceAsync(string gridPrefix = "530103001001")
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, gridPrefix);
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        return (grid.Lat, grid.Lng, category);
    }

    private static MultipartFormDataContent Form(int? category, double? lat, double? lng, string? clientKey = null, params (string Field, string Name, byte[] Bytes)[] files)
    {
        var form = new MultipartFormDataContent();
        if (category is { } c)
        {
            form.Add(new StringContent(c.ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId");
        }
        form.Add(new StringContent("路口占道摆摊卖水果"), "description");
        if (lat is { } la && lng is { } ln)
        {
            form.Add(new StringContent(la.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lat");
            form.Add(new StringContent(ln.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lng");
        }
        if (clientKey is not null)
        {
            form.Add(new StringContent(clientKey), "clientKey");
        }
        foreach (var (field, name, bytes) in files)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(content, field, name);
        }
        return form;
    }

    private static MultipartFormDataContent Comment(string? text) => new() { { new StringContent(text ?? ""), "comment" } };

    /// <summary>An action as the phone client sends it: If-Match carries the ETag of the case as the client last saw it.</summary>
    private static async Task<HttpResponseMessage> ActAsync(HttpClient client, string number, string trigger, EntityTagHeaderValue? seen, string? comment = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{number}/actions/{trigger}") { Content = Comment(comment) };
        if (seen is not null)
        {
            request.Headers.IfMatch.Add(seen);
        }
        return await client.SendAsync(request);
    }

    private static async Task<EntityTagHeaderValue> SeenAsync(HttpClient client, string number)
    {
        var response = await client.GetAsync($"/api/cases/{number}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!;
    }

    private static async Task<(string? Code, string? Title)> ProblemAsync(HttpResponseMessage response)
    {
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (problem.GetProperty("code").GetString(), problem.GetProperty("title").GetString());
    }

    private static async Task<JsonElement> ErrorsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
    }

    [Fact]
    public async Task BadReports_AreRefusedInChineseFieldByField_AndNothingIsCreated()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await portal.SignedInAsync("inspector");

        var empty = await ErrorsAsync(await inspector.PostAsync("/api/cases", Form(null, null, null)));
        Assert.Contains("请选择案件类别", empty.GetProperty("category")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("请在地图上点选", empty.GetProperty("position")[0].GetString(), StringComparison.Ordinal);

        var outside = await ErrorsAsync(await inspector.PostAsync("/api/cases", Form(category, 39.9042, 116.4074)));
        Assert.Contains("不在盘龙区范围内", outside.GetProperty("position")[0].GetString(), StringComparison.Ordinal);

        var text = await ErrorsAsync(await inspector.PostAsync("/api/cases", Form(category, lat, lng, null, ("photos", "scene.jpg", "not a photo at all"u8.ToArray()))));
        Assert.Contains("不是可识别的照片", text.GetProperty("photos")[0].GetString(), StringComparison.Ordinal);

        var big = new byte[3 * 1024 * 1024];
        TestImages.Png().CopyTo(big, 0);
        var oversized = await ErrorsAsync(await inspector.PostAsync("/api/cases", Form(category, lat, lng, null, ("photos", "big.png", big))));
        Assert.Contains("超过 2 MB", oversized.GetProperty("photos")[0].GetString(), StringComparison.Ordinal);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Cases.AnyAsync(c => c.Description == "路口占道摆摊卖水果" && c.ReporterName == "赵巡查" && c.Photos.Any(p => p.FileName == "big.png")));
    }

    [Fact]
    public async Task DoubleSubmit_MakesOneCase_WithItsPhotoAndThumbnail()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await portal.SignedInAsync("inspector");
        var key = Guid.NewGuid().ToString("N");
        var first = await inspector.PostAsync("/api/cases", Form(category, lat, lng, key, ("photos", "scene.png", TestImages.Png())));
        var second = await inspector.PostAsync("/api/cases", Form(category, lat, lng, key, ("photos", "scene.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var number = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        Assert.Equal(number, JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString());

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var item = await db.Cases.Include(c => c.Photos).SingleAsync(c => c.ClientKey == key);
        var photo = Assert.Single(item.Photos);
        Assert.Equal(("image/png", PhotoStage.Before), (photo.ContentType, photo.Stage));
        var thumb = await inspector.GetAsync($"/api/cases/{number}/photos/{photo.Id}?thumb=true");
        Assert.Equal(HttpStatusCode.OK, thumb.StatusCode);
        Assert.Equal("image/jpeg", thumb.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnotherStreetsDispatcher_ThroughTheApi_CanNeitherSeeNorActOnTheCase()
    {
        var (lat, lng, category) = await PlaceAsync();
        var supervisor = await portal.SignedInAsync("supervisor");
        var created = await supervisor.PostAsync("/api/cases", Form(category, lat, lng, Guid.NewGuid().ToString("N")));
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();

        var gulou = await portal.SignedInAsync("dispatcher.gulou");
        Assert.Equal(HttpStatusCode.NotFound, (await gulou.GetAsync($"/api/cases/{number}")).StatusCode);
        Assert.DoesNotContain(number!, await gulou.GetStringAsync("/api/cases?kind=Area&pageSize=100"), StringComparison.Ordinal);

        var tuodong = await portal.SignedInAsync("center.tuodong");
        var response = await tuodong.GetAsync($"/api/cases/{number}");
        var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(("Accepting", "Street"), (detail.GetProperty("state").GetString(), detail.GetProperty("level").GetString()));
        var accepted = await ActAsync(tuodong, number!, "Accept", response.Headers.ETag);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        var act = await ActAsync(gulou, number!, "Accept", accepted.Headers.ETag, "受理");
        Assert.True(act.StatusCode == HttpStatusCode.NotFound, await act.Content.ReadAsStringAsync());
        Assert.Equal("not-found", (await ProblemAsync(act)).Code);
        // A refusal says why, in Chinese: filing is the shift lead's, and the comment of 不予立案 is required.
        var decline = await ActAsync(tuodong, number!, "Decline", accepted.Headers.ETag);
        Assert.Equal(HttpStatusCode.Conflict, decline.StatusCode);
        Assert.Equal("refused", (await ProblemAsync(decline)).Code);
        Assert.Contains("请填写意见", (await ProblemAsync(decline)).Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Action_WithoutOrWithAStaleVersion_IsRefusedInChinese()
    {
        var (lat, lng, category) = await PlaceAsync();
        var created = await (await portal.SignedInAsync("supervisor")).PostAsync("/api/cases", Form(category, lat, lng, Guid.NewGuid().ToString("N")));
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;
        // Two people of the Tuodong sub-center open the same case.
        var lead = await portal.SignedInAsync("center.tuodong");
        var dispatcher = await portal.SignedInAsync("dispatcher.tuodong");
        var leadSaw = await SeenAsync(lead, number);
        var dispatcherSaw = await SeenAsync(dispatcher, number);
        Assert.Equal(leadSaw, dispatcherSaw);

        var unversioned = await ActAsync(lead, number, "Accept", null);
        Assert.Equal(HttpStatusCode.PreconditionRequired, unversioned.StatusCode);
        Assert.Equal("version-required", (await ProblemAsync(unversioned)).Code);

        var accepted = await ActAsync(lead, number, "Accept", leadSaw);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var filed = await ActAsync(lead, number, "File", accepted.Headers.ETag);
        Assert.Equal(HttpStatusCode.OK, filed.StatusCode);
        Assert.Equal(filed.Headers.ETag, await SeenAsync(lead, number));

        // The dispatcher acts on the page as it was before the lead's two steps: refused, nothing changes.
        var stale = await ActAsync(dispatcher, number, "RequestVoid", dispatcherSaw, "重复上报");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(("stale", "该事项已被他人处理，请刷新后重试。"), await ProblemAsync(stale));
        var unreadable = await ActAsync(dispatcher, number, "RequestVoid", new EntityTagHeaderValue("\"not-a-version\""), "重复上报");
        Assert.Equal(HttpStatusCode.PreconditionFailed, unreadable.StatusCode);

        // On the current version, the wrong role is forbidden rather than in conflict.
        var wrongRole = await ActAsync(lead, number, "RequestVoid", filed.Headers.ETag, "重复上报");
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.StatusCode);
        Assert.Equal(("forbidden", "您的角色不能执行此操作。"), await ProblemAsync(wrongRole));
        Assert.Equal("Dispatching", JsonDocument.Parse(await lead.GetStringAsync($"/api/cases/{number}")).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task UnitThatGetsWork_IsToldInItsBell()
    {
        var (lat, lng, category) = await PlaceAsync();
        var gridworker = await portal.SignedInAsync("gridworker");
        var response = await gridworker.PostAsync("/api/cases", Form(category, lat, lng, Guid.NewGuid().ToString("N")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString()!;

        await portal.Services.GetRequiredService<OutboxDispatcher>().DeliverPendingAsync();
        var station = (await portal.PrincipalAsync("station.dongzhuang")).FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        var messages = await portal.Services.GetRequiredService<NotificationQueries>().LatestAsync(station, 50);
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var outbox = await db.OutboxMessages.Where(m => m.Link == $"/cases/{number}").Select(m => m.Recipient + " " + m.DeliveredAt).ToListAsync();
            var notes = await db.Notifications.Where(m => m.Link == $"/cases/{number}").Select(m => m.UserId).ToListAsync();
            Assert.True(messages.Any(m => m.Link == $"/cases/{number}"), string.Join("; ", outbox) + " / " + string.Join(",", notes) + " station=" + station);
        }
        Assert.Contains(messages, m => m.Title.Contains(number, StringComparison.Ordinal) && m.Link == $"/cases/{number}" && !m.Read);
        var dispatcher = (await portal.PrincipalAsync("dispatcher")).FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value;
        Assert.DoesNotContain(await portal.Services.GetRequiredService<NotificationQueries>().LatestAsync(dispatcher, 50), m => m.Title.Contains(number, StringComparison.Ordinal));
    }
}
