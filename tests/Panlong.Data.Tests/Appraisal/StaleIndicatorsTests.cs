using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Appraisal;

/// <summary>
/// When stored figures are marked stale (docs/decisions/0041-stored-indicators.md, 0047-one-pass-per-save.md): a save that
/// touches a closed month marks them, once per transaction and in it; a save touching only the running month sends no mark.
/// </summary>
public class StaleIndicatorsTests
{
    /// <summary>Monday 30 November 2026, 10:00 China time: October is closed, November runs.</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, ChinaTime.Offset).ToUniversalTime();

    private static readonly DateTimeOffset InOctober = ChinaTime.StartOf(new DateOnly(2026, 10, 20)).AddHours(9);

    /// <summary>Counts the stale marks sent (the UPDATE of StoredIndicators).</summary>
    private sealed class MarkCounter : DbCommandInterceptor
    {
        public int Marks;

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("UPDATE", StringComparison.Ordinal) && command.CommandText.Contains("StoredIndicators", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref Marks);
            }
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }
    }

    private static async Task<(TestDatabase Database, MarkCounter Marks)> DatabaseAsync(DatabaseProvider provider)
    {
        var marks = new MarkCounter();
        var database = await TestDatabase.For(provider, services =>
        {
            services.AddSingleton<TimeProvider>(new ManualClock(Now));
            services.AddSingleton<IInterceptor>(marks);
        }).MigratedAsync(seed: true);
        await using var db = await database.Factory.CreateDbContextAsync();
        db.StoredIndicators.Add(new StoredIndicators
        {
            ScopePath = "530103", From = new DateOnly(2026, 10, 1), To = new DateOnly(2026, 11, 1), Json = "{}", ComputedAt = Now.AddDays(-20),
        });
        await db.SaveChangesAsync();
        marks.Marks = 0;
        return (database, marks);
    }

    private static async Task<Case> CaseAsync(PanlongDbContext db, DateTimeOffset reportedAt, string number)
    {
        var grid = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Grid).OrderBy(u => u.Id).Select(u => new { u.Id, u.ScopePath }).FirstAsync();
        var category = await db.CaseCategories.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var item = new Case
        {
            Number = number, CategoryId = category, Description = "路口有暴露垃圾", GridId = grid.Id, ScopePath = grid.ScopePath, HubCode = "530103",
            ReporterName = "测试", State = "accepting", StateName = "受理", ReportedAt = reportedAt, StepStartedAt = reportedAt,
        };
        db.Cases.Add(item);
        return item;
    }

    /// <summary>A transaction of the test's own, run as the providers' retrying strategies require (ADR 19).</summary>
    private static Task InTransactionAsync(PanlongDbContext db, Func<Task> work, bool commit) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await work();
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        });

    private static async Task<DateTimeOffset?> StaleSinceAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.StoredIndicators.Select(s => s.StaleSince).SingleAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_TouchingOnlyTheRunningMonth_SendsNoMark(DatabaseProvider provider)
    {
        var (database, marks) = await DatabaseAsync(provider);
        await using var _ = database;
        await using var db = await database.Factory.CreateDbContextAsync();
        var item = await CaseAsync(db, Now.AddDays(-3), "AJ2026112700001");
        await db.SaveChangesAsync();
        item.StepDueAt = Now.AddDays(2);
        await db.SaveChangesAsync();

        Assert.Equal(0, marks.Marks);
        Assert.Null(await StaleSinceAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_WithoutATransaction_MarksAClosedMonth(DatabaseProvider provider)
    {
        var (database, marks) = await DatabaseAsync(provider);
        await using var _ = database;
        await using var db = await database.Factory.CreateDbContextAsync();
        await CaseAsync(db, InOctober, "AJ2026102000001");
        await db.SaveChangesAsync();

        Assert.Equal(1, marks.Marks);
        Assert.Equal(Now, await StaleSinceAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Saves_InATransaction_MarkOnceAtItsCommit(DatabaseProvider provider)
    {
        var (database, marks) = await DatabaseAsync(provider);
        await using var _ = database;
        await using var db = await database.Factory.CreateDbContextAsync();
        var beforeCommit = -1;
        await InTransactionAsync(db, async () =>
        {
            var item = await CaseAsync(db, InOctober, "AJ2026102000001");
            await db.SaveChangesAsync();
            item.StepDueAt = InOctober.AddDays(2);
            await db.SaveChangesAsync();
            beforeCommit = marks.Marks;
        }, commit: true);

        Assert.Equal(0, beforeCommit);

        Assert.Equal(1, marks.Marks);
        Assert.Equal(Now, await StaleSinceAsync(database));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Save_InATransactionRolledBack_MarksNothing(DatabaseProvider provider)
    {
        var (database, marks) = await DatabaseAsync(provider);
        await using var _ = database;
        await using var db = await database.Factory.CreateDbContextAsync();
        await InTransactionAsync(db, async () =>
        {
            await CaseAsync(db, InOctober, "AJ2026102000001");
            await db.SaveChangesAsync();
        }, commit: false);
        db.ChangeTracker.Clear();
        // The context's next transaction touches only November: the rolled-back October days are not marked with it.
        await InTransactionAsync(db, async () =>
        {
            await CaseAsync(db, Now, "AJ2026113000001");
            await db.SaveChangesAsync();
        }, commit: true);

        Assert.Equal(0, marks.Marks);
        Assert.Null(await StaleSinceAsync(database));
    }
}
