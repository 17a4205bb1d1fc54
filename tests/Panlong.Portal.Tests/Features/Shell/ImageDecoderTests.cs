using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;
using SkiaSharp;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>Uploaded images are decoded only below the pixel limit, at reduced size for thumbnails, and a few at a time (docs/decisions/0023-upload-safety.md).</summary>
public sealed class ImageDecoderTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    private (ImageDecoder Decoder, DecodingWatch Watch) Decoder(int concurrency = 2)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Uploads:DecodeConcurrency"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        var meters = _services.GetRequiredService<IMeterFactory>();
        return (new ImageDecoder(configuration, meters), new DecodingWatch(meters));
    }

    public static byte[] Encoded(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Jpeg)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(new SKColor(30, 120, 200));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 85);
        return data.ToArray();
    }

    [Fact]
    public async Task Thumbnail_OfAPngAboveThePixelLimit_IsRefusedWithoutDecodingAPixel()
    {
        var (decoder, watch) = Decoder();
        using (decoder)
        using (watch)
        {
            var bomb = TestImages.Png(7000, 7000);
            Assert.True(bomb.Length < 200_000, $"{bomb.Length} bytes");
            Assert.Equal(49_000_000, ImageDecoder.Header(bomb)!.Pixels);

            Assert.Null(await decoder.ThumbnailAsync(bomb, 320));
            Assert.Equal(0, watch.Pixels);
        }
    }

    [Fact]
    public async Task Thumbnail_OfALargeWebp_UsesTheWebpDecodersOwnScaling()
    {
        var (decoder, watch) = Decoder();
        using (decoder)
        using (watch)
        {
            using var thumbnail = await decoder.ThumbnailAsync(Encoded(2000, 1500, SKEncodedImageFormat.Webp), 320);

            Assert.NotNull(thumbnail);
            Assert.Equal((500, 375), (thumbnail.DecodedWidth, thumbnail.DecodedHeight));
            Assert.Equal(500 * 375, watch.Pixels);
            using var decoded = SKBitmap.Decode(thumbnail.Jpeg);
            Assert.Equal((320, 240), (decoded.Width, decoded.Height));
            var pixel = decoded.GetPixel(160, 120);
            Assert.True(pixel.Blue > 180 && pixel.Red < 60, pixel.ToString());
        }
    }

    [Fact]
    public async Task Thumbnail_OfALargeJpeg_UsesTheJpegDecodersOwnScaling()
    {
        var (decoder, watch) = Decoder();
        using (decoder)
        using (watch)
        {
            using var thumbnail = await decoder.ThumbnailAsync(Encoded(2000, 1500), 320);

            Assert.NotNull(thumbnail);
            // 1/4 is the smallest of the decoder's eighths that still gives 320 pixels (1/8 would give 250).
            Assert.Equal((500, 375), (thumbnail.DecodedWidth, thumbnail.DecodedHeight));
            Assert.Equal(500 * 375, watch.Pixels);
            using var decoded = SKBitmap.Decode(thumbnail.Jpeg);
            Assert.Equal((320, 240), (decoded.Width, decoded.Height));
        }
    }

    [Fact]
    public async Task Thumbnails_AskedForAllAtOnce_AreDecodedNoMoreThanTheLimitAtATime()
    {
        var (decoder, watch) = Decoder(concurrency: 1);
        using (decoder)
        using (watch)
        {
            var png = TestImages.Png(1500, 1500);
            var thumbnails = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => decoder.ThumbnailAsync(png, 320))));

            Assert.All(thumbnails, Assert.NotNull);
            Assert.Equal(1, watch.MostAtOnce);
            foreach (var thumbnail in thumbnails)
            {
                thumbnail!.Dispose();
            }
        }
    }

    public void Dispose() => _services.Dispose();
}
