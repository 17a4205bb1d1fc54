using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Cases;

[Collection(nameof(PortalCollection))]
public class CasePhotoStoreTests(PortalFactory portal)
{
    private CasePhotoStore Store => portal.Services.GetRequiredService<CasePhotoStore>();

    /// <summary>A JPEG header with an EXIF GPS block (25°3′0″N, 102°43′48″E) written by hand, as a phone camera would.</summary>
    internal static byte[] JpegWithGps()
    {
        var tiff = new List<byte>();
        void U16(int v) => tiff.AddRange([(byte)(v >> 8), (byte)v]);
        void U32(long v) => tiff.AddRange([(byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v]);
        void Entry(int tag, int type, int count, long value) { U16(tag); U16(type); U32(count); U32(value); }
        tiff.AddRange("MM"u8.ToArray());
        U16(42);
        U32(8);
        U16(1);                       // IFD0: one entry, the pointer to the GPS IFD at 26
        Entry(0x8825, 4, 1, 26);
        U32(0);
        U16(4);                       // GPS IFD: N, latitude, E, longitude; rationals from 80
        Entry(0x0001, 2, 2, 0x4E00_0000);
        Entry(0x0002, 5, 3, 80);
        Entry(0x0003, 2, 2, 0x4500_0000);
        Entry(0x0004, 5, 3, 104);
        U32(0);
        foreach (var (n, d) in new[] { (25, 1), (3, 1), (0, 1), (102, 1), (43, 1), (48, 1) })
        {
            U32(n);
            U32(d);
        }
        var app1 = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var length = app1.Length + 2;
        return [0xFF, 0xD8, 0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. app1, 0xFF, 0xD9];
    }

    [Fact]
    public void CameraPosition_IsReadFromTheExifGpsBlock()
    {
        var (lat, lng) = CasePhotoStore.GpsOf(JpegWithGps());
        Assert.Equal(25.05, lat!.Value, 4);
        Assert.Equal(102.73, lng!.Value, 4);
        Assert.Equal((null, null), CasePhotoStore.GpsOf(TestImages.Png()));
    }

    [Fact]
    public async Task Photo_IsStoredWithAServerMadeThumbnail_AndNonPhotosAreRefusedByContent()
    {
        using var png = new MemoryStream(TestImages.Png(1200, 800));
        var saved = await Store.SaveAsync(png, "../../etc/scene.jpg", PhotoStage.After);
        var photo = Assert.IsType<Panlong.Workflows.Cases.StoredPhoto>(saved.Photo);
        // The name is kept without its folders; the type comes from the content, not from ".jpg".
        Assert.Equal(("scene.jpg", "image/png", PhotoStage.After), (photo.FileName, photo.ContentType, photo.Stage));
        // Staged only: nothing is served until the row that holds it is saved, which puts it in place.
        Assert.Null(Store.Open(photo.ThumbnailPath));
        Store.Folder.Place(photo.ThumbnailPath);
        await using (var thumb = Store.Open(photo.ThumbnailPath)!)
        {
            using var bitmap = SkiaSharp.SKBitmap.Decode(thumb);
            Assert.Equal((320, 213), (bitmap.Width, bitmap.Height));
        }
        Assert.Null(Store.Open("../../../etc/passwd"));

        using var text = new MemoryStream("GIF89a? no, just text"u8.ToArray());
        Assert.Equal("Cases.Photo.NotImage", (await Store.SaveAsync(text, "photo.jpg", PhotoStage.Before)).Error);
        using var big = new MemoryStream(new byte[Store.MaxBytes + 1]);
        Assert.Equal("Cases.Photo.TooLarge", (await Store.SaveAsync(big, "big.jpg", PhotoStage.Before)).Error);
    }
}
