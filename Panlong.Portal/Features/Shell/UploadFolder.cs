namespace Panlong.Portal.Features.Shell;

/// <summary>
/// A folder of uploads whose files appear only with their rows (docs/decisions/0023-upload-safety.md). An accepted upload
/// is first written under <c>.staging/</c> by a temporary name; the save that adds its row moves it into place
/// (<see cref="UploadPlacement"/>), a failed save moves it back, and whatever is still staged when the request or page is
/// done is discarded. Paths handed out are relative to the folder (e.g. <c>cases/2026/11/…jpg</c>).
/// </summary>
public sealed class UploadFolder(string root)
{
    public const string StagingFolder = ".staging";

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Writes a staged file for <paramref name="storedPath"/>; it is not in place (nor served) until its row is saved.</summary>
    public async Task StageAsync(string storedPath, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var staged = Staged(storedPath) ?? throw new ArgumentException($"'{storedPath}' is not inside the upload folder.", nameof(storedPath));
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        await File.WriteAllBytesAsync(staged, content, ct);
    }

    /// <summary>Moves a staged file into place; a file that was not staged here (demo rows, a second save) is left alone.</summary>
    public void Place(string storedPath)
    {
        if (Staged(storedPath) is not { } staged || !File.Exists(staged) || Full(storedPath) is not { } final)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        File.Move(staged, final, overwrite: true);
        // Its age starts now: the orphan sweep must not take a file staged long ago whose row is being saved this moment.
        File.SetLastWriteTimeUtc(final, DateTime.UtcNow);
    }

    /// <summary>
    /// Writes a file the server derived from a placed one (a cached copy) straight into place: under a temporary name first,
    /// then renamed, so a concurrent reader sees the whole file or none (two first requests at once both write the same bytes).
    /// </summary>
    public async Task KeepAsync(string storedPath, ReadOnlyMemory<byte> content, CancellationToken ct = default)
    {
        var final = Full(storedPath) ?? throw new ArgumentException($"'{storedPath}' is not inside the upload folder.", nameof(storedPath));
        var temporary = $"{final}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, final, overwrite: true);
    }

    /// <summary>Undoes <see cref="Place"/> after a failed save, so the file goes with the staged ones.</summary>
    public void Unplace(string storedPath)
    {
        if (Full(storedPath) is { } final && Staged(storedPath) is { } staged && File.Exists(final) && !File.Exists(staged))
        {
            File.Move(final, staged);
        }
    }

    /// <summary>Deletes the staged file, if it is still staged (placed files stay).</summary>
    public void Discard(string storedPath)
    {
        if (Staged(storedPath) is { } staged && File.Exists(staged))
        {
            File.Delete(staged);
        }
    }

    /// <summary>Opens a placed file; null for a path that leads elsewhere, into staging, or to nothing.</summary>
    public Stream? Open(string relativePath)
    {
        var full = Inside(Path.Combine(Root, relativePath));
        return full is not null
            && !full.StartsWith(Path.Combine(Root, StagingFolder) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && File.Exists(full) ? File.OpenRead(full) : null;
    }

    private string? Full(string storedPath) => Inside(Path.Combine(Root, storedPath));

    private string? Staged(string storedPath) => Inside(Path.Combine(Root, StagingFolder, storedPath));

    /// <summary>The full path, or null for one that leads out of the folder (a row's path is never trusted to stay inside).</summary>
    private string? Inside(string path)
    {
        var full = Path.GetFullPath(path);
        return full.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }
}
