using System.Security.Cryptography;
using Panlong.Data;
using Panlong.Portal.Features.Shell;
using Panlong.Workflows.Services;
using SkiaSharp;
using UglyToad.PdfPig;

namespace Panlong.Portal.Features.Services;

/// <summary>The outcome of one material upload: the stored file, or a resource key saying why it was refused.</summary>
public sealed record MaterialSaveResult(StoredMaterial? Material, string? Error);

/// <summary>
/// Application materials on disk under <c>Services:MaterialPath</c> (default data/materials). The type is decided by the
/// content — PDF, JPEG or PNG — and a file whose name claims another type is refused rather than guessed at; the size
/// is limited by <c>Services:MaxMaterialMegabytes</c> (default 10). Images are not decoded here (only their header is
/// read), so a large scan is no decoding risk. An accepted file is only staged until the draft, application or
/// resubmission that holds it is saved (docs/decisions/0023-upload-safety.md).
/// </summary>
public sealed class MaterialStore
{
    private static readonly Dictionary<string, string> Extensions = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".png"] = "image/png",
    };

    public MaterialStore(IConfiguration configuration, IHostEnvironment environment)
    {
        Folder = new UploadFolder(SettingPaths.Resolve(configuration, environment.ContentRootPath, "Services:MaterialPath", "data/materials"));
        MaxBytes = configuration.GetValue("Services:MaxMaterialMegabytes", 10) * 1024L * 1024L;
    }

    public UploadFolder Folder { get; }

    public long MaxBytes { get; }

    /// <summary>The message for a refusal key, with the size limit filled in.</summary>
    public string Describe(Microsoft.Extensions.Localization.IStringLocalizer L, string key) => L[key, MaxBytes / 1024 / 1024].Value;

    public async Task<MaterialSaveResult> SaveAsync(Microsoft.AspNetCore.Components.Forms.IBrowserFile file, string materialName, CancellationToken ct = default)
    {
        if (file.Size > MaxBytes)
        {
            return new MaterialSaveResult(null, "Services.Material.TooLarge");
        }
        await using var stream = file.OpenReadStream(MaxBytes, ct);
        return await SaveAsync(stream, file.Name, materialName, ct);
    }

    /// <summary>Checks and stages a material; the caller saves it with its row or <see cref="Discard"/>s it.</summary>
    public async Task<MaterialSaveResult> SaveAsync(Stream content, string fileName, string materialName, CancellationToken ct = default)
    {
        var bytes = await Uploads.ReadBoundedAsync(content, MaxBytes, ct);
        if (bytes is null)
        {
            return new MaterialSaveResult(null, "Services.Material.TooLarge");
        }
        var contentType = Sniff(bytes);
        if (contentType is null)
        {
            return new MaterialSaveResult(null, "Services.Material.Type");
        }
        var safeName = Path.GetFileName(fileName);
        if (Extensions.TryGetValue(Path.GetExtension(safeName), out var claimed) && claimed != contentType)
        {
            return new MaterialSaveResult(null, "Services.Material.Mislabelled");
        }
        var extension = contentType switch { "application/pdf" => "pdf", "image/png" => "png", _ => "jpg" };
        var name = Guid.NewGuid().ToString("N");
        var stored = $"materials/{DateTime.UtcNow.ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture)}/{name}.{extension}";
        await Folder.StageAsync(stored, bytes, ct);
        return new MaterialSaveResult(new StoredMaterial(materialName, string.IsNullOrWhiteSpace(safeName) ? $"{name}.{extension}" : safeName, contentType, bytes.Length,
            stored, Convert.ToHexString(SHA256.HashData(bytes)).ToLowerInvariant()), null);
    }

    /// <summary>
    /// The type by content: a PDF header and end marker and a document PdfPig can open with at least one page, or an
    /// image SkiaSharp can decode as JPEG or PNG. Header and marker alone let HTML posing as a PDF through (issue 15).
    /// </summary>
    public static string? Sniff(byte[] bytes)
    {
        if (bytes.Length >= 8 && bytes.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
        {
            var tail = System.Text.Encoding.ASCII.GetString(bytes, Math.Max(0, bytes.Length - 1024), Math.Min(1024, bytes.Length));
            return tail.Contains("%%EOF", StringComparison.Ordinal) && OpensAsPdf(bytes) ? "application/pdf" : null;
        }
        return ImageDecoder.Header(bytes)?.Format switch
        {
            SKEncodedImageFormat.Jpeg => "image/jpeg",
            SKEncodedImageFormat.Png => "image/png",
            _ => null,
        };
    }

    /// <summary>Deletes what is still staged of these materials: after a refused save, a removed file, a page left unsent.</summary>
    public void Discard(IEnumerable<StoredMaterial> materials)
    {
        foreach (var material in materials)
        {
            Folder.Discard(material.StoredPath);
        }
    }

    private static bool OpensAsPdf(byte[] bytes)
    {
        try
        {
            using var document = PdfDocument.Open(bytes);
            return document.NumberOfPages > 0 && document.GetPage(1) is not null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // PdfPig reports a broken file with several exception types; any of them means "not a PDF we accept".
            return false;
        }
    }

    /// <summary>Opens a stored file; null for a path that is not one of ours (no way out of the folder).</summary>
    public Stream? Open(string relativePath) => Folder.Open(relativePath);
}
