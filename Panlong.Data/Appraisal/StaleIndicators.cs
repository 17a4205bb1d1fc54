using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data.Cases;

namespace Panlong.Data.Appraisal;

/// <summary>
/// Marks stored figures stale when a save touches a day of their period (docs/decisions/0041-stored-indicators.md): a case
/// fact written or changed there (a late handling is due there, a rework supersedes an earlier completion due there), or a
/// case received there or whose open step fell due there (its filing counts for 有效上报, its completion or extension ends an
/// open duty). The mark goes in the same transaction when the save has one (the engine's transitions do).
/// </summary>
public sealed class StaleIndicators(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is PanlongDbContext db && Span(db.ChangeTracker) is var (first, last))
        {
            Query(db, first, last).ExecuteUpdate(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()));
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is PanlongDbContext db && Span(db.ChangeTracker) is var (first, last))
        {
            await Query(db, first, last).ExecuteUpdateAsync(s => s.SetProperty(x => x.StaleSince, clock.GetUtcNow()), cancellationToken);
        }
        return result;
    }

    private static IQueryable<StoredIndicators> Query(PanlongDbContext db, DateOnly first, DateOnly last) =>
        db.StoredIndicators.Where(s => s.StaleSince == null && s.From <= last && s.To > first);

    /// <summary>The first and last China-time day the save touches; null when it touches no fact or case.</summary>
    public static (DateOnly First, DateOnly Last)? Span(ChangeTracker tracker)
    {
        var days = new List<DateOnly>();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            var moments = entry.Entity switch
            {
                CaseFact => Moments(entry, nameof(CaseFact.At), nameof(CaseFact.DueAt)),
                Case => Moments(entry, nameof(Case.ReportedAt), nameof(Case.StepDueAt)),
                _ => [],
            };
            days.AddRange(moments.Select(ChinaTime.DateOf));
        }
        return days.Count == 0 ? null : (days.Min(), days.Max());
    }

    /// <summary>The current and (for a change) the original values of the named moments.</summary>
    private static IEnumerable<DateTimeOffset> Moments(EntityEntry entry, params string[] names)
    {
        foreach (var name in names)
        {
            var property = entry.Property(name);
            if (property.CurrentValue is DateTimeOffset current)
            {
                yield return current;
            }
            if (entry.State == EntityState.Modified && property.OriginalValue is DateTimeOffset original)
            {
                yield return original;
            }
        }
    }
}
