using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Tests.Demo;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Stored figures of closed periods (docs/decisions/0041-stored-indicators.md) on a generated year: the same as a live
/// computation for every region, row and indicator; stale after a late fact; computed again after a configuration change;
/// the running month never stored.
/// </summary>
public class IndicatorStoreTests
{
    /// <summary>Monday 30 November 2026, 10:00 China time: January to October are closed months, November runs.</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, ChinaTime.Offset).ToUniversalTime();
    private static readonly AppraisalPeriod October = new(new DateOnly(2026, 10, 1), new DateOnly(2026, 11, 1));

    /// <summary>The same year for every test here (and RunningYearTests' mostly closed one): generated once per provider, then copied.</summary>
    private static Task<TestDatabase> GeneratedYearAsync(DatabaseProvider provider) =>
        CaseGeneratorTests.GeneratedYearAsync(provider, new FakeTimeProvider(Now), 400, 370);

    private static async Task<List<string>> RegionsAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var district = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.District).Select(u => u.ScopePath).FirstAsync();
        var streets = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Street).OrderBy(u => u.Id).Select(u => u.ScopePath).Take(2).ToListAsync();
        return [district, .. streets];
    }

    /// <summary>Everything the dashboard shows, for comparison: the result without its timing.</summary>
    private static string Figures(AppraisalResult result) => JsonSerializer.Serialize(result with { ElapsedMs = 0 });

    private static async Task<int> StoredRowsAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.StoredIndicators.CountAsync();
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ComputeAsync_ClosedPeriods_StoredFiguresEqualLiveOnes(DatabaseProvider provider)
    {
        await using var database = await GeneratedYearAsync(provider);
        var (store, calculator) = (database.Get<IndicatorStore>(), database.Get<AppraisalCalculator>());
        var config = AppraisalConfig.Default;
        var periods = new[] { new AppraisalPeriod(new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1)), October, new AppraisalPeriod(new DateOnly(2026, 7, 1), new DateOnly(2026, 10, 1)) };
        var regions = await RegionsAsync(database);

        foreach (var period in periods)
        {
            foreach (var region in regions)
            {
                var live = Figures(await calculator.ComputeAsync(config, period, region));
                var first = Figures(await store.ComputeAsync(config, null, period, region));
                var stored = Figures(await store.ComputeAsync(config, null, period, region));

                Assert.Equal(live, first);
                Assert.Equal(live, stored);
            }
        }
        Assert.Equal(periods.Length * regions.Count, await StoredRowsAsync(database));
        // The year had work in the compared periods, so the equality compared figures rather than empty tables.
        Assert.True((await store.ComputeAsync(config, null, October, regions[0])).Summary.Received > 0);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ComputeAsync_AfterALateHandling_RecomputesTheMonth(DatabaseProvider provider)
    {
        await using var database = await GeneratedYearAsync(provider);
        var store = database.Get<IndicatorStore>();
        var district = (await RegionsAsync(database))[0];
        var before = await store.ComputeAsync(AppraisalConfig.Default, null, October, district);

        // A handling done today that was due in October: a late fact for a closed month.
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var open = await db.Cases.Where(c => c.Status == CaseStatus.Open).OrderBy(c => c.Id).FirstAsync();
            db.CaseFacts.Add(new CaseFact
            {
                CaseId = open.Id, Kind = CaseFactKind.Handled, At = Now, DueAt = ChinaTime.StartOf(new DateOnly(2026, 10, 20)), OnTime = false,
                UnitCode = open.HandlingUnitCode, GridId = open.GridId, ScopePath = open.ScopePath, Public = false,
            });
            await db.SaveChangesAsync();
            Assert.NotNull((await db.StoredIndicators.SingleAsync()).StaleSince);
        }
        // The leader looks again a minute later.
        ((FakeTimeProvider)database.Get<TimeProvider>()).Advance(TimeSpan.FromMinutes(1));
        var after = await store.ComputeAsync(AppraisalConfig.Default, null, October, district);

        Assert.Equal(before.Summary.HandlingsDue + 1, after.Summary.HandlingsDue);
        Assert.Equal(Figures(await database.Get<AppraisalCalculator>().ComputeAsync(AppraisalConfig.Default, October, district)), Figures(after));
        await using var check = await database.Factory.CreateDbContextAsync();
        Assert.Null((await check.StoredIndicators.SingleAsync()).StaleSince);
    }

    [Fact]
    public async Task ComputeAsync_AfterAConfigurationChange_RecomputesWithTheNewOne()
    {
        await using var database = await GeneratedYearAsync(DatabaseProvider.Sqlite);
        var (store, settings) = (database.Get<IndicatorStore>(), database.Get<AppraisalSettings>());
        var district = (await RegionsAsync(database))[0];
        var before = await store.ComputeAsync(AppraisalConfig.Default, null, October, district);
        // Every grid's public-report score now counts for nothing and its closure for more: the grids' totals move.
        var weights = AppraisalConfig.Default.Weights.ToDictionary(w => w.Key, w => w.Value);
        weights[AppraisedKind.Region] = new Dictionary<string, double>
        {
            [AppraisalConfig.PublicReportScore] = 0, [AppraisalConfig.FiledScore] = 0.2, [AppraisalConfig.Closure] = 0.4, [AppraisalConfig.CloseOnTime] = 0.4,
        };
        Assert.Empty(await settings.SaveAsync(AppraisalConfig.Default with { Weights = weights }, null, "测试"));

        var (config, settingId) = await settings.CurrentAsync();
        var after = await store.ComputeAsync(config, settingId, October, district);

        Assert.Equal(Figures(await database.Get<AppraisalCalculator>().ComputeAsync(config, October, district)), Figures(after));
        Assert.NotEqual(before.Grids.Select(g => g.Total), after.Grids.Select(g => g.Total));
        Assert.Equal(1, await StoredRowsAsync(database));
    }

    [Fact]
    public async Task ComputeAsync_RunningMonth_IsNotStored()
    {
        await using var database = await GeneratedYearAsync(DatabaseProvider.Sqlite);
        var district = (await RegionsAsync(database))[0];

        await database.Get<IndicatorStore>().ComputeAsync(AppraisalConfig.Default, null, new AppraisalPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 1)), district);

        Assert.Equal(0, await StoredRowsAsync(database));
    }
}
