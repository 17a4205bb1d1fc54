using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Audit;

/// <summary>An archive run: the rows it moved (sequence numbers) and the file, or where the chain broke (nothing moved).</summary>
public sealed record AuditArchiveResult(long From, long Through, long Rows, string? File, long? BrokenAt);

/// <summary>
/// Moves the oldest rows, once older than the retention, to a gzip file of JSON lines and removes them: a first line
/// with the hash the cut starts from, the rows with their hashes, a last line with the hash at the cut, which the head
/// keeps so the rows left in the database verify from it (docs/decisions/0028-audit-hash-chain.md).
/// </summary>
public sealed class AuditArchive(IDbContextFactory<PanlongDbContext> dbFactory, AuditRetention retention, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Lines = new(JsonSerializerDefaults.Web);

    /// <summary>Archives the rows written before <paramref name="before"/> (default: the retention's start); null when there are none.</summary>
    public async Task<AuditArchiveResult?> ArchiveAsync(DateTimeOffset? before = null, CancellationToken ct = default)
    {
        var keptSince = retention.KeptSince(clock.GetUtcNow());
        var cut = before ?? keptSince;
        if (cut > keptSince)
        {
            throw new AuditRetentionException(
                $"审计日志须保留 {retention.Months} 个月，不能归档 {keptSince:yyyy-MM-dd} 之后的记录。 (Audit rows are kept {retention.Months} months; nothing after {keptSince:yyyy-MM-dd} can be archived.)");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        // The cut stops before the first row inside the retention, so a late row with an old time cannot take younger ones with it.
        var young = await db.AuditEntries.Where(a => a.Sequence > head.ArchivedThrough && a.At >= cut).MinAsync(a => a.Sequence, ct);
        var through = Math.Min((young ?? long.MaxValue) - 1, head.Sequence);
        if (through <= head.ArchivedThrough)
        {
            return null;
        }
        var from = head.ArchivedThrough + 1;
        Directory.CreateDirectory(retention.ArchivePath);
        var file = Path.Combine(retention.ArchivePath, $"audit-{from:D12}-{through:D12}.jsonl.gz");
        var walk = await WriteAsync(db, head, through, file + ".part", ct);
        if (walk.BrokenAt is { } broken)
        {
            File.Delete(file + ".part");
            await audit.WriteAsync(AuditActions.AuditChainBroken, null, "audit archive", "audit-chain", $"broken at {broken} ({walk.Reason})", ct: ct);
            return new AuditArchiveResult(from, through, walk.Rows, null, broken);
        }
        File.Move(file + ".part", file, overwrite: true);
        await RemoveAsync(db, head.ArchivedThrough, through, walk.LastHash, ct);
        await audit.WriteAsync(AuditActions.AuditArchived, null, "audit archive", Path.GetFileName(file), $"{from}-{through} ({walk.Rows}) {walk.LastHash}", ct: ct);
        return new AuditArchiveResult(from, through, walk.Rows, file, null);
    }

    private static async Task<AuditChainWalk> WriteAsync(PanlongDbContext db, AuditChainHead head, long through, string path, CancellationToken ct)
    {
        await using var gzip = new GZipStream(File.Create(path), CompressionLevel.Optimal);
        await using var writer = new StreamWriter(gzip, new UTF8Encoding(false));
        await writer.WriteLineAsync(JsonSerializer.Serialize(new ArchiveCut(head.ArchivedThrough, head.ArchivedHash), Lines));
        var walk = await AuditChainWalk.WalkAsync(db, head.ArchivedThrough, head.ArchivedHash, through,
            async (entry, _) => await writer.WriteLineAsync(JsonSerializer.Serialize(entry, Lines)), ct);
        await writer.WriteLineAsync(JsonSerializer.Serialize(new ArchiveCut(walk.LastSequence, walk.LastHash), Lines));
        return walk;
    }

    /// <summary>The rows go and the head moves to the cut in one transaction, holding the head like an append.</summary>
    private static async Task RemoveAsync(PanlongDbContext db, long after, long through, string cutHash, CancellationToken ct) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var head = await AuditChain.LockHeadAsync(db, ct);
            if (head.ArchivedThrough != after)
            {
                throw new InvalidOperationException("Another archive run moved the cut meanwhile.");
            }
            await db.AuditEntries.Where(a => a.Sequence > after && a.Sequence <= through).ExecuteDeleteAsync(ct);
            await db.AuditChainHeads.Where(h => h.Id == AuditChainHead.SingleId)
                .ExecuteUpdateAsync(s => s.SetProperty(h => h.ArchivedThrough, through).SetProperty(h => h.ArchivedHash, cutHash), ct);
            await transaction.CommitAsync(ct);
        }, ct);

    /// <summary>Checks an archive file on its own, line by line: its rows link from its first line's hash to its last line's.</summary>
    public static async Task<AuditChainWalk> VerifyFileAsync(string path, CancellationToken ct = default)
    {
        await using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var start = JsonSerializer.Deserialize<ArchiveCut>(await reader.ReadLineAsync(ct) ?? "null", Lines)!;
        var (last, hash) = (start.Sequence, start.Hash);
        // Every line but the last is a row; the last is the cut it ends at.
        var line = await reader.ReadLineAsync(ct);
        for (var next = await reader.ReadLineAsync(ct); next is not null; line = next, next = await reader.ReadLineAsync(ct))
        {
            var entry = JsonSerializer.Deserialize<AuditEntry>(line!, Lines)!;
            if (entry.Sequence != last + 1 || AuditHash.Of(hash, entry) != entry.Hash)
            {
                return new AuditChainWalk(last - start.Sequence, last, hash, last + 1, entry.Sequence != last + 1 ? AuditChainWalk.Missing : AuditChainWalk.Altered);
            }
            (last, hash) = (last + 1, entry.Hash!);
        }
        var end = line is null ? null : JsonSerializer.Deserialize<ArchiveCut>(line, Lines);
        var intact = end is not null && last == end.Sequence && hash == end.Hash;
        return new AuditChainWalk(last - start.Sequence, last, hash, intact ? null : last + 1, intact ? null : AuditChainWalk.Missing);
    }

    private sealed record ArchiveCut(long Sequence, string Hash);
}
