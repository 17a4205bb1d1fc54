using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Providers;

namespace Panlong.Data.Backup;

/// <summary>
/// What a backup holds, written beside it as <c>manifest.json</c> (docs/decisions/0085-backup-restore-retention.md): the schema
/// (last migration), the provider, the files with their SHA-256, the main tables' row counts and a checksum of every
/// case's history — all read from the backup's own snapshot, so a restore can be checked against it exactly.
/// </summary>
public sealed record BackupManifest(
    int Format,
    DateTimeOffset CreatedAt,
    DatabaseProvider Provider,
    string Schema,
    IReadOnlyDictionary<string, string> Files,
    DatabaseFigures Figures)
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public async Task WriteAsync(string folder, CancellationToken ct)
    {
        await using var stream = File.Create(Path.Combine(folder, FileName));
        await JsonSerializer.SerializeAsync(stream, this, Json, ct);
    }

    /// <summary>The manifest of a backup folder (or the manifest file itself); null when it is missing or not a manifest.</summary>
    public static async Task<BackupManifest?> ReadAsync(string path, CancellationToken ct)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, FileName) : path;
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            await using var stream = File.OpenRead(file);
            return await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task<string> Sha256Async(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
    }
}

/// <summary>Row counts of the main tables and the case histories' checksums of one database state.</summary>
public sealed record DatabaseFigures(IReadOnlyDictionary<string, long> Counts, string HistoryDigest, IReadOnlyDictionary<string, string> CaseHistories)
{
    /// <summary>The tables whose counts a restore must give back: the loop, its history, the registry, the people and the audit chain.</summary>
    public static async Task<DatabaseFigures> ReadAsync(PanlongDbContext db, CancellationToken ct)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["Cases"] = await db.Cases.LongCountAsync(ct),
            ["CasePhotos"] = await db.CasePhotos.LongCountAsync(ct),
            ["ProcessInstances"] = await db.ProcessInstances.LongCountAsync(ct),
            ["ProcessSteps"] = await db.ProcessSteps.LongCountAsync(ct),
            ["WorkTasks"] = await db.WorkTasks.LongCountAsync(ct),
            ["People"] = await db.People.LongCountAsync(ct),
            ["Houses"] = await db.Houses.LongCountAsync(ct),
            ["ServiceApplications"] = await db.ServiceApplications.LongCountAsync(ct),
            ["Users"] = await db.Users.LongCountAsync(ct),
            ["OrgUnits"] = await db.OrgUnits.LongCountAsync(ct),
            ["AuditEntries"] = await db.AuditEntries.LongCountAsync(ct),
            ["Notifications"] = await db.Notifications.LongCountAsync(ct),
        };
        var (digest, histories) = await CaseHistoriesAsync(db, ct);
        return new DatabaseFigures(counts, digest, histories);
    }

    /// <summary>
    /// Per case (by number), a SHA-256 over its history rows in order — when, what, from and to, who, the comment and the
    /// working minutes — shortened to 16 hex digits; and one digest over all of them. Streamed: a year is half a million rows.
    /// </summary>
    private static async Task<(string, IReadOnlyDictionary<string, string>)> CaseHistoriesAsync(PanlongDbContext db, CancellationToken ct)
    {
        var histories = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        IncrementalHash? current = null;
        string? number = null;
        var rows = from c in db.Cases.AsNoTracking()
                   join s in db.ProcessSteps.AsNoTracking() on c.InstanceId equals s.InstanceId
                   orderby c.Id, s.Id
                   select new { c.Number, s.Id, s.At, s.Kind, s.Trigger, s.FromState, s.ToState, s.ActorId, s.Comment, s.WorkingMinutes };
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (row.Number != number)
            {
                Close();
                number = row.Number;
                current = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            }
            current!.AppendData(Encoding.UTF8.GetBytes(
                $"{row.Id}\u001f{row.At.UtcTicks}\u001f{row.Kind}\u001f{row.Trigger}\u001f{row.FromState}\u001f{row.ToState}\u001f{row.ActorId}\u001f{row.Comment}\u001f{row.WorkingMinutes}\u001e"));
        }
        Close();
        return (Convert.ToHexStringLower(all.GetHashAndReset()), histories);

        void Close()
        {
            if (current is null || number is null)
            {
                return;
            }
            var hash = Convert.ToHexStringLower(current.GetHashAndReset())[..16];
            histories[number] = hash;
            all.AppendData(Encoding.UTF8.GetBytes($"{number}:{hash}\n"));
            current.Dispose();
            current = null;
        }
    }

    /// <summary>What differs from <paramref name="expected"/>, in words (empty when the same).</summary>
    public IReadOnlyList<string> DifferencesFrom(DatabaseFigures expected)
    {
        var differences = expected.Counts
            .Where(e => Counts.GetValueOrDefault(e.Key, -1) != e.Value)
            .Select(e => $"{e.Key}: {Counts.GetValueOrDefault(e.Key, -1)} ≠ {e.Value}")
            .ToList();
        var cases = expected.CaseHistories.Where(e => CaseHistories.GetValueOrDefault(e.Key) != e.Value).Select(e => e.Key).ToList();
        if (cases.Count > 0 || HistoryDigest != expected.HistoryDigest)
        {
            differences.Add($"case histories: {cases.Count} differ ({string.Join(", ", cases.Take(5))})");
        }
        return differences;
    }
}
