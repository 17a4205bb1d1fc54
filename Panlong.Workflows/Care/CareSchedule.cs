using Panlong.Data;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Workflows.Care;

/// <summary>One visit's window: it opens at the plan's start or the previous visit's due time and closes at <see cref="DueAt"/>.</summary>
public readonly record struct VisitWindow(int Seq, DateTimeOffset OpensAt, DateTimeOffset DueAt)
{
    /// <summary>A visit counts as on time when it was recorded within its window (docs/domain.md "Care plans").</summary>
    public bool Within(DateTimeOffset at) => at >= OpensAt && at <= DueAt;
}

/// <summary>
/// The visits of a plan on the working calendar (docs/decisions/0087-care-plans.md): the first is due at the close of the N-th
/// working day after the start day (the start day does not count, as in 自…之日起 N 个工作日), each next one N working days after
/// the one before; the last is the last due on or before the end day. Holidays and 调休 days come from the calendar.
/// </summary>
public static class CareSchedule
{
    public static IReadOnlyList<VisitWindow> Visits(WorkingCalendar calendar, DateOnly start, DateOnly end, int intervalWorkingDays)
    {
        var visits = new List<VisitWindow>();
        if (intervalWorkingDays < 1 || end < start)
        {
            return visits;
        }
        var opens = ChinaTime.StartOf(start);
        while (true)
        {
            var due = calendar.AddWorkingDays(opens, intervalWorkingDays);
            if (ChinaTime.DateOf(due) > end)
            {
                return visits;
            }
            visits.Add(new VisitWindow(visits.Count + 1, opens, due));
            opens = due;
        }
    }
}
