using Microsoft.EntityFrameworkCore;
using Panlong.Data.Audit;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests;

public class IntegrityTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ConcurrentEdits_TheSecondSaveIsRefused(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.For(provider).MigratedAsync(seed: true);
        await using var first = await database.Factory.CreateDbContextAsync();
        await using var second = await database.Factory.CreateDbContextAsync();
        var a = await first.OrgUnits.FirstAsync(u => u.Kind == OrgUnitKind.Department);
        var b = await second.OrgUnits.FirstAsync(u => u.Id == a.Id);

        a.Name = "第一位管理员的名称";
        await first.SaveChangesAsync();
        b.Name = "第二位管理员的名称";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal("第一位管理员的名称", (await check.OrgUnits.SingleAsync(u => u.Id == a.Id)).Name);
    }

    [Fact]
    public async Task AuditEntries_CannotBeChangedOrDeleted()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        var log = new AuditLog(database.Factory, TimeProvider.System);
        await log.WriteAsync(AuditActions.SignIn, "u1", "dispatcher");

        await using var db = await database.Factory.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync();
        entry.Detail = "tampered";
        Assert.Throws<InvalidOperationException>(() => db.SaveChanges());

        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.SingleAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Null((await check.AuditEntries.SingleAsync()).Detail);
    }

    [Fact]
    public async Task AuditTimes_AreStoredInUtcAndOrderOnSqlite()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var log = new AuditLog(database.Factory, clock);
        await log.WriteAsync(AuditActions.SignIn, null, "a");
        clock.Now = clock.Now.AddMinutes(-30);
        await log.WriteAsync(AuditActions.SignIn, null, "b");

        await using var db = await database.Factory.CreateDbContextAsync();
        var ordered = await db.AuditEntries.OrderBy(e => e.At).Select(e => e.UserName).ToListAsync();
        var since = await db.AuditEntries.CountAsync(e => e.At > new DateTimeOffset(2026, 11, 27, 1, 45, 0, TimeSpan.Zero));

        Assert.Equal(["b", "a"], ordered);
        Assert.Equal(1, since);
    }
}
