using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Panlong.Data.Cases;
using Panlong.Workflows.Cases;
using SkiaSharp;

namespace Panlong.Portal.Features.Cases;

/// <summary>The outcome of one upload: the stored photo, or a resource key saying why it was refused.</summary>
public sealed record PhotoSaveResult(StoredPhoto? Photo, string? Error);

/// <summary>
/// Case photos on disk under <c>Cases:PhotoPath</c> (default data/uploads). The type is decided by decoding the content
/// (a text file named .jpg is refused), the size and pixel count are limited, the EXIF GPS position is read and a
/// thumbnail is made on the server.
/// </summary>
public sealed class CasePhotoStore
{
    private const int ThumbnailEdge = 320;
    private const long MaxPixels = 50_000_000;

    private readonly string _root;

    public CasePhotoStore(IConfiguration configuration, IHostEnvironment environment)
    {
        _root = Path.GetFullPath(Path.Combine(environment.ContentRootPath, configuration["Cases:PhotoPath"] ?? "data/uploads"));
        MaxBytes = configuration.GetValue("Cases:MaxPhotoMegabytes", 10) * 1024L * 1024L;
    }

    public long MaxBytes { get; }

    /// <summary>A photo message in the user's language; the limits it may name ({0} MB, {1} photos) are filled in here, once.</summary>
    public string Describe(Microsoft.Extensions.Localization.IStringLocalizer L, string key) => L[key, MaxBytes / 1024 / 1024, CaseService.MaxPhotos].Value;

    /// <summary>A file chosen in the browser (InputFile): refused by its announced size before a byte is read, then stored as any upload.</summary>
    public async Task<PhotoSaveResult> SaveAsync(Microsoft.AspNetCore.Components.Forms.IBrowserFile file, PhotoStage stage, CancellationToken ct = default)
    {
        if (file.Size > MaxBytes)
        {
            return new PhotoSaveResult(null, "Cases.Photo.TooLarge");
        }
        await using var stream = file.OpenReadStream(MaxBytes, ct);
        return await SaveAsync(stream, file.Name, stage, ct);
    }

    public async Task<PhotoSaveResult> SaveAsync(Stream content, string fileName, PhotoStage stage, CancellationToken ct = default)
    {
        var bytes = await Shell.Uploads.ReadBoundedAsync(content, MaxBytes, ct);
        if (bytes is null)
        {
            return new PhotoSaveResult(null, "Cases.Photo.TooLarge");
        }
        if (bytes.Length == 0)
        {
            return new PhotoSaveResult(null, "Cases.Photo.NotImage");
        }
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        var (extension, contentType) = codec?.EncodedFormat switch
        {
            SKEncodedImageFormat.Jpeg => ("jpg", "image/jpeg"),
            SKEncodedImageFormat.Png => ("png", "image/png"),
            SKEncodedImageFormat.Webp => ("webp", "image/webp"),
            _ => ("", ""),
        };
        if (codec is null || extension.Length == 0 || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return new PhotoSaveResult(null, "Cases.Photo.NotImage");
        }
        using var bitmap = SKBitmap.Decode(codec);
        if (bitmap is null)
        {
            return new PhotoSaveResult(null, "Cases.Photo.NotImage");
        }
        var scale = Math.Min(1.0, (double)ThumbnailEdge / Math.Max(bitmap.Width, bitmap.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)));
        using var thumb = bitmap.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? bitmap;
        using var thumbImage = SKImage.FromBitmap(thumb);
        using var thumbData = thumbImage.Encode(SKEncodedImageFormat.Jpeg, 80);

        var (lat, lng) = GpsOf(bytes);
        var folder = Path.Combine("cases", DateTime.UtcNow.ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture));
        var name = Guid.NewGuid().ToString("N");
        var stored = Path.Combine(folder, $"{name}.{extension}");
        var thumbnail = Path.Combine(folder, $"{name}.thumb.jpg");
        System.IO.Directory.CreateDirectory(Path.Combine(_root, folder));
        await File.WriteAllBytesAsync(Path.Combine(_root, stored), bytes, ct);
        await using (var file = File.Create(Path.Combine(_root, thumbnail)))
        {
            thumbData.SaveTo(file);
        }
        var safeName = Path.GetFileName(fileName);
        return new PhotoSaveResult(new StoredPhoto(stage, string.IsNullOrWhiteSpace(safeName) ? $"{name}.{extension}" : safeName, contentType, bytes.Length,
            stored.Replace('\\', '/'), thumbnail.Replace('\\', '/'), lat, lng), null);
    }

    /// <summary>Opens a stored file; null for a path that is not one of ours (no way out of the folder).</summary>
    public Stream? Open(string relativePath) => Shell.Uploads.OpenUnder(_root, relativePath);

    /// <summary>The position the camera wrote into the photo, if any (WGS-84).</summary>
    public static (double? Lat, double? Lng) GpsOf(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            var gps = ImageMetadataReader.ReadMetadata(stream).OfType<GpsDirectory>().FirstOrDefault();
            return gps?.GetGeoLocation() is { IsZero: false } location ? (Math.Round(location.Latitude, 6), Math.Round(location.Longitude, 6)) : (null, null);
        }
        catch (ImageProcessingException)
        {
            return (null, null);
        }
    }
}
