namespace Panlong.Workflows.Appraisal;

/// <summary>
/// Stored months' counts already parsed in this process, by row and stamp (docs/decisions/0066-running-year-at-city-scale.md).
/// A row's stamp (<see cref="StoredCounts.Stamp"/>) is new on every write, and the reader reads it from the database on every
/// visit, so a kept month is used only while the row still holds what was parsed: a row rewritten by another node, or counted
/// again after a late fact, has another stamp and is parsed again. The least recently used rows go first when full.
/// </summary>
public sealed class ParsedMonths(int capacity = ParsedMonths.DefaultCapacity)
{
    /// <summary>Eleven months of a year for a few dozen regions (a month of the city's district is a few MB parsed).</summary>
    public const int DefaultCapacity = 256;

    private sealed record Entry(string Stamp, AppraisalCounts Counts, long Used);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Entry> _rows = [];
    private long _uses;

    /// <summary>The counts parsed from row <paramref name="id"/> when it had <paramref name="stamp"/>; null when not kept or rewritten since.</summary>
    public AppraisalCounts? Get(long id, string stamp)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(id, out var entry) || entry.Stamp != stamp)
            {
                return null;
            }
            _rows[id] = entry with { Used = ++_uses };
            return entry.Counts;
        }
    }

    public void Put(long id, string stamp, AppraisalCounts counts)
    {
        lock (_lock)
        {
            _rows[id] = new Entry(stamp, counts, ++_uses);
            if (_rows.Count > capacity)
            {
                _rows.Remove(_rows.MinBy(r => r.Value.Used).Key);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _rows.Count;
            }
        }
    }
}
