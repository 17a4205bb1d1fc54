using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Notifications;
using Panlong.Data.Organization;
using Panlong.Data.Patrol;
using Panlong.Data.Providers;
using Panlong.Workflows.Operations;

namespace Panlong.Workflows.Tests.Operations;

/// <summary>Each kind goes after its own retention on the app's clock, open work and audit rows stay, one audit row per run (ADR 85).</summary>
public class RetentionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Run_AsTheClockPassesEachRetention_RemovesOnlyWhatIsPastIt(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var start = engine.Clock.GetUtcNow();
        await engine.Database.Get<AuditLog>().WriteAsync(AuditActions.SignIn, null, "早期审计", "old");
        await using (var db = await engine.Database.Factory.CreateDbContextAsync())
        {
            var grid = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).FirstAsync();
            var category = await db.CaseCategories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
            db.Cases.AddRange(Case("R-CLOSED", grid, category, CaseStatus.Closed, start), Case("R-OPEN", grid, category, CaseStatus.Open, null));
            var user = new PanlongUser { UserName = "retention-user", DisplayName = "保留" };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            var closed = await db.Cases.Where(c => c.Number == "R-CLOSED").Select(c => c.Id).SingleAsync();
            var open = await db.Cases.Where(c => c.Number == "R-OPEN").Select(c => c.Id).SingleAsync();
            db.CasePhotos.AddRange(Photo(closed, "a"), Photo(closed, "b"), Photo(open, "c"));
            db.Notifications.Add(new Notification { UserId = user.Id, Title = "旧消息", CreatedAt = start });
            db.UserSessions.AddRange(
                new UserSession { Id = "ended", UserId = user.Id, CreatedAt = start, LastSeenAt = start, ExpiresAt = start.AddHours(8), EndedAt = start.AddHours(1) },
                new UserSession { Id = "later", UserId = user.Id, CreatedAt = start, LastSeenAt = start, ExpiresAt = start.AddDays(400) });
            db.OutboxMessages.AddRange(
                new OutboxMessage { Topic = "t", Recipient = "user:x", Title = "delivered", CreatedAt = start, DeliveredAt = start },
                new OutboxMessage { Topic = "t", Recipient = "user:x", Title = "stuck", CreatedAt = start });
            var shift = new PatrolShift { UserId = user.Id, UserName = "巡防", ScopePath = grid.ScopePath, StartedAt = start, EndedAt = start.AddHours(2) };
            db.PatrolShifts.Add(shift);
            await db.SaveChangesAsync();
            db.PatrolFixes.AddRange(new PatrolFix { ShiftId = shift.Id, Seq = 0, LatE6 = 25_040_000, LngE6 = 102_720_000 },
                new PatrolFix { ShiftId = shift.Id, Seq = 1, Second = 60, LatE6 = 25_040_100, LngE6 = 102_720_100 });
            await db.SaveChangesAsync();
        }
        var retention = engine.Database.Get<Retention>();

        var early = await retention.RunAsync();
        engine.Clock.Advance(TimeSpan.FromDays(100));
        var hundred = await retention.RunAsync();
        engine.Clock.Advance(TimeSpan.FromDays(300));
        var year = await retention.RunAsync();
        engine.Clock.Advance(TimeSpan.FromDays(1500));
        var fiveYears = await retention.RunAsync();

        Assert.Equal(new RetentionCounts(0, 0, 0, 0, 0, 0, 0), early);
        // 100 days: the delivered message (30), the ended session (90) and the patrol shift with its two positions (90).
        Assert.Equal(new RetentionCounts(0, 0, 1, 2, 0, 1, 1), hundred);
        // 400 days: the notification (180) and the closed case's originals (365); the other session expired only on day 400.
        Assert.Equal(new RetentionCounts(2, 0, 0, 0, 1, 0, 0), year);
        // 1,900 days: the closed case's photos altogether (1,825) and that session; the open case keeps its photo.
        Assert.Equal(new RetentionCounts(0, 2, 0, 0, 0, 1, 0), fiveYears);
        await using var check = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(["c.jpg"], await check.CasePhotos.Select(p => p.StoredPath).ToListAsync());
        Assert.Equal(["stuck"], await check.OutboxMessages.Select(m => m.Title).ToListAsync());
        Assert.Equal(1, await check.AuditEntries.CountAsync(e => e.Target == "old"));
        Assert.Equal(4, await check.AuditEntries.CountAsync(e => e.Action == AuditActions.RetentionRun));
        Assert.Contains("photo originals 2", (await check.AuditEntries.Where(e => e.Action == AuditActions.RetentionRun).OrderBy(e => e.Id).Skip(2).FirstAsync()).Detail, StringComparison.Ordinal);
    }

    private static Case Case(string number, OrgUnit grid, int category, CaseStatus status, DateTimeOffset? closedAt) => new()
    {
        Number = number, CategoryId = category, Description = number, GridId = grid.Id, ScopePath = grid.ScopePath, HubCode = grid.Code,
        ReporterName = "test", InstanceId = Guid.NewGuid(), State = status == CaseStatus.Open ? "Handle" : "Closed", StateName = "-", Status = status,
        ReportedAt = closedAt ?? DateTimeOffset.UnixEpoch, StepStartedAt = closedAt ?? DateTimeOffset.UnixEpoch, ClosedAt = closedAt, Version = Guid.NewGuid(),
    };

    private static CasePhoto Photo(long caseId, string name) => new()
    {
        CaseId = caseId, FileName = name + ".jpg", ContentType = "image/jpeg", StoredPath = name + ".jpg", ThumbnailPath = name + ".thumb.jpg", UploadedByName = "test",
    };
}
