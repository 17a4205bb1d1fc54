namespace Panlong.Portal.Features.Shell;

/// <summary>Reading an upload without trusting its announced length.</summary>
public static class Uploads
{
    /// <summary>The whole content, or null as soon as it grows past <paramref name="maxBytes"/> (the rest is never read).</summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream content, long maxBytes, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Opens a file stored below <paramref name="root"/>; null for a path that leads elsewhere or to nothing.</summary>
    public static Stream? OpenUnder(string root, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(root, relativePath));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(full) ? File.OpenRead(full) : null;
    }
}
