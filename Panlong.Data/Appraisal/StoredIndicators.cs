namespace Panlong.Data.Appraisal;

/// <summary>
/// The figures of a closed appraisal period (a month, quarter or year whose end has passed) for one region, computed once
/// and kept (docs/decisions/0041-stored-indicators.md): the JSON of what the dashboard shows, the configuration row it was
/// graded with (null: the defaults), and whether a late fact has touched the period since. A stale row, or one graded with
/// another configuration, is computed again on its next read; the running period is never stored. A closed month's grouped
/// counts (<see cref="StoredContent.MonthCounts"/>) are kept the same way, so that the one mark covers both.
/// </summary>
public class StoredIndicators
{
    public long Id { get; set; }
    public required string ScopePath { get; set; }
    /// <summary>The figures of the period, or a closed month's grouped counts for the running year (docs/decisions/0048-running-year-from-stored-months.md).</summary>
    public StoredContent Content { get; set; }
    public DateOnly From { get; set; }
    /// <summary>Exclusive.</summary>
    public DateOnly To { get; set; }
    public int? SettingId { get; set; }
    public required string Json { get; set; }
    public DateTimeOffset ComputedAt { get; set; }
    /// <summary>When a late fact (or a case change) for a day of the period was saved; null while the figures hold.</summary>
    public DateTimeOffset? StaleSince { get; set; }
}
