using MetadataExtractor;
using MetadataExtractor.Formats.Exif;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Workflows.Cases;
using SkiaSharp;

namespace Panlong.Portal.Features.Cases;

/// <summary>The outcome of one upload: the stored photo, or a resource key saying why it was refused.</summary>
public sealed record PhotoSaveResult(StoredPhoto? Photo, string? Error);

/// <summary>
/// Case photos on disk under <c>Cases:PhotoPath</c> (default data/uploads). The type is decided by the content's header (a
/// text file named .jpg is refused), the size and the pixel count are limited before anything is decoded, the EXIF GPS
/// position is read and a thumbnail is made on the server at reduced size (<see cref="ImageDecoder"/>). An accepted photo
/// is only staged: it is moved into place when the case or step that holds it is saved, and a refused request leaves
/// nothing behind (<see cref="Discard"/>; docs/decisions/0023-upload-safety.md).
/// </summary>
public sealed class CasePhotoStore
{
    private const int ThumbnailEdge = 320;

    private readonly ImageDecoder _decoder;

    public CasePhotoStore(IConfiguration configuration, IHostEnvironment environment, ImageDecoder decoder)
    {
        Folder = new UploadFolder(SettingPaths.Resolve(configuration, environment.ContentRootPath, "Cases:PhotoPath", "data/uploads"));
        MaxBytes = configuration.GetValue("Cases:MaxPhotoMegabytes", 10) * 1024L * 1024L;
        _decoder = decoder;
    }

    public UploadFolder Folder { get; }

    public long MaxBytes { get; }

    /// <summary>A photo message in the user's language; the limits it may name ({0} MB, {1} photos, {2} million pixels) are filled in here, once.</summary>
    public string Describe(Microsoft.Extensions.Localization.IStringLocalizer L, string key) =>
        L[key, MaxBytes / 1024 / 1024, CaseService.MaxPhotos, _decoder.MaxMegapixels].Value;

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

    /// <summary>Checks and stages a photo; the caller saves it with its row or <see cref="Discard"/>s it.</summary>
    public async Task<PhotoSaveResult> SaveAsync(Stream content, string fileName, PhotoStage stage, CancellationToken ct = default)
    {
        var bytes = await Uploads.ReadBoundedAsync(content, MaxBytes, ct);
        if (bytes is null)
        {
            return new PhotoSaveResult(null, "Cases.Photo.TooLarge");
        }
        var header = bytes.Length == 0 ? null : ImageDecoder.Header(bytes);
        var (extension, contentType) = header?.Format switch
        {
            SKEncodedImageFormat.Jpeg => ("jpg", "image/jpeg"),
            SKEncodedImageFormat.Png => ("png", "image/png"),
            SKEncodedImageFormat.Webp => ("webp", "image/webp"),
            _ => ("", ""),
        };
        if (header is null || extension.Length == 0)
        {
            return new PhotoSaveResult(null, "Cases.Photo.NotImage");
        }
        if (header.Pixels > _decoder.MaxPixels)
        {
            return new PhotoSaveResult(null, "Cases.Photo.TooManyPixels");
        }
        using var thumbnailJpeg = await _decoder.ThumbnailAsync(bytes, ThumbnailEdge, ct);
        if (thumbnailJpeg is null)
        {
            return new PhotoSaveResult(null, "Cases.Photo.NotImage");
        }

        var (lat, lng) = GpsOf(bytes);
        var folder = $"cases/{DateTime.UtcNow.ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture)}";
        var name = Guid.NewGuid().ToString("N");
        var stored = $"{folder}/{name}.{extension}";
        var thumbnail = ThumbnailOf(stored);
        await Folder.StageAsync(stored, bytes, ct);
        await Folder.StageAsync(thumbnail, thumbnailJpeg.Jpeg.ToArray(), ct);
        var safeName = Path.GetFileName(fileName);
        return new PhotoSaveResult(new StoredPhoto(stage, string.IsNullOrWhiteSpace(safeName) ? $"{name}.{extension}" : safeName, contentType, bytes.Length,
            stored, thumbnail, lat, lng), null);
    }

    /// <summary>Deletes what is still staged of these photos: after a refused request, a removed photo, a page left unsent.</summary>
    public void Discard(IEnumerable<StoredPhoto> photos)
    {
        foreach (var photo in photos)
        {
            Folder.Discard(photo.StoredPath);
            Folder.Discard(photo.ThumbnailPath);
        }
    }

    /// <summary>The thumbnail's path beside a stored photo's: rows that keep only the photo's path (forum posts) find it here.</summary>
    public static string ThumbnailOf(string storedPath) => $"{Path.ChangeExtension(storedPath, null)}.thumb.jpg";

    /// <summary>
    /// A stored photo re-encoded as a JPEG of at most <paramref name="edge"/> pixels on its longer side, through the decoder's limits
    /// and slots: only pixels leave, no EXIF (a resident's photo shown to neighbours must not carry where it was taken,
    /// docs/decisions/0098-care-leftovers.md). Made once, at the first request, and kept beside the photo (<see cref="CleanCopyOf"/>):
    /// later requests read that file. Null for a path that is not one of ours or a file that no longer decodes.
    /// </summary>
    public async Task<Stream?> CleanCopyAsync(string storedPath, int edge, CancellationToken ct = default)
    {
        var copyPath = CleanCopyOf(storedPath, edge);
        if (Open(copyPath) is { } kept)
        {
            return kept;
        }
        byte[] original;
        await using (var stream = Open(storedPath))
        {
            if (stream is null)
            {
                return null;
            }
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            original = buffer.ToArray();
        }
        using var copy = await _decoder.ThumbnailAsync(original, edge, ct);
        if (copy is null)
        {
            return null;
        }
        var jpeg = copy.Jpeg.ToArray();
        await Folder.KeepAsync(copyPath, jpeg, ct);
        return new MemoryStream(jpeg, writable: false);
    }

    /// <summary>Where <see cref="CleanCopyAsync"/> keeps a photo's copy at one edge; the orphan sweep keeps it while the photo's row lives.</summary>
    public static string CleanCopyOf(string storedPath, int edge) => $"{Path.ChangeExtension(storedPath, null)}.{edge}.jpg";

    /// <summary>Opens a stored file; null for a path that is not one of ours (no way out of the folder).</summary>
    public Stream? Open(string relativePath) => Folder.Open(relativePath);

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
