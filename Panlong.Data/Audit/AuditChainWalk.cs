using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Audit;

/// <summary>Where a walk along the chain stopped: at its end (<see cref="BrokenAt"/> null) or at the first row that does not link.</summary>
public sealed record AuditChainWalk(long Rows, long LastSequence, string LastHash, long? BrokenAt, string? Reason)
{
    public const int BatchSize = 10_000;
    public const string Missing = "missing";
    public const string Altered = "altered";
    public const string Outside = "outside";

    /// <summary>
    /// Reads the rows after <paramref name="from"/> through <paramref name="through"/> in sequence order, a batch at a
    /// time (a million rows take a batch's memory), and checks that each follows the one before and hashes to its hash.
    /// </summary>
    public static async Task<AuditChainWalk> WalkAsync(PanlongDbContext db, long from, string fromHash, long through,
        Func<AuditEntry, CancellationToken, ValueTask>? visit = null, CancellationToken ct = default)
    {
        var (last, hash, rows) = (from, fromHash, 0L);
        while (last < through)
        {
            var next = last;
            var batch = await db.AuditEntries.AsNoTracking().Where(a => a.Sequence > next && a.Sequence <= through)
                .OrderBy(a => a.Sequence).Take(BatchSize).ToListAsync(ct);
            if (batch.Count == 0)
            {
                return new(rows, last, hash, last + 1, Missing);
            }
            foreach (var entry in batch)
            {
                if (entry.Sequence != last + 1)
                {
                    return new(rows, last, hash, last + 1, Missing);
                }
                var expected = AuditHash.Of(hash, entry);
                if (expected != entry.Hash)
                {
                    return new(rows, last, hash, last + 1, Altered);
                }
                if (visit is not null)
                {
                    await visit(entry, ct);
                }
                (last, hash, rows) = (last + 1, expected, rows + 1);
            }
        }
        return new(rows, last, hash, null, null);
    }
}
