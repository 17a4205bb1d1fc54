namespace Panlong.Data;

/// <summary>
/// One page of a list. Page and size may come from a caller's query string: page × size is counted in 64 bits and
/// capped, so a huge page number asks for an empty page instead of overflowing into a negative offset (which SQLite
/// reads as the first page and PostgreSQL refuses with an error) — issue 15.
/// </summary>
public static class Paging
{
    public static IQueryable<T> Page<T>(this IQueryable<T> query, int page, int size)
    {
        var take = Math.Max(1, size);
        return query.Skip((int)Math.Min(int.MaxValue, Math.Max(0L, page) * take)).Take(take);
    }
}
