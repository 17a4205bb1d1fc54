using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;

namespace Panlong.Workflows.Engine.Runtime;

/// <summary>
/// Readable numbers of the form letters + date (China time) + a 5-digit serial of the day (AJ… cases, BJ… applications).
/// The next serial is read, not reserved: two writers at the same moment collide on the column's unique index and the
/// loser takes the next one.
/// </summary>
public static class DailyNumbers
{
    public static string Prefix(string letters, DateTimeOffset now) =>
        letters + ChinaTime.DayKey(now);

    public static async Task<string> NextAsync(IQueryable<string?> numbers, string prefix, CancellationToken ct)
    {
        var last = await numbers.Where(n => n != null && n.StartsWith(prefix)).OrderByDescending(n => n).FirstOrDefaultAsync(ct);
        var serial = last is null ? 1 : int.Parse(last[prefix.Length..], CultureInfo.InvariantCulture) + 1;
        return $"{prefix}{serial:D5}";
    }
}
