using Microsoft.EntityFrameworkCore;

namespace Panlong.Data;

/// <summary>
/// One page of a list. Page and size may come from a caller's query string: page × size is counted in 64 bits and
/// capped, so a huge page number asks for an empty page instead of overflowing into a negative offset (which SQLite
/// reads as the first page and PostgreSQL refuses with an error) — issue 15.
/// </summary>
public static class Paging
{
    /// <summary>
    /// Counting every row of a large list costs more than the page itself (measured: docs/benchmarks.md, issue 4 and
    /// issue 17); nobody pages past ten thousand rows, so a list's count stops there and the page says "more than".
    /// </summary>
    public const int CountCap = 10_000;

    public static IQueryable<T> Page<T>(this IQueryable<T> query, int page, int size)
    {
        var take = Math.Max(1, size);
        return query.Skip((int)Math.Min(int.MaxValue, Math.Max(0L, page) * take)).Take(take);
    }

    /// <summary>The list's count up to <see cref="CountCap"/>, and whether there are more (then the total is the cap).</summary>
    public static async Task<(int Total, bool Capped)> CappedCountAsync<T>(this IQueryable<T> query, CancellationToken ct = default)
    {
        var total = await query.Take(CountCap + 1).CountAsync(ct);
        return (Math.Min(total, CountCap), total > CountCap);
    }
}
