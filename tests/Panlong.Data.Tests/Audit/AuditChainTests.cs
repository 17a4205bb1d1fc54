using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Audit;

/// <summary>The tamper-evident audit log (issue 15, docs/decisions/0028-audit-hash-chain.md).</summary>
public class AuditChainTests
{
    private static async Task<(TestDatabase Database, AuditLog Log, AuditVerifier Verifier)> ChainAsync(DatabaseProvider provider, int rows, TimeProvider? clock = null)
    {
        var database = await TestDatabase.For(provider).MigratedAsync();
        var log = new AuditLog(database.Factory, clock ?? TimeProvider.System);
        for (var i = 1; i <= rows; i++)
        {
            await log.WriteAsync(AuditActions.SignIn, null, $"user{i}", detail: i % 2 == 0 ? null : $"第 {i} 行", ip: "10.0.0.1");
        }
        return (database, log, new AuditVerifier(database.Factory, log));
    }

    private static async Task SqlAsync(TestDatabase database, string sql)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Verify_UntouchedRows_IsIntactWithTheirCount(DatabaseProvider provider)
    {
        var (database, _, verifier) = await ChainAsync(provider, 12);
        await using var _d = database;

        var status = await verifier.CheckAsync();

        Assert.True(status.Intact);
        Assert.Equal(12, status.Rows);
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long?)i), await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Sequence).ToListAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Verify_RowEditedByRawSql_IsBrokenAtThatRow(DatabaseProvider provider)
    {
        var (database, _, verifier) = await ChainAsync(provider, 10);
        await using var _d = database;

        await SqlAsync(database, """UPDATE "AuditEntries" SET "Detail" = '改过' WHERE "Sequence" = 7""");
        var status = await verifier.CheckAsync();

        Assert.False(status.Intact);
        Assert.Equal(7, status.BrokenAt);
        Assert.Equal(AuditChainWalk.Altered, status.Reason);
    }

    [Fact]
    public async Task Verify_RowEditedAndHashedAgain_IsBrokenAtTheNextRow()
    {
        var (database, _, verifier) = await ChainAsync(DatabaseProvider.Sqlite, 6);
        await using var _d = database;
        await using var db = await database.Factory.CreateDbContextAsync();
        var row = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Sequence == 3);
        var before = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Sequence == 2);
        row.Detail = "改过";

        await SqlAsync(database, $"""UPDATE "AuditEntries" SET "Detail" = '改过', "Hash" = '{AuditHash.Of(before.Hash!, row)}' WHERE "Sequence" = 3""");
        var status = await verifier.CheckAsync();

        Assert.Equal(4, status.BrokenAt);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 4)]
    [InlineData(DatabaseProvider.Postgres, 4)]
    [InlineData(DatabaseProvider.Sqlite, 1)]
    [InlineData(DatabaseProvider.Sqlite, 9)]
    public async Task Verify_RowDeletedByRawSql_IsBrokenAtThatRow(DatabaseProvider provider, int deleted)
    {
        var (database, _, verifier) = await ChainAsync(provider, 9);
        await using var _d = database;

        await SqlAsync(database, $"""DELETE FROM "AuditEntries" WHERE "Sequence" = {deleted}""");
        var status = await verifier.CheckAsync();

        Assert.False(status.Intact);
        Assert.Equal(deleted, status.BrokenAt);
        Assert.Equal(AuditChainWalk.Missing, status.Reason);
    }

    [Fact]
    public async Task Verify_RowInsertedOutsideTheChain_IsBrokenAfterTheRowBeforeIt()
    {
        var (database, _, verifier) = await ChainAsync(DatabaseProvider.Sqlite, 5);
        await using var _d = database;

        await SqlAsync(database, """INSERT INTO "AuditEntries" ("At", "Action", "UserName") VALUES (0, 'SignIn', 'ghost')""");
        var status = await verifier.CheckAsync();

        Assert.Equal(6, status.BrokenAt);
        Assert.Equal(AuditChainWalk.Outside, status.Reason);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Append_FromManyWritersAtOnce_KeepsOneChainWithoutGaps(DatabaseProvider provider)
    {
        var (database, log, verifier) = await ChainAsync(provider, 1);
        await using var _d = database;
        // A second service provider on the same database: another portal node.
        await using var other = TestDatabase.Unmanaged(database.Settings);
        var otherLog = new AuditLog(other.Factory, TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                await (writer % 2 == 0 ? log : otherLog).WriteAsync(AuditActions.SignIn, null, $"w{writer}-{i}");
            }
        })));
        var status = await verifier.CheckAsync();

        Assert.True(status.Intact, $"broken at {status.BrokenAt} ({status.Reason})");
        Assert.Equal(121, status.Rows);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Append_InACallersTransactionThatRollsBack_LeavesNoGapAndNoHeadMove(DatabaseProvider provider)
    {
        var (database, log, verifier) = await ChainAsync(provider, 2);
        await using var _d = database;

        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            // As callers with a transaction of their own do it: inside the retrying strategy (docs/decisions/0019-database-outages.md).
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.AuditEntries.Add(log.Create("Test.RolledBack", null, "x"));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            });
        }
        await log.WriteAsync(AuditActions.SignIn, null, "after");

        var status = await verifier.CheckAsync();
        Assert.True(status.Intact, $"broken at {status.BrokenAt} ({status.Reason})");
        Assert.Equal(3, status.Rows);
    }

    [Fact]
    public async Task Append_SeveralRowsInOneSave_LinksEachAndNamesTheLogin()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        var users = database.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var user = new PanlongUser { UserName = "zhang.san", DisplayName = "张三" };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        var log = new AuditLog(database.Factory, TimeProvider.System);

        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            db.AuditEntries.Add(log.Create("Case.Dispatch", user.Id, "张三", "C1"));
            db.AuditEntries.Add(log.Create("Case.Dispatch", user.Id, "张三", "C2"));
            await db.SaveChangesAsync();
        }

        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal(["zhang.san", "zhang.san"], await check.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.LoginName).ToListAsync());
        Assert.True((await new AuditVerifier(database.Factory, log).CheckAsync()).Intact);
    }

    [Fact]
    public async Task Write_WithoutAnAddress_TakesTheClientsFromTheRequest()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext() };
        http.HttpContext.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("203.0.113.9");

        await new AuditLog(database.Factory, TimeProvider.System, http).WriteAsync(AuditActions.SignOut, null, "a");

        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal("203.0.113.9", (await db.AuditEntries.SingleAsync()).IpAddress);
    }

    [Fact]
    public async Task Seed_RowsWrittenBeforeTheChain_AreLinkedInTheirOrder()
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync();
        await SqlAsync(database, """INSERT INTO "AuditEntries" ("At", "Action", "UserName") VALUES (1, 'SignIn', 'a'), (2, 'SignOut', 'a')""");

        await database.SeedAsync(demo: false);
        await new AuditLog(database.Factory, TimeProvider.System).WriteAsync(AuditActions.SignIn, null, "b");

        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal([1L, 2L, 3L], await db.AuditEntries.OrderBy(a => a.Id).Select(a => a.Sequence ?? 0).ToListAsync());
        var status = await new AuditVerifier(database.Factory, new AuditLog(database.Factory, TimeProvider.System)).CheckAsync();
        Assert.True(status.Intact);
        Assert.Equal(3, status.Rows);
    }

    [Theory]
    [InlineData(AuditActions.LockedOut, 1)]
    [InlineData(AuditActions.RoleChanged, 1)]
    [InlineData(AuditActions.AuditChainBroken, 1)]
    [InlineData(AuditActions.SignIn, 0)]
    public async Task Append_AlertingAction_TellsEachSecurityAdministrator(string action, int messages)
    {
        await using var database = await TestDatabase.Sqlite().MigratedAsync(seed: true);
        var users = database.Services.CreateScope().ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var admin = new PanlongUser { UserName = "sec" };
        await users.CreateAsync(admin);
        await users.AddToRoleAsync(admin, Roles.SecurityAdmin);

        await new AuditLog(database.Factory, TimeProvider.System).WriteAsync(action, null, "dispatcher", target: "dispatcher", ip: "10.1.2.3");

        await using var db = await database.Factory.CreateDbContextAsync();
        var sent = await db.OutboxMessages.Where(m => m.Topic == "audit.alert").ToListAsync();
        Assert.Equal(messages, sent.Count);
        Assert.All(sent, m => Assert.Equal("user:" + admin.Id, m.Recipient));
        Assert.All(sent, m => Assert.Contains("10.1.2.3", m.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_BrokenChain_IsAuditedAndAlerts()
    {
        var (database, _, verifier) = await ChainAsync(DatabaseProvider.Sqlite, 3);
        await using var _d = database;
        await SqlAsync(database, """UPDATE "AuditEntries" SET "UserName" = 'x' WHERE "Sequence" = 2""");

        var status = await verifier.VerifyAsync("u1", "auditadmin");

        await using var db = await database.Factory.CreateDbContextAsync();
        var row = await db.AuditEntries.SingleAsync(a => a.Action == AuditActions.AuditChainBroken);
        Assert.Equal("broken at 2 (altered)", row.Detail);
        Assert.Equal(2, status.BrokenAt);
    }
}
