using Panlong.Data.Maps;
using Panlong.Workflows.Community;

namespace Panlong.Workflows.Patrol;

/// <summary>One position as the phone sent it (WGS-84 degrees, accuracy in metres).</summary>
public sealed record TrackFix(int Seq, DateTimeOffset At, double Lat, double Lng, int Accuracy);

public enum FixCheck
{
    None,
    /// <summary>Outside China's box: a spoofed or broken position.</summary>
    OutsideChina,
    /// <summary>Implies more than <see cref="PatrolTrack.MaxMetresPerSecond"/> from the previous good fix.</summary>
    TooFast,
}

/// <summary>A stop: the patroller stayed within <see cref="PatrolSettings.StopMeters"/> of one place at least the configured minutes.</summary>
public sealed record TrackStop(DateTimeOffset From, DateTimeOffset To, double Lat, double Lng)
{
    public TimeSpan Length => To - From;
}

/// <summary>What a shift's track says (issue 19 part 1): distance, grids visited, stops, time outside the assigned area.</summary>
public sealed record TrackFigures(
    double Metres, IReadOnlyList<GridHit> Grids, IReadOnlyList<TrackStop> Stops, TimeSpan Outside, int Flagged,
    DateTimeOffset? StoppedSince, DateTimeOffset? OutsideSince);

/// <summary>
/// The rules of a track that need no database: which fixes are implausible, and the shift's figures from the good ones
/// (docs/decisions/0068-patrol-shifts-and-tracks.md). Fixes are taken in the order of their time, then sequence number.
/// </summary>
public static class PatrolTrack
{
    /// <summary>200 km/h (issue 19, bad input): faster than any patrol on foot, bicycle or car in a city.</summary>
    public const double MaxMetresPerSecond = 200_000d / 3600;

    /// <summary>China's extreme points (73.5°E–135.1°E, 3.8°N–53.6°N): a box, so a position in a neighbour close to the border passes.</summary>
    public static bool InChina(double lat, double lng) => lat is >= 3.8 and <= 53.6 && lng is >= 73.5 and <= 135.1;

    public static IReadOnlyList<(TrackFix Fix, FixCheck Check)> Flag(IEnumerable<TrackFix> fixes)
    {
        var result = new List<(TrackFix, FixCheck)>();
        TrackFix? previous = null;
        foreach (var fix in fixes.OrderBy(f => f.At).ThenBy(f => f.Seq))
        {
            var flag = !InChina(fix.Lat, fix.Lng) ? FixCheck.OutsideChina
                : previous is not null && TooFast(previous, fix) ? FixCheck.TooFast
                : FixCheck.None;
            result.Add((fix, flag));
            if (flag == FixCheck.None)
            {
                previous = fix;
            }
        }
        return result;
    }

    /// <summary>Whether <paramref name="next"/> is implausible after <paramref name="previous"/> (the live map's check of a new fix).</summary>
    public static bool TooFast(TrackFix previous, TrackFix next)
    {
        var seconds = Math.Abs((next.At - previous.At).TotalSeconds);
        var metres = ServiceOrderRules.Meters(previous.Lat, previous.Lng, next.Lat, next.Lng);
        // Two fixes in the same second are allowed the distance of one second.
        return metres > MaxMetresPerSecond * Math.Max(1, seconds);
    }

    /// <param name="inArea">Whether a grid (null: outside every grid) is in the patroller's assigned area.</param>
    public static TrackFigures Analyze(IEnumerable<TrackFix> fixes, Func<TrackFix, GridHit?> locate, Func<GridHit?, bool> inArea, TimeSpan stopAfter, double stopMeters)
    {
        var flagged = Flag(fixes);
        var good = flagged.Where(f => f.Check == FixCheck.None).Select(f => f.Fix).ToList();
        var grids = new Dictionary<int, GridHit>();
        var stops = new List<TrackStop>();
        var metres = 0d;
        var outside = TimeSpan.Zero;
        DateTimeOffset? outsideSince = null;
        TrackFix? anchor = null;
        TrackFix? previous = null;
        foreach (var fix in good)
        {
            var grid = locate(fix);
            if (grid is not null)
            {
                grids.TryAdd(grid.Id, grid);
            }
            if (previous is not null)
            {
                metres += ServiceOrderRules.Meters(previous.Lat, previous.Lng, fix.Lat, fix.Lng);
                if (outsideSince is not null)
                {
                    outside += fix.At - previous.At;
                }
            }
            outsideSince = inArea(grid) ? null : outsideSince ?? fix.At;
            if (anchor is null || ServiceOrderRules.Meters(anchor.Lat, anchor.Lng, fix.Lat, fix.Lng) > stopMeters)
            {
                AddStop(stops, anchor, previous, stopAfter);
                anchor = fix;
            }
            previous = fix;
        }
        AddStop(stops, anchor, previous, stopAfter);
        var stoppedSince = anchor is not null && stops.Count > 0 && stops[^1].From == anchor.At ? anchor.At : (DateTimeOffset?)null;
        return new TrackFigures(metres, [.. grids.Values.OrderBy(g => g.Code, StringComparer.Ordinal)], stops, outside,
            flagged.Count - good.Count, stoppedSince, outsideSince);
    }

    private static void AddStop(List<TrackStop> stops, TrackFix? anchor, TrackFix? last, TimeSpan stopAfter)
    {
        if (anchor is not null && last is not null && last.At - anchor.At >= stopAfter)
        {
            stops.Add(new TrackStop(anchor.At, last.At, anchor.Lat, anchor.Lng));
        }
    }
}
