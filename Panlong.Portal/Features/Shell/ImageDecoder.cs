using System.Diagnostics.Metrics;
using SkiaSharp;

namespace Panlong.Portal.Features.Shell;

/// <summary>What an image's header says, read without decoding a pixel.</summary>
public sealed record ImageHeader(SKEncodedImageFormat Format, int Width, int Height)
{
    public long Pixels => (long)Width * Height;
}

/// <summary>A JPEG thumbnail, and the size the image was decoded at to make it (smaller than the image when the codec can).</summary>
public sealed record Thumbnail(SKData Jpeg, int DecodedWidth, int DecodedHeight) : IDisposable
{
    public void Dispose() => Jpeg.Dispose();
}

/// <summary>
/// Every decode of an uploaded image goes through here (docs/decisions/0023-upload-safety.md): a 140 KB PNG can announce
/// 7000×7000 pixels, so the header is read first and an image above <c>Uploads:MaxImageMegapixels</c> (default 24) is refused
/// before a pixel is decoded; a thumbnail is decoded at reduced size where the codec can (JPEG's and WebP's eighths); and
/// at most <c>Uploads:DecodeConcurrency</c> images (default: the number of cores) are decoded at once, the rest wait. The
/// pixels decoded are counted (meter <see cref="MeterName"/>).
/// </summary>
public sealed class ImageDecoder : IDisposable
{
    public const string MeterName = "Panlong.Uploads";
    public const string DecodedPixels = "panlong.uploads.decoded_pixels";
    public const string Decoding = "panlong.uploads.decoding";

    private readonly SemaphoreSlim _slots;
    private readonly Counter<long> _decodedPixels;
    private readonly UpDownCounter<int> _decoding;

    public ImageDecoder(IConfiguration configuration, IMeterFactory meters)
    {
        MaxMegapixels = Math.Max(1, configuration.GetValue("Uploads:MaxImageMegapixels", 24));
        _slots = new SemaphoreSlim(Math.Max(1, configuration.GetValue("Uploads:DecodeConcurrency", Environment.ProcessorCount)));
        var meter = meters.Create(MeterName);
        _decodedPixels = meter.CreateCounter<long>(DecodedPixels, "{pixel}", "Pixels decoded from uploaded images");
        _decoding = meter.CreateUpDownCounter<int>(Decoding, "{image}", "Uploaded images being decoded now");
    }

    public int MaxMegapixels { get; }

    public long MaxPixels => MaxMegapixels * 1_000_000L;

    /// <summary>The format and size from the header alone; null for content no codec recognises.</summary>
    public static ImageHeader? Header(byte[] bytes)
    {
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        return codec is null ? null : new ImageHeader(codec.EncodedFormat, codec.Info.Width, codec.Info.Height);
    }

    /// <summary>
    /// A JPEG thumbnail whose longer edge is at most <paramref name="edge"/>; null when the image is above the pixel limit or
    /// cannot be decoded. Waits for a decoding slot first.
    /// </summary>
    public async Task<Thumbnail?> ThumbnailAsync(byte[] bytes, int edge, CancellationToken ct = default)
    {
        await _slots.WaitAsync(ct);
        _decoding.Add(1);
        try
        {
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
            {
                return null;
            }
            using var reduced = Reduced(codec, edge);
            if (reduced is null)
            {
                return null;
            }
            _decodedPixels.Add((long)reduced.Width * reduced.Height);
            var scale = Math.Min(1.0, (double)edge / Math.Max(codec.Info.Width, codec.Info.Height));
            var info = new SKImageInfo(Math.Max(1, (int)(codec.Info.Width * scale)), Math.Max(1, (int)(codec.Info.Height * scale)));
            using var thumb = reduced.Width == info.Width && reduced.Height == info.Height ? null
                : reduced.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
            using var image = SKImage.FromBitmap(thumb ?? reduced);
            return new Thumbnail(image.Encode(SKEncodedImageFormat.Jpeg, 80), reduced.Width, reduced.Height);
        }
        finally
        {
            _decoding.Add(-1);
            _slots.Release();
        }
    }

    /// <summary>
    /// The image decoded as small as its codec allows while staying at least <paramref name="edge"/> on its longer side:
    /// JPEG's and WebP's decoders scale by eighths while decoding, so the full image is never held. Skia's PNG decoder has
    /// no reduced decode; a PNG is decoded whole, which the pixel limit and the decoding slots keep affordable.
    /// </summary>
    private static SKBitmap? Reduced(SKCodec codec, int edge)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var least = Math.Min(edge, Math.Max(width, height));
        // The codec rounds a scale to its nearest step, so each step is asked for and the smallest that is big enough kept.
        var size = Enumerable.Range(1, 8).Select(k => codec.GetScaledDimensions(k / 8f)).First(s => Math.Max(s.Width, s.Height) >= least || s.Width >= width);
        return Decode(codec, Info(size.Width, size.Height));
    }

    private static SKImageInfo Info(int width, int height) => new(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);

    /// <summary>Decodes at the given size; null when the codec fails.</summary>
    private static SKBitmap? Decode(SKCodec codec, SKImageInfo info)
    {
        var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is SKCodecResult.Success or SKCodecResult.IncompleteInput)
        {
            return bitmap;
        }
        bitmap.Dispose();
        return null;
    }

    public void Dispose() => _slots.Dispose();
}
