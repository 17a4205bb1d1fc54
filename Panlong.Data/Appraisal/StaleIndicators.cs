using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Panlong.Data.Appraisal;

/// <summary>
/// Marks stored figures stale when a save touches a day of their period (docs/decisions/0041-stored-indicators.md): a case
/// fact written or changed there (a late handling is due there, a rework supersedes an earlier completion due there), or a
/// case received there or whose open step fell due there (its filing counts for 有效上报, its completion or extension ends an
/// open duty). Inside a transaction the days of all its saves are marked by one statement just before it commits, in it;
/// a save without one is marked as it starts. Days no stored period can hold (this month's) are not marked at all
/// (docs/decisions/0047-one-pass-per-save.md).
/// </summary>
public sealed class StaleIndicators(TimeProvider clock) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    /// <summary>Another node's clock may run this far ahead of ours and already store the month that ours still runs.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private readonly ConditionalWeakTable<DbContext, Span> _pending = [];

    private sealed record Span(DateOnly First, DateOnly Last)
    {
        public Span With(DateOnly first, DateOnly last) => new(first < First ? first : First, last > Last ? last : Last);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is PanlongDbContext db && Touched(eventData) is { } span && !Defer(db, span))
        {
            Query(db, span).ExecuteUpdate(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()));
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PanlongDbContext db && Touched(eventData) is { } span && !Defer(db, span))
        {
            await Query(db, span).ExecuteUpdateAsync(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()), cancellationToken);
        }
        return result;
    }

    public InterceptionResult TransactionCommitting(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
    {
        if (eventData.Context is PanlongDbContext db && Take(db) is { } span)
        {
            Query(db, span).ExecuteUpdate(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()));
        }
        return result;
    }

    public async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PanlongDbContext db && Take(db) is { } span)
        {
            await Query(db, span).ExecuteUpdateAsync(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()), cancellationToken);
        }
        return result;
    }

    // A transaction rolled back (or begun again by a retry) wrote nothing: the days of its saves are forgotten with it.
    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The days the save touches that a stored period may hold. Figures are stored only for periods that have ended
    /// (IndicatorStore), and periods are whole months, quarters or years, so none holds a day of the month running now —
    /// on any node's clock within <see cref="ClockSkew"/> of ours.
    /// </summary>
    private Span? Touched(DbContextEventData eventData)
    {
        if (SaveTouches.Of(eventData).Days is not var (first, last))
        {
            return null;
        }
        var today = ChinaTime.DateOf(clock.GetUtcNow() + ClockSkew);
        return first < new DateOnly(today.Year, today.Month, 1) ? new Span(first, last) : null;
    }

    /// <summary>Keeps the span for the transaction's commit when the save runs in one; false when it must be marked now.</summary>
    private bool Defer(PanlongDbContext db, Span span)
    {
        if (db.Database.CurrentTransaction is null)
        {
            return false;
        }
        _pending.AddOrUpdate(db, _pending.TryGetValue(db, out var earlier) ? earlier.With(span.First, span.Last) : span);
        return true;
    }

    private Span? Take(DbContext db)
    {
        if (!_pending.TryGetValue(db, out var span))
        {
            return null;
        }
        _pending.Remove(db);
        return span;
    }

    private void Forget(DbContext? db)
    {
        if (db is not null)
        {
            _pending.Remove(db);
        }
    }

    private static IQueryable<StoredIndicators> Query(PanlongDbContext db, Span span) =>
        db.StoredIndicators.Where(s => s.StaleSince == null && s.From <= span.Last && s.To > span.First);
}
