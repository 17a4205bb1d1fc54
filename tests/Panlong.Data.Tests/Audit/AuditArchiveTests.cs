using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Data.Tests.Audit;

/// <summary>Retention of at least six months, archiving after (issue 15, docs/decisions/0028-audit-hash-chain.md).</summary>
public sealed class AuditArchiveTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"panlong-archive-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Rows 1–4 written eight months ago, 5–6 one month ago.</summary>
    private async Task<(TestDatabase Database, AuditArchive Archive, AuditVerifier Verifier)> ArrangeAsync(DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var database = await TestDatabase.For(provider).MigratedAsync();
        var clock = new ManualClock(Now.AddMonths(-8));
        var log = new AuditLog(database.Factory, clock);
        for (var i = 1; i <= 6; i++)
        {
            clock.Now = i <= 4 ? Now.AddMonths(-8).AddHours(i) : Now.AddMonths(-1).AddHours(i);
            await log.WriteAsync(AuditActions.SignIn, null, $"user{i}");
        }
        clock.Now = Now;
        return (database, new AuditArchive(database.Factory, new AuditRetention(6, _folder), log, clock), new AuditVerifier(database.Factory, log));
    }

    [Fact]
    public async Task Archive_CutInsideTheRetention_IsRefusedAndNothingIsRemoved()
    {
        var (database, archive, _) = await ArrangeAsync();
        await using var _d = database;

        await Assert.ThrowsAsync<AuditRetentionException>(() => archive.ArchiveAsync(Now.AddMonths(-5)));

        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(6, await db.AuditEntries.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Archive_RowsOlderThanTheRetention_GoToAFileAndTheRestStillVerifies(DatabaseProvider provider)
    {
        var (database, archive, verifier) = await ArrangeAsync(provider);
        await using var _d = database;

        var result = await archive.ArchiveAsync();

        Assert.Equal((1L, 4L, 4L), (result!.From, result.Through, result.Rows));
        Assert.Null((await AuditArchive.VerifyFileAsync(result.File!)).BrokenAt);
        await using var db = await database.Factory.CreateDbContextAsync();
        // The rows 5 and 6, and the archive run's own row 7.
        Assert.Equal([5L, 6L, 7L], await db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Sequence ?? 0).ToListAsync());
        var status = await verifier.CheckAsync();
        Assert.True(status.Intact, $"broken at {status.BrokenAt} ({status.Reason})");
        Assert.Equal(3, status.Rows);
        Assert.Null(await archive.ArchiveAsync());
    }

    [Fact]
    public async Task Archive_YoungRowBetweenOldOnes_StopsTheCutBeforeIt()
    {
        var (database, archive, _) = await ArrangeAsync();
        await using var _d = database;
        // An old-looking row after a young one (a clock set back): the cut ends at the young row.
        await new AuditLog(database.Factory, new ManualClock(Now.AddYears(-1))).WriteAsync(AuditActions.SignIn, null, "late");

        var result = await archive.ArchiveAsync();

        Assert.Equal(4, result!.Through);
    }

    [Fact]
    public async Task Archive_AlteredOldRow_MovesNothingAndReportsTheBreak()
    {
        var (database, archive, _) = await ArrangeAsync();
        await using var _d = database;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "UserName" = 'x' WHERE "Sequence" = 2""");
        }

        var result = await archive.ArchiveAsync();

        Assert.Equal(2, result!.BrokenAt);
        Assert.Null(result.File);
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Equal(6, await check.AuditEntries.CountAsync(a => a.Action == AuditActions.SignIn));
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("0")]
    [InlineData("six")]
    public void Retention_SettingBelowSixMonths_StopsStartUpNamingTheSetting(string months)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [AuditRetention.MonthsKey] = months }).Build();

        var error = Assert.Throws<StartupConfigurationException>(() => AuditRetention.From(configuration, "/tmp"));

        Assert.Contains(AuditRetention.MonthsKey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Retention_Unset_IsSixMonths()
    {
        Assert.Equal(6, AuditRetention.From(new ConfigurationBuilder().Build(), "/tmp").Months);
    }
}
