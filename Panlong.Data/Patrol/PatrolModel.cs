namespace Panlong.Data.Patrol;

/// <summary>
/// One patroller's shift (issue 19 part 1, docs/decisions/0068-patrol-shifts-and-tracks.md): who, where they belong
/// (<see cref="ScopePath"/> = their org unit: the area they patrol, and what decides who may watch them), when, and the
/// last plausible position for the live map, so watchers never scan the fixes.
/// </summary>
public class PatrolShift : IOrgScoped
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public required string ScopePath { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Sequence number of the newest fix the live position was taken from; -1 before the first.</summary>
    public int LastSeq { get; set; } = -1;
    public DateTimeOffset? LastAt { get; set; }
    public int? LastLatE6 { get; set; }
    public int? LastLngE6 { get; set; }
    /// <summary>When the shift lead was last told of a stop / of the patroller outside the area: each spell is told once.</summary>
    public DateTimeOffset? StopAlertedAt { get; set; }
    public DateTimeOffset? OutsideAlertedAt { get; set; }
}

/// <summary>
/// One position of a shift, stored compactly: the key is the shift and the phone's sequence number (a batch sent twice
/// is stored once), the time is seconds from the shift's start, the position WGS-84 micro-degrees (≈ 0.1 m) and the
/// accuracy whole metres. Implausible fixes (outside China, too fast) are kept as sent and flagged when read (<c>PatrolTrack</c>).
/// </summary>
public class PatrolFix
{
    public long ShiftId { get; set; }
    public int Seq { get; set; }
    public int Second { get; set; }
    public int LatE6 { get; set; }
    public int LngE6 { get; set; }
    public short Accuracy { get; set; }
}
