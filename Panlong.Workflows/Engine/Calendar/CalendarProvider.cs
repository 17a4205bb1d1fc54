using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Panlong.Data;
using Panlong.Data.Workflows;

namespace Panlong.Workflows.Engine.Calendar;

/// <summary>The working calendar from the database's holiday rows and the configured working hours, cached until an edit.</summary>
public sealed class CalendarProvider(IDbContextFactory<PanlongDbContext> dbFactory, IConfiguration configuration)
{
    public const string WorkingHoursKey = "Workflows:WorkingHours";

    private volatile WorkingCalendar? _cached;

    public IReadOnlyList<WorkPeriod> Periods { get; } = ReadPeriods(configuration);

    public async Task<WorkingCalendar> GetAsync(CancellationToken ct = default)
    {
        if (_cached is { } calendar)
        {
            return calendar;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var days = await db.CalendarDays.AsNoTracking().ToDictionaryAsync(d => d.Date, d => d.IsWorkday, ct);
        return _cached = new WorkingCalendar(Periods, days);
    }

    public void Invalidate() => _cached = null;

    /// <summary>Adds the seeded holidays of years that have none yet; an administrator's edits stay.</summary>
    public async Task<int> SeedAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var years = (await db.CalendarDays.Select(d => d.Date).ToListAsync(ct)).Select(d => d.Year).ToHashSet();
        var missing = HolidaySeed.Days.Where(d => !years.Contains(d.Date.Year)).ToList();
        db.CalendarDays.AddRange(missing.Select(d => new CalendarDay { Date = d.Date, IsWorkday = d.IsWorkday, Name = d.Name, IsProvisional = d.IsProvisional }));
        await db.SaveChangesAsync(ct);
        Invalidate();
        return missing.Count;
    }

    private static List<WorkPeriod> ReadPeriods(IConfiguration configuration)
    {
        var configured = configuration.GetSection(WorkingHoursKey).Get<string[]>();
        return configured is { Length: > 0 } ? configured.Select(WorkPeriod.Parse).ToList() : [.. WorkingCalendar.StandardPeriods];
    }
}
