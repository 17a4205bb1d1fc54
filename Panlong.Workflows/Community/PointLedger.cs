using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Providers;

namespace Panlong.Workflows.Community;

/// <summary>Where a movement comes from; (Type, Id, Action) is unique, so the same source moves beans once.</summary>
public sealed record PointSource(string Type, string Id);

public enum PointOutcome
{
    Done,
    /// <summary>The source already made this movement (a second delivery, a double click): nothing new was written.</summary>
    AlreadyDone,
    NotEnoughBeans,
    InvalidAmount,
    NoAccount,
    /// <summary>The daily cap or a zero rule left nothing to award.</summary>
    NothingToMove,
    /// <summary>The caller's own check inside the transaction refused (e.g. the supermarket's stock).</summary>
    Refused,
}

public sealed record PointResult(PointOutcome Outcome, long? TransactionId = null, int Amount = 0, string? Detail = null)
{
    public bool Ok => Outcome is PointOutcome.Done or PointOutcome.AlreadyDone;
}

/// <summary>
/// The 金豆 ledger (docs/decisions/0052-volunteers-and-points-ledger.md): append-only double entry. Every movement is one
/// <see cref="PointTransaction"/> whose entries sum to zero; a balance is the SUM of an account's entries. Every movement
/// that takes beans out of a volunteer's account (spend, reversal) or depends on what it earned today (award, daily cap)
/// runs with that account locked — SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL's and SQL Server's row lock — so
/// concurrent spends are serialized and the balance never goes below zero.
/// </summary>
public sealed class PointLedger(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public const string Award = "award";
    public const string Reverse = "reverse";
    public const string Spend = "spend";
    public const string Refund = "refund";

    public static Task<long> BalanceAsync(PanlongDbContext db, long accountId, CancellationToken ct = default) =>
        db.PointEntries.Where(e => e.AccountId == accountId).SumAsync(e => (long)e.Amount, ct);

    public async Task<long> BalanceAsync(long accountId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await BalanceAsync(db, accountId, ct);
    }

    /// <summary>A community's issuing or supermarket account, made on first use (a concurrent maker loses on the unique index and reads the winner's).</summary>
    public async Task<PointAccount> CommunityAccountAsync(PointAccountKind kind, string communityCode, string scopePath, CancellationToken ct = default) =>
        await AccountAsync(kind, communityCode, communityCode, scopePath, ct);

    public async Task<PointAccount> AccountAsync(PointAccountKind kind, string owner, string communityCode, string scopePath, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.PointAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Kind == kind && a.Owner == owner, ct) is { } found)
        {
            return found;
        }
        var account = new PointAccount { Kind = kind, Owner = owner, CommunityCode = communityCode, ScopePath = scopePath };
        db.PointAccounts.Add(account);
        try
        {
            await db.SaveChangesAsync(ct);
            return account;
        }
        catch (DbUpdateException)
        {
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await again.PointAccounts.AsNoTracking().SingleAsync(a => a.Kind == kind && a.Owner == owner, ct);
        }
    }

    public static Task<PointAccount?> VolunteerAccountAsync(PanlongDbContext db, string volunteerCode, CancellationToken ct = default) =>
        db.PointAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Kind == PointAccountKind.Volunteer && a.Owner == volunteerCode, ct);

    /// <summary>
    /// Moves <paramref name="amount"/> beans from a volunteer's account to their community's supermarket, checking the
    /// balance under the account's lock. <paramref name="alongside"/> runs inside the same transaction after the check
    /// (the supermarket's stock change): it returns a refusal text to roll everything back, or null.
    /// </summary>
    public async Task<PointResult> SpendAsync(string volunteerCode, int amount, PointSource source, string memo, string? actorUserId,
        Func<PanlongDbContext, CancellationToken, Task<string?>>? alongside = null, CancellationToken ct = default)
    {
        if (amount <= 0)
        {
            return new PointResult(PointOutcome.InvalidAmount);
        }
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        if (await VolunteerAccountAsync(probe, volunteerCode, ct) is not { } from)
        {
            return new PointResult(PointOutcome.NoAccount);
        }
        var to = await CommunityAccountAsync(PointAccountKind.Supermarket, from.CommunityCode, from.ScopePath, ct);
        return await MoveAsync(from.Id, source, Spend, memo, actorUserId, async (db, balance, ct) =>
        {
            if (balance < amount)
            {
                return new Plan(PointOutcome.NotEnoughBeans, []);
            }
            var refusal = alongside is null ? null : await alongside(db, ct);
            return refusal is not null ? new Plan(PointOutcome.Refused, [], refusal) : new Plan(PointOutcome.Done, [(from.Id, -amount), (to.Id, amount)]);
        }, ct);
    }

    /// <summary>
    /// Awards up to <paramref name="points"/> from the community's issuing account, less what the daily cap leaves
    /// (<paramref name="dailyCap"/> beans awarded per China day; null = no cap).
    /// </summary>
    public async Task<PointResult> AwardAsync(string volunteerCode, int points, int? dailyCap, PointSource source, string memo, DateTimeOffset at,
        CancellationToken ct = default)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        if (await VolunteerAccountAsync(probe, volunteerCode, ct) is not { } to)
        {
            return new PointResult(PointOutcome.NoAccount);
        }
        if (await probe.PointTransactions.AnyAsync(t => t.SourceType == source.Type && t.SourceId == source.Id && t.Action == Award, ct))
        {
            return new PointResult(PointOutcome.AlreadyDone);
        }
        var issuing = await CommunityAccountAsync(PointAccountKind.Issuing, to.CommunityCode, to.ScopePath, ct);
        var day = ChinaTime.StartOf(ChinaTime.DateOf(at));
        return await MoveAsync(to.Id, source, Award, memo, null, async (db, _, ct) =>
        {
            var amount = points;
            if (dailyCap is { } cap)
            {
                var next = day.AddDays(1);
                var earned = await db.PointEntries
                    .Where(e => e.AccountId == to.Id && e.Amount > 0)
                    .Join(db.PointTransactions.Where(t => t.Action == Award && t.At >= day && t.At < next), e => e.TransactionId, t => t.Id, (e, _) => e.Amount)
                    .SumAsync(a => (long)a, ct);
                amount = (int)Math.Clamp(cap - earned, 0, points);
            }
            return amount <= 0
                ? new Plan(PointOutcome.NothingToMove, [], "cap")
                : new Plan(PointOutcome.Done, [(issuing.Id, -amount), (to.Id, amount)]);
        }, ct, at);
    }

    /// <summary>
    /// Compensates the award of <paramref name="source"/> with a movement back to the issuing account — never an edit.
    /// Beans already spent cannot be taken back below zero: the reversal takes what the balance holds and says so in its memo.
    /// </summary>
    public async Task<PointResult> ReverseAsync(PointSource source, string reason, string? actorUserId, CancellationToken ct = default)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        var award = await probe.PointTransactions.AsNoTracking().Include(t => t.Entries)
            .SingleOrDefaultAsync(t => t.SourceType == source.Type && t.SourceId == source.Id && t.Action == Award, ct);
        if (award is null)
        {
            return new PointResult(PointOutcome.NothingToMove, Detail: "no award");
        }
        var credited = award.Entries.Single(e => e.Amount > 0);
        var debited = award.Entries.Single(e => e.Amount < 0);
        return await MoveAsync(credited.AccountId, source, Reverse, reason, actorUserId, (_, balance, _) =>
        {
            var amount = (int)Math.Min(credited.Amount, Math.Max(balance, 0));
            var shortfall = credited.Amount - amount;
            var memo = shortfall > 0 ? $"{reason}（已花费 {shortfall}，未能收回）" : reason;
            return Task.FromResult(amount <= 0
                ? new Plan(PointOutcome.NothingToMove, [], "spent")
                : new Plan(PointOutcome.Done, [(credited.AccountId, -amount), (debited.AccountId, amount)], Memo: memo, Reverses: award.Id));
        }, ct);
    }

    /// <summary>
    /// Gives a spend of <paramref name="source"/> back (an order cancelled before pick-up, docs/decisions/0054-supermarket.md):
    /// a compensating movement from the supermarket to the volunteer, never an edit, under the volunteer account's lock like
    /// the spend. <paramref name="alongside"/> runs in the same transaction (the order's status and its stock); a refusal
    /// text rolls everything back. The same source refunds once.
    /// </summary>
    public async Task<PointResult> RefundAsync(PointSource source, string memo, string? actorUserId,
        Func<PanlongDbContext, CancellationToken, Task<string?>>? alongside = null, CancellationToken ct = default)
    {
        await using var probe = await dbFactory.CreateDbContextAsync(ct);
        var spend = await probe.PointTransactions.AsNoTracking().Include(t => t.Entries)
            .SingleOrDefaultAsync(t => t.SourceType == source.Type && t.SourceId == source.Id && t.Action == Spend, ct);
        if (spend is null)
        {
            return new PointResult(PointOutcome.NothingToMove, Detail: "no spend");
        }
        var debited = spend.Entries.Single(e => e.Amount < 0);
        var credited = spend.Entries.Single(e => e.Amount > 0);
        return await MoveAsync(debited.AccountId, source, Refund, memo, actorUserId, async (db, _, ct) =>
        {
            var refusal = alongside is null ? null : await alongside(db, ct);
            return refusal is not null
                ? new Plan(PointOutcome.Refused, [], refusal)
                : new Plan(PointOutcome.Done, [(credited.AccountId, -credited.Amount), (debited.AccountId, credited.Amount)], Reverses: spend.Id);
        }, ct);
    }

    /// <summary>What a movement will write, decided with the account locked and its balance read.</summary>
    private sealed record Plan(PointOutcome Outcome, IReadOnlyList<(long Account, int Amount)> Entries, string? Detail = null, string? Memo = null, long? Reverses = null);

    private async Task<PointResult> MoveAsync(long lockedAccountId, PointSource source, string action, string memo, string? actorUserId,
        Func<PanlongDbContext, long, CancellationToken, Task<Plan>> plan, CancellationToken ct, DateTimeOffset? at = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var strategy = db.Database.CreateExecutionStrategy();
        try
        {
            return await strategy.ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                // SQLite: BEGIN IMMEDIATE takes the database's write lock before the balance is read.
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.LockRowAsync<PointAccount>(lockedAccountId, ct);
                if (await db.PointTransactions.AnyAsync(t => t.SourceType == source.Type && t.SourceId == source.Id && t.Action == action, ct))
                {
                    return new PointResult(PointOutcome.AlreadyDone);
                }
                var decided = await plan(db, await BalanceAsync(db, lockedAccountId, ct), ct);
                if (decided.Outcome != PointOutcome.Done)
                {
                    return new PointResult(decided.Outcome, Detail: decided.Detail);
                }
                var movement = Movement(source, action, decided.Memo ?? memo, actorUserId, at ?? clock.GetUtcNow(), decided.Reverses, decided.Entries);
                db.PointTransactions.Add(movement);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return new PointResult(PointOutcome.Done, movement.Id, decided.Entries.Where(e => e.Amount > 0).Sum(e => e.Amount));
            }, ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // Another node inserted the same source's movement between our check and our insert: the unique key refused ours.
            if (await IsDoneAsync(source, action, ct))
            {
                return new PointResult(PointOutcome.AlreadyDone);
            }
            throw;
        }
    }

    private async Task<bool> IsDoneAsync(PointSource source, string action, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PointTransactions.AnyAsync(t => t.SourceType == source.Type && t.SourceId == source.Id && t.Action == action, ct);
    }

    /// <summary>Builds a movement; refuses one whose entries do not balance, so no code path can write an unbalanced one.</summary>
    public static PointTransaction Movement(PointSource source, string action, string memo, string? actorUserId, DateTimeOffset at, long? reverses,
        IReadOnlyList<(long Account, int Amount)> entries)
    {
        if (entries.Count < 2 || entries.Sum(e => (long)e.Amount) != 0 || entries.Any(e => e.Amount == 0))
        {
            throw new InvalidOperationException("A movement needs at least two non-zero entries that sum to zero.");
        }
        return new PointTransaction
        {
            SourceType = source.Type,
            SourceId = source.Id,
            Action = action,
            Memo = memo.Length > 200 ? memo[..200] : memo,
            ActorUserId = actorUserId,
            At = at,
            ReversesId = reverses,
            Entries = entries.Select(e => new PointEntry { AccountId = e.Account, Amount = e.Amount }).ToList(),
        };
    }
}
