using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Tests.Demo;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// The running year and quarter put together from stored months' grouped counts and the live rest
/// (docs/decisions/0048-running-year-from-stored-months.md) on generated years: the same as the live calculator for every
/// region, row, person, unit, indicator and drill-down count — at first, from the stored months, and after late facts in
/// closed months (a late handling, a rework, a filing, an extension).
/// </summary>
public class RunningYearTests
{
    /// <summary>Monday 30 November 2026, 10:00 China time: January to October are closed months, November runs.</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, ChinaTime.Offset).ToUniversalTime();
    private static readonly AppraisalPeriod Year = new(new DateOnly(2026, 1, 1), new DateOnly(2027, 1, 1));
    private static readonly AppraisalPeriod Quarter = new(new DateOnly(2026, 10, 1), new DateOnly(2027, 1, 1));

    private static string Figures(AppraisalResult result) => JsonSerializer.Serialize(result with { ElapsedMs = 0 });

    private static async Task<List<string>> RegionsAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var district = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.District).Select(u => u.ScopePath).FirstAsync();
        var streets = await db.OrgUnits.Where(u => u.Kind == OrgUnitKind.Street).OrderBy(u => u.Id).Select(u => u.ScopePath).Take(2).ToListAsync();
        return [district, .. streets];
    }

    private static Task AssertComposedEqualsLiveAsync(TestDatabase database, List<string> regions, string when) =>
        AssertComposedEqualsLiveAsync(database, database.Get<IndicatorStore>(), regions, when);

    private static async Task AssertComposedEqualsLiveAsync(TestDatabase database, IndicatorStore store, List<string> regions, string when)
    {
        var calculator = database.Get<AppraisalCalculator>();
        foreach (var period in new[] { Year, Quarter })
        {
            foreach (var region in regions)
            {
                var live = await calculator.ComputeAsync(AppraisalConfig.Default, period, region);
                var composed = await store.ComputeAsync(AppraisalConfig.Default, null, period, region);
                var (expected, actual) = (Figures(live), Figures(composed));
                var at = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i]);
                Assert.True(expected == actual, $"{when}: {period.From}–{period.To} in {region} differs from the live figures at {at}:\n"
                    + $"live     …{expected[Math.Max(0, at - 300)..Math.Min(expected.Length, at + 100)]}\ncomposed …{actual[Math.Max(0, at - 300)..Math.Min(actual.Length, at + 100)]}");
            }
        }
    }

    private static async Task<int> MonthRowsAsync(TestDatabase database, bool stale)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        return await db.StoredIndicators.CountAsync(s => s.Content == StoredContent.MonthCounts && (s.StaleSince != null) == stale);
    }

    /// <summary>Month rows in the compact form of docs/decisions/0059-compact-month-counts.md.</summary>
    private static async Task<int> CompactMonthRowsAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var rows = await db.StoredIndicators.Where(s => s.Content == StoredContent.MonthCounts && s.StaleSince == null).Select(s => s.Json).ToListAsync();
        // Each month keeps who worked the posts in it: the pooled open duties are charged from them (ADR 59).
        return rows.Count(json => StoredCounts.Read(json) is { Workers.Count: > 0 });
    }

    /// <summary>The month's rows as ADR 48 wrote them: the counts' records as JSON, the same values.</summary>
    private static async Task ToRecordsJsonAsync(TestDatabase database, DateOnly month)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        foreach (var row in await db.StoredIndicators.Where(s => s.Content == StoredContent.MonthCounts && s.From == month).ToListAsync())
        {
            row.Json = JsonSerializer.Serialize(StoredCounts.Read(row.Json));
        }
        await db.SaveChangesAsync();
    }

    /// <remarks>Each year's shape on one provider (a mostly closed year on PostgreSQL, a year with much still open on SQLite): the
    /// four combinations cost five minutes of the test command (docs/decisions/0086-test-database-templates.md).</remarks>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, 260, 150)]
    [InlineData(DatabaseProvider.Postgres, 400, 370)]
    public async Task ComputeAsync_RunningYearAndQuarter_EqualLiveBeforeAndAfterLateFacts(DatabaseProvider provider, int received, int closed)
    {
        var clock = new FakeTimeProvider(Now);
        await using var database = await CaseGeneratorTests.GeneratedYearAsync(provider, clock, received, closed);
        var regions = await RegionsAsync(database);

        await AssertComposedEqualsLiveAsync(database, regions, "first visit");
        // January to October for each region (the quarter's October is the year's).
        Assert.Equal(10 * regions.Count, await MonthRowsAsync(database, stale: false));
        Assert.Equal(10 * regions.Count, await CompactMonthRowsAsync(database));
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, regions, "from the stored months");

        // Rows written in ADR 48's form (the records' own JSON) are counted again and rewritten in the compact one (ADR 59).
        await ToRecordsJsonAsync(database, new DateOnly(2026, 3, 1));
        Assert.Equal(10 * regions.Count - regions.Count, await CompactMonthRowsAsync(database));
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, regions, "from rows in the earlier form");
        Assert.Equal(10 * regions.Count, await CompactMonthRowsAsync(database));

        await LateFactsAsync(database, clock);
        Assert.True(await MonthRowsAsync(database, stale: true) > 0);
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, regions, "after late facts");
        Assert.Equal(0, await MonthRowsAsync(database, stale: true));
        // The year had work in it, so the equality compared figures rather than empty tables.
        Assert.True((await database.Get<IndicatorStore>().ComputeAsync(AppraisalConfig.Default, null, Year, regions[0])).Summary.HandlingsDue > 0);
    }

    /// <summary>
    /// Two portal nodes on one database, each keeping the months it parsed (docs/decisions/0066-running-year-at-city-scale.md):
    /// when a late fact makes node B count months again and rewrite their rows, node A must not answer from the months it kept —
    /// the rows are fresh again, but their stamps are new.
    /// </summary>
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task ComputeAsync_MonthsRewrittenByAnotherNode_EqualLiveNotTheKeptOnes(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(Now);
        await using var database = await CaseGeneratorTests.GeneratedYearAsync(provider, clock, 260, 150);
        var regions = await RegionsAsync(database);
        var (kept, otherKept) = (new ParsedMonths(), new ParsedMonths());
        var nodeA = new IndicatorStore(database.Factory, database.Get<AppraisalCalculator>(), clock, NullLogger<IndicatorStore>.Instance, kept);
        var nodeB = new IndicatorStore(database.Factory, database.Get<AppraisalCalculator>(), clock, NullLogger<IndicatorStore>.Instance, otherKept);

        await AssertComposedEqualsLiveAsync(database, nodeA, regions, "node A, first visit");
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, nodeA, regions, "node A, from the months it keeps");
        Assert.Equal(10 * regions.Count, kept.Count);

        await LateFactsAsync(database, clock);
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, nodeB, regions, "node B, after late facts");
        Assert.Equal(0, await MonthRowsAsync(database, stale: true));
        clock.Advance(TimeSpan.FromMinutes(1));
        await AssertComposedEqualsLiveAsync(database, nodeA, regions, "node A, after node B rewrote the months");
    }

    /// <summary>
    /// What the loop writes when work of a closed month is done today: a handling due in September done late; a rework of a case
    /// whose handling was due in August (the earlier completion superseded); a filing of a case received in October; an extension
    /// of a step that fell due in October (its open duty leaves October).
    /// </summary>
    private static async Task LateFactsAsync(TestDatabase database, FakeTimeProvider clock)
    {
        var now = clock.GetUtcNow();
        await using var db = await database.Factory.CreateDbContextAsync();
        var (august, september, october, november) = (Start(8), Start(9), Start(10), Start(11));
        var open = await db.Cases.Where(c => c.Status == CaseStatus.Open).OrderBy(c => c.Id).ToListAsync();
        var late = open[0];
        db.CaseFacts.Add(new CaseFact
        {
            CaseId = late.Id, Kind = CaseFactKind.Handled, At = now, DueAt = september.AddDays(12), OnTime = false, UnitCode = late.HandlingUnitCode,
            GridId = late.GridId, ScopePath = late.ScopePath, Public = false, PersonKey = "late-handler", PersonName = "迟办", 
        });
        var handled = await db.CaseFacts.Where(f => f.Kind == CaseFactKind.Handled && !f.Superseded && f.DueAt >= august && f.DueAt < september)
            .OrderBy(f => f.Id).FirstAsync();
        handled.Superseded = true;
        db.CaseFacts.Add(new CaseFact
        {
            CaseId = handled.CaseId, Kind = CaseFactKind.Reworked, At = now, UnitCode = handled.UnitCode, GridId = handled.GridId, ScopePath = handled.ScopePath,
            Public = handled.Public,
        });
        if (open.FirstOrDefault(c => c.ReportedAt >= october && c.ReportedAt < november && c.Id != late.Id) is { } filing)
        {
            db.CaseFacts.Add(new CaseFact
            {
                CaseId = filing.Id, Kind = CaseFactKind.Filed, At = now, DueAt = filing.StepDueAt ?? october.AddDays(20), OnTime = false, GridId = filing.GridId,
                ScopePath = filing.ScopePath, Public = CaseFacts.IsPublic(filing.Source), PersonKey = "late-lead", PersonName = "迟立案", PersonRole = Roles.ShiftLead,
            });
            filing.State = CaseLoopContract.Dispatching;
            filing.StepDueAt = now.AddHours(4);
        }
        if (open.FirstOrDefault(c => c.StepDueAt >= october && c.StepDueAt < november && c.Id != late.Id && c.State != CaseLoopContract.Dispatching) is { } extended)
        {
            extended.StepDueAt = now.AddDays(3);
        }
        await db.SaveChangesAsync();
    }

    private static DateTimeOffset Start(int month) => ChinaTime.StartOf(new DateOnly(2026, month, 1));
}
