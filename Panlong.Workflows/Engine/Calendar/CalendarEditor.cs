using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Engine.Calendar;

/// <summary>Holidays and make-up working days: the exceptions every deadline is counted against. Edits are audited.</summary>
public sealed class CalendarEditor(IDbContextFactory<PanlongDbContext> dbFactory, CalendarProvider calendars, AuditLog audit)
{
    public async Task<AdminResult> SaveAsync(WorkflowActor actor, DateOnly date, string name, bool isWorkday)
    {
        name = name.Trim();
        if (name.Length is 0 or > 50)
        {
            return AdminResult.Fail("Calendar.NameRequired");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == date);
        if (day is null)
        {
            db.CalendarDays.Add(new CalendarDay { Date = date, Name = name, IsWorkday = isWorkday });
        }
        else
        {
            (day.Name, day.IsWorkday, day.IsProvisional) = (name, isWorkday, false);
        }
        await db.SaveChangesAsync();
        await ChangedAsync(actor, $"{date:yyyy-MM-dd} {(isWorkday ? "workday" : "holiday")} {name}");
        return AdminResult.Success;
    }

    public async Task RemoveAsync(WorkflowActor actor, DateOnly date)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == date) is { } day)
        {
            db.CalendarDays.Remove(day);
            await db.SaveChangesAsync();
            await ChangedAsync(actor, $"{date:yyyy-MM-dd} removed");
        }
    }

    private async Task ChangedAsync(WorkflowActor actor, string detail)
    {
        calendars.Invalidate();
        await audit.WriteAsync(AuditActions.CalendarChanged, actor.UserId, actor.Name, target: "calendar", detail: detail);
    }
}
