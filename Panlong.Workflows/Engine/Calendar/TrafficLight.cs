namespace Panlong.Workflows.Engine.Calendar;

public enum TrafficLight
{
    Green,
    Yellow,
    Red,
}

public static class TrafficLights
{
    /// <summary>docs/domain.md §2: green under 80% of the limit used, yellow from 80% to 100%, red when over.</summary>
    public const double YellowFrom = 0.8;

    public static TrafficLight For(TimeSpan used, TimeSpan limit)
    {
        if (limit <= TimeSpan.Zero)
        {
            return used > TimeSpan.Zero ? TrafficLight.Red : TrafficLight.Green;
        }
        var share = used / limit;
        return share < YellowFrom ? TrafficLight.Green : share <= 1.0 ? TrafficLight.Yellow : TrafficLight.Red;
    }

    /// <summary>The light of a piece of work that started at <paramref name="start"/> and is due at <paramref name="due"/>, seen at <paramref name="now"/>.</summary>
    public static TrafficLight For(WorkingCalendar calendar, DateTimeOffset start, DateTimeOffset due, DateTimeOffset now) =>
        For(calendar.WorkingTimeBetween(start, now), calendar.WorkingTimeBetween(start, due));
}
