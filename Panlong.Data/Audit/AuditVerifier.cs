using Microsoft.EntityFrameworkCore;

namespace Panlong.Data.Audit;

/// <summary>The answer of a verification: intact with its row count, or the first row (sequence number) where it breaks.</summary>
public sealed record AuditChainStatus(bool Intact, long Rows, long? BrokenAt, string? Reason, string HeadHash, long ArchivedThrough);

/// <summary>
/// Checks the chain from the archive cut to the head read at the start (rows appended meanwhile wait for the next
/// check): every row present, in order, hashing to its hash; the last one the head's; and no row outside the chain.
/// Each check is audited, and a break alerts the security administrators (<see cref="AuditChain"/>).
/// </summary>
public sealed class AuditVerifier(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit)
{
    public async Task<AuditChainStatus> VerifyAsync(string? userId, string? userName, CancellationToken ct = default)
    {
        var status = await CheckAsync(ct);
        await audit.WriteAsync(status.Intact ? AuditActions.AuditVerified : AuditActions.AuditChainBroken, userId, userName, "audit-chain",
            status.Intact ? $"intact {status.Rows}" : $"broken at {status.BrokenAt} ({status.Reason})", ct: ct);
        return status;
    }

    public async Task<AuditChainStatus> CheckAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.AuditChainHeads.AsNoTracking().SingleAsync(ct);
        var walk = await AuditChainWalk.WalkAsync(db, head.ArchivedThrough, head.ArchivedHash, head.Sequence, ct: ct);
        if (walk.BrokenAt is { } at)
        {
            return new(false, walk.Rows, at, walk.Reason, head.Hash, head.ArchivedThrough);
        }
        if (walk.LastHash != head.Hash)
        {
            // The last row changed and hashed again: only the head still remembers.
            return new(false, walk.Rows, head.Sequence, AuditChainWalk.Altered, head.Hash, head.ArchivedThrough);
        }
        if (await OutsideAsync(db, head, ct) is { } outside)
        {
            return new(false, walk.Rows, outside, AuditChainWalk.Outside, head.Hash, head.ArchivedThrough);
        }
        return new(true, walk.Rows, null, null, head.Hash, head.ArchivedThrough);
    }

    /// <summary>A row slipped in beside the chain (no place in it, or a place the archive already took): it breaks the chain after the row before it.</summary>
    private static async Task<long?> OutsideAsync(PanlongDbContext db, AuditChainHead head, CancellationToken ct)
    {
        var stray = await db.AuditEntries.Where(a => a.Sequence == null || a.Sequence <= head.ArchivedThrough)
            .OrderBy(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(ct);
        if (stray is null)
        {
            return null;
        }
        var before = await db.AuditEntries.Where(a => a.Id < stray && a.Sequence > head.ArchivedThrough).MaxAsync(a => a.Sequence, ct);
        return (before ?? head.ArchivedThrough) + 1;
    }
}
