using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Notifications;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Tests.Features.Shell;
using Panlong.Testing;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// Issue 15, holes 5 and 6: a decompression bomb is refused from its header, and a refused request — bad form, bad
/// photo, bad scope, a repeat — leaves no file behind; an accepted one leaves its photos in place and nothing staged
/// (docs/decisions/0023-upload-safety.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public class CaseUploadSafetyTests : PortalComponentTest
{
    private static readonly Lazy<byte[]> Bomb = new(() => TestImages.Png(7000, 7000));

    private readonly PortalFactory _portal;

    public CaseUploadSafetyTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(CaseQueries), typeof(CasePhotoStore), typeof(LiveUpdates), typeof(CaseService), typeof(Portal.Features.Maps.GridQueries), typeof(Portal.Features.Maps.ReportPlaces),
            typeof(Panlong.Workflows.Watchers.BuildingWatch), typeof(Microsoft.Extensions.Configuration.IConfiguration) })
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
    }

    private CasePhotoStore Photos => _portal.Services.GetRequiredService<CasePhotoStore>();

    /// <summary>Every file under the photo folder, placed or staged.</summary>
    private HashSet<string> Files() => Directory.Exists(Photos.Folder.Root)
        ? Directory.EnumerateFiles(Photos.Folder.Root, "*", SearchOption.AllDirectories).ToHashSet() : [];

    private DecodingWatch Watch() => new(_portal.Services.GetRequiredService<IMeterFactory>());

    private async Task<(double Lat, double Lng, int Category)> PlaceAsync()
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        return (grid.Lat, grid.Lng, category);
    }

    private static MultipartFormDataContent Form(int? category, (double Lat, double Lng)? at, string? clientKey, params (string Name, byte[] Bytes)[] photos)
    {
        var form = new MultipartFormDataContent { { new StringContent("路口占道摆摊卖水果"), "description" } };
        if (category is { } c)
        {
            form.Add(new StringContent(c.ToString(System.Globalization.CultureInfo.InvariantCulture)), "categoryId");
        }
        if (at is { } p)
        {
            form.Add(new StringContent(p.Lat.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lat");
            form.Add(new StringContent(p.Lng.ToString(System.Globalization.CultureInfo.InvariantCulture)), "lng");
        }
        if (clientKey is not null)
        {
            form.Add(new StringContent(clientKey), "clientKey");
        }
        foreach (var (name, bytes) in photos)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(content, "photos", name);
        }
        return form;
    }

    private static async Task<string> PhotoErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").GetProperty("photos")[0].GetString()!;
    }

    [Fact]
    public async Task Report_WithA7000By7000Png_IsRefusedFromItsHeader_WithoutDecodingAPixel()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await _portal.SignedInAsync("inspector");
        var before = Files();
        using var watch = Watch();

        var error = await PhotoErrorAsync(await inspector.PostAsync("/api/cases", Form(category, (lat, lng), null, ("bomb.png", Bomb.Value))));

        Assert.Equal("照片分辨率过高（超过 24 百万像素），请缩小尺寸后再传。", error);
        Assert.Equal(0, watch.Pixels);
        Assert.Equal(before, Files());
    }

    [Fact]
    public async Task Report_WithALargeAllowedJpeg_MakesItsThumbnailFromAnEighthSizeDecode()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await _portal.SignedInAsync("inspector");
        using var watch = Watch();

        var created = await inspector.PostAsync("/api/cases", Form(category, (lat, lng), Guid.NewGuid().ToString("N"),
            ("phone.jpg", ImageDecoderTests.Encoded(4000, 3000))));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // 500×375 decoded for a 320-pixel thumbnail, not the photo's 12 million pixels.
        Assert.Equal(500 * 375, watch.Pixels);
    }

    [Fact]
    public async Task RejectedReports_BadFormOrBadPhotoOrARepeat_LeaveNoFileBehind()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await _portal.SignedInAsync("inspector");
        var before = Files();

        // A good photo with a form the service refuses (no category, no position).
        var form = await inspector.PostAsync("/api/cases", Form(null, null, null, ("scene.png", TestImages.Png())));
        Assert.Equal(HttpStatusCode.BadRequest, form.StatusCode);
        // A good photo, then one that is not a photo: the whole request is refused, the good one too.
        var photo = await PhotoErrorAsync(await inspector.PostAsync("/api/cases", Form(category, (lat, lng), null,
            ("scene.png", TestImages.Png()), ("notes.png", "not a photo at all"u8.ToArray()))));
        Assert.Contains("不是可识别的照片", photo, StringComparison.Ordinal);
        Assert.Equal(before, Files());

        // The first send of a client key is accepted: its photo and thumbnail are in place, nothing is left staged.
        var key = Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Created, (await inspector.PostAsync("/api/cases", Form(category, (lat, lng), key, ("scene.png", TestImages.Png())))).StatusCode);
        var placed = Files().Except(before).ToList();
        Assert.Equal(2, placed.Count);
        Assert.All(placed, f => Assert.DoesNotContain(UploadFolder.StagingFolder, f, StringComparison.Ordinal));
        // The repeat answers the first case and keeps none of its own photos.
        var afterFirst = Files();
        Assert.Equal(HttpStatusCode.OK, (await inspector.PostAsync("/api/cases", Form(category, (lat, lng), key, ("scene.png", TestImages.Png())))).StatusCode);
        Assert.Equal(afterFirst, Files());
    }

    [Fact]
    public async Task Action_WithPhotosOnACaseOutsideTheCallersScope_LeavesNoFileBehind()
    {
        var (lat, lng, category) = await PlaceAsync();
        var supervisor = await _portal.SignedInAsync("supervisor");
        var created = await supervisor.PostAsync("/api/cases", Form(category, (lat, lng), Guid.NewGuid().ToString("N")));
        var number = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("number").GetString();
        var before = Files();

        var gulou = await _portal.SignedInAsync("dispatcher.gulou");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{number}/actions/Accept")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(TestImages.Png()), "afterPhotos", "after.png" }, { new StringContent("受理"), "comment" } },
        };
        request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{Guid.NewGuid():N}\""));
        var act = await gulou.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, act.StatusCode);
        Assert.Equal(before, Files());
    }

    [Fact]
    public async Task ReportPage_PhotoChosenButNeverSent_IsGoneWhenThePageCloses_AndABombIsRefusedWithTheMessage()
    {
        SignInAs("upload-supervisor", "/530103/530103001/", Roles.Supervisor);
        JSInterop.SetupModule("./Features/Shell/FormDraft.razor.js").Setup<string?>("load", _ => true).SetResult(null);
        var before = Files();
        var page = Render<ReportCase>();

        page.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(Bomb.Value, "bomb.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Contains("超过 24 百万像素", page.Find("[data-testid=report-photo-error]").TextContent, StringComparison.Ordinal));
        Assert.Equal(before, Files());

        page.FindComponents<InputFile>()[0].UploadFiles(InputFileContent.CreateFromBinary(TestImages.Png(), "scene.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Equal(2, Files().Except(before).Count()));
        Assert.All(Files().Except(before), f => Assert.Contains(UploadFolder.StagingFolder, f, StringComparison.Ordinal));

        await DisposeComponentsAsync();
        Assert.Equal(before, Files());
    }
}
