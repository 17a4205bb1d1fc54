using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Panlong.Data;

/// <summary>
/// The rows a context holds, read without a change detection. <c>DbSet.Local</c> and <c>ChangeTracker.Entries()</c> compare
/// every property of every tracked row with its snapshot each time they are read; a fire looks among the rows it holds a
/// dozen times, and each save detects changes anyway (docs/decisions/0047-one-pass-per-save.md). What is found is the same
/// (a row is added or removed the moment it is, and property values are read from the row); only an Unchanged/Modified
/// state may be out of date until the save.
/// </summary>
public static class TrackedEntities
{
    /// <summary>The tracked rows of a type that are not being deleted (what <c>DbSet.Local</c> holds).</summary>
    public static List<T> Tracked<T>(this DbContext db) where T : class =>
        Undetected(db.ChangeTracker, tracker => tracker.Entries<T>().Where(e => e.State != EntityState.Deleted).Select(e => e.Entity).ToList());

    /// <summary>The rows of a type added since the last save.</summary>
    public static List<T> Added<T>(this DbContext db) where T : class =>
        Undetected(db.ChangeTracker, tracker => tracker.Entries<T>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList());

    /// <summary>Every tracked entry, as the last change detection left their states.</summary>
    public static List<EntityEntry> Entries(ChangeTracker tracker) => Undetected(tracker, t => t.Entries().ToList());

    private static TResult Undetected<TResult>(ChangeTracker tracker, Func<ChangeTracker, TResult> read)
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return read(tracker);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
