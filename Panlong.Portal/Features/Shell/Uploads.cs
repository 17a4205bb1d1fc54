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
}
