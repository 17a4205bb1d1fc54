using System.Globalization;
using System.Net;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Voice;
using Panlong.Portal.Tests.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows.Voice;
using SkiaSharp;

namespace Panlong.Portal.Tests.Features.Voice;

/// <summary>Photos on 社区微吧 posts (docs/decisions/0098-care-leftovers.md) on the portal's demo forum: the page, the API, the clean copy.</summary>
[Collection(nameof(PortalCollection))]
public class ForumPhotoTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public ForumPhotoTests(PortalFactory portal)
    {
        _portal = portal;
        // The author's own post offers 转为需求 (ForumPostLink), which reads the categories, needs and places.
        UsePortal(portal, typeof(VoiceQueries), typeof(CommunityForum), typeof(RateLimits), typeof(CasePhotoStore), typeof(CaseQueries),
            typeof(Panlong.Portal.Features.Community.NeedQueries), typeof(Panlong.Portal.Features.Maps.ReportPlaces));
    }

    [Fact]
    public async Task Post_ANonPhotoThenAPhoto_RefusedInWordsKeepingTheTextThenShownAndServedOnlyToReaders()
    {
        CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        SignInAs(await _portal.PrincipalAsync("resident"));
        var page = Render<ForumPage>();
        page.WaitForAssertion(() => page.Find("input[data-testid=forum-new-title]"));
        var title = "路灯不亮" + Guid.NewGuid().ToString("N")[..6];
        page.Find("input[data-testid=forum-new-title]").Change(title);
        page.Find("textarea[data-testid=forum-new-text]").Change("小区东门路灯坏了，见照片");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("not a photo at all", "lamp.jpg", contentType: "image/jpeg"));

        page.WaitForAssertion(() => Assert.Equal("lamp.jpg: 文件不是可识别的照片（按内容检查，仅支持 JPEG、PNG、WebP）。", page.Find("[data-testid=forum-photo-error]").TextContent));
        Assert.Equal("小区东门路灯坏了，见照片", page.Find("textarea[data-testid=forum-new-text]").GetAttribute("value") ?? page.Find("textarea[data-testid=forum-new-text]").TextContent);
        Assert.Equal(title, page.Find("input[data-testid=forum-new-title]").GetAttribute("value"));

        // More photos than a post may carry: the limit is named from the constant that enforces it.
        page.FindComponent<InputFile>().UploadFiles([.. Enumerable.Range(1, VoiceContract.MaxPhotos + 1).Select(i => InputFileContent.CreateFromText("x", $"p{i}.jpg", contentType: "image/jpeg"))]);
        page.WaitForAssertion(() => Assert.Equal($"最多 {VoiceContract.MaxPhotos} 张照片。", page.Find("[data-testid=forum-photo-error]").TextContent));
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestImages.Png(800, 600), "lamp.png", contentType: "image/png"));
        page.WaitForAssertion(() => Assert.Contains("lamp.png", page.Find("[data-testid=forum-photos-chosen]").TextContent, StringComparison.Ordinal));
        page.Find("[data-testid=forum-send]").Click();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=forum-post]"), p => p.TextContent.Contains(title, StringComparison.Ordinal)));
        var post = page.FindAll("[data-testid=forum-post]").First(p => p.TextContent.Contains(title, StringComparison.Ordinal));
        var thumb = post.QuerySelector("img[data-testid=forum-photo]")!.GetAttribute("src")!;
        Assert.Matches(@"^/api/forum/posts/\d+/photos/0\?thumb=true$", thumb);

        // The author and the community's staff get the thumbnail and a clean full copy; a resident with no seat here is told it is not there.
        using var ownThumb = await _portal.GetAsAsync("resident", thumb);
        Assert.Equal((HttpStatusCode.OK, "image/jpeg"), (ownThumb.StatusCode, ownThumb.Content.Headers.ContentType?.MediaType));
        using var full = await _portal.GetAsAsync("resident", thumb.Replace("?thumb=true", "", StringComparison.Ordinal));
        var fullBytes = await full.Content.ReadAsByteArrayAsync();
        using (var bitmap = SKBitmap.Decode(fullBytes))
        {
            Assert.Equal((800, 600), (bitmap.Width, bitmap.Height));
        }
        // The second view is the copy the first one kept, byte for byte.
        using var again = await _portal.GetAsAsync("resident", thumb.Replace("?thumb=true", "", StringComparison.Ordinal));
        Assert.Equal(fullBytes, await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.GetAsAsync("member.li", thumb)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _portal.GetAsAsync("resident", thumb.Replace("/photos/0", "/photos/1", StringComparison.Ordinal))).StatusCode);
    }

    [Fact]
    public async Task CleanCopy_OfAPhotoWithACameraPosition_DecodesAndCarriesNoPosition()
    {
        var store = _portal.Services.GetRequiredService<CasePhotoStore>();
        using var bitmap = new SKBitmap(640, 480);
        bitmap.Erase(SKColors.SteelBlue);
        using var encoded = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Jpeg, 85);
        var jpeg = encoded.ToArray();
        // The camera's EXIF block (with its GPS position) spliced in after the JPEG's start marker, as a phone writes it.
        var exif = CasePhotoStoreTests.JpegWithGps();
        byte[] withGps = [.. jpeg[..2], .. exif[2..^2], .. jpeg[2..]];
        Assert.NotNull(CasePhotoStore.GpsOf(withGps).Lat);
        using var content = new MemoryStream(withGps);
        var saved = (await store.SaveAsync(content, "street.jpg", PhotoStage.Before)).Photo!;
        Assert.NotNull(saved.ExifLat);
        store.Folder.Place(saved.StoredPath);

        var copy = await ReadAsync(await store.CleanCopyAsync(saved.StoredPath, ForumPhotoApi.FullEdge));
        // Made once and kept: the second request reads the kept file (not written again) and gets the same bytes.
        var kept = Path.Combine(store.Folder.Root, CasePhotoStore.CleanCopyOf(saved.StoredPath, ForumPhotoApi.FullEdge));
        Assert.Equal(copy, await File.ReadAllBytesAsync(kept));
        var written = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(kept, written);
        Assert.Equal(copy, await ReadAsync(await store.CleanCopyAsync(saved.StoredPath, ForumPhotoApi.FullEdge)));
        Assert.Equal(written, File.GetLastWriteTimeUtc(kept));

        Assert.Equal((null, null), CasePhotoStore.GpsOf(copy));
        using var decoded = SKBitmap.Decode(copy);
        Assert.Equal((640, 480), (decoded.Width, decoded.Height));
        Assert.Null(await store.CleanCopyAsync("../../etc/passwd", ForumPhotoApi.FullEdge));
    }

    private static async Task<byte[]> ReadAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            return buffer.ToArray();
        }
    }
}
