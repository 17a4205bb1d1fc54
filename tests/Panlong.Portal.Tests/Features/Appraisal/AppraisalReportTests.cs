using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Appraisal;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Tests.Features.Appraisal;

/// <summary>Reports on a portal of their own with generated cases (<see cref="AppraisalPortal"/>), so other tests' desks stay empty.</summary>
public class AppraisalReportTests(AppraisalPortal portal) : IClassFixture<AppraisalPortal>
{
    private const string District = "/530103/";
    private const string Tuodong = "/530103/530103001/";

    private AppraisalReports Reports => portal.Portal.Services.GetRequiredService<AppraisalReports>();

    private static readonly AppraisalPeriod Year = AppraisalPeriods.Of(AppraisalPeriodKind.Year, DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>Waits for the background worker to finish a report (it renders one at a time).</summary>
    private async Task<AppraisalReportRow> ReadyAsync(long id, DataScope scope)
    {
        return await Eventually.UntilAsync(async () => (await Reports.ListAsync(scope)).Single(r => r.Id == id),
            row => row.Status is AppraisalReportStatus.Ready or AppraisalReportStatus.Failed, $"Report {id}");
    }

    [Fact]
    public async Task ConfigurationChange_AppliesToLaterReports_AndLeavesAnArchivedOneAsItWas()
    {
        var leader = await portal.Portal.PrincipalAsync("leader");
        var scope = DataScope.For(leader);
        var first = (await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, District, leader))!.Value;
        Assert.Equal(AppraisalReportStatus.Ready, (await ReadyAsync(first, scope)).Status);
        var before = (await Reports.ArchivedAsync(first, scope))!.Value;
        var pdfBefore = (await Reports.FileAsync(first, true, leader))!.Bytes;
        Assert.Equal(AppraisalConfig.Default.MinimumCases, before.Config.MinimumCases);
        Assert.NotEmpty(before.Result.Departments);

        // The administrator doubles the weight of 结案率 for departments (at the cost of 立案数分值) and lowers the ranking minimum.
        var settings = portal.Portal.Services.GetRequiredService<AppraisalSettings>();
        var changed = AppraisalConfig.Default with
        {
            MinimumCases = 5,
            Weights = AppraisalConfig.Default.Weights.ToDictionary(w => w.Key, w => w.Key == AppraisedKind.Department
                ? new Dictionary<string, double> { [AppraisalConfig.FiledScore] = 0.0, [AppraisalConfig.Closure] = 0.4, [AppraisalConfig.HandleOnTime] = 0.3, [AppraisalConfig.NotReworked] = 0.3 }
                : w.Value),
        };
        Assert.Empty(await settings.SaveAsync(changed, null, "韩系统"));

        var archived = (await Reports.ArchivedAsync(first, scope))!.Value;
        Assert.Equal(AppraisalSettings.Serialize(before.Config), AppraisalSettings.Serialize(archived.Config));
        Assert.Equal(before.Result.Departments.Select(d => d.Total), archived.Result.Departments.Select(d => d.Total));
        Assert.Equal(pdfBefore, (await Reports.FileAsync(first, true, leader))!.Bytes);

        var second = (await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, District, leader))!.Value;
        await ReadyAsync(second, scope);
        var after = (await Reports.ArchivedAsync(second, scope))!.Value;
        Assert.Equal(5, after.Config.MinimumCases);
        Assert.NotEqual(before.Result.Departments.Select(d => d.Total), after.Result.Departments.Select(d => d.Total));

        // Back to the standard values for the other tests of this class.
        Assert.Empty(await settings.SaveAsync(AppraisalConfig.Default, null, "韩系统"));
    }

    [Fact]
    public async Task StreetLeader_MakesSeesAndDownloads_OnlyTheirStreetsReports()
    {
        var district = await portal.Portal.PrincipalAsync("leader");
        var street = await portal.Portal.PrincipalAsync("leader.tuodong");
        Assert.Null(await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, District, street));
        Assert.Null(await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, "/530103/530103002/", street));

        var own = (await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, Tuodong, street))!.Value;
        var whole = (await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, District, district))!.Value;
        await ReadyAsync(own, DataScope.For(street));
        await ReadyAsync(whole, DataScope.For(district));

        var seen = await Reports.ListAsync(DataScope.For(street));
        Assert.Contains(seen, r => r.Id == own);
        Assert.DoesNotContain(seen, r => r.Id == whole);
        Assert.Null(await Reports.FileAsync(whole, true, street));
        var ownResult = (await Reports.ArchivedAsync(own, DataScope.For(street)))!.Value.Result;
        Assert.Equal("530103001", ownResult.ScopeCode);
        Assert.Equal(["拓东街道"], ownResult.Streets.Select(s => s.Name));

        using var client = await portal.Portal.SignedInAsync("leader.tuodong");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/appraisal/reports/{whole}/report.pdf")).StatusCode);
        var mine = await client.GetAsync($"/appraisal/reports/{own}/report.xlsx");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Equal(AppraisalReports.WorkbookType, mine.Content.Headers.ContentType?.MediaType);
        using var clerk = await portal.Portal.SignedInAsync("clerk");
        Assert.NotEqual(HttpStatusCode.OK, (await clerk.GetAsync($"/appraisal/reports/{own}/report.pdf")).StatusCode);

        await using var db = await portal.Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "appraisal.report.download" && a.Target == $"appraisal-report:{own}"));
    }

    /// <summary>Issue 14 on computed figures: every summary sentence of a street's and the district's report matches the archived result.</summary>
    [Theory]
    [InlineData(Tuodong, "leader.tuodong")]
    [InlineData(District, "leader")]
    public async Task ComputedReport_EverySummarySentence_MatchesTheArchivedFigures(string scopePath, string userName)
    {
        var user = await portal.Portal.PrincipalAsync(userName);
        var id = (await Reports.RequestAsync(AppraisalPeriodKind.Year, Year, scopePath, user))!.Value;
        var row = await ReadyAsync(id, DataScope.For(user));
        Assert.Equal(AppraisalReportStatus.Ready, row.Status);
        var (result, config) = (await Reports.ArchivedAsync(id, DataScope.For(user)))!.Value;
        var pdf = (await Reports.FileAsync(id, true, user))!.Bytes;

        // Made while the year runs: the cohort is counted up to the day the report was made.
        var text = ReportText.Of(pdf, AppraisalReportTextTests.Document(result) with { Config = config, GeneratedAt = row.FinishedAt!.Value });
        Assert.NotEmpty(text.AssertSummaryIsTrue());
        text.AssertLineBreaking();
        text.AssertNoRateAbove100();
    }

    /// <summary>
    /// Issue 14's 100.7 %: a period in which more cases received earlier were closed than cases were received. Computed by the
    /// calculator and printed by the renderer, its report states the older closings as a count and no rate above 100 %.
    /// </summary>
    [Fact]
    public async Task ComputedReport_WhereOlderClosingsOutnumberTheReceipts_StatesThemAsACount_AndNoRateAbove100()
    {
        await using var db = await portal.Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var reported = (await db.CaseFacts.Where(f => f.Kind == CaseFactKind.Reported).Select(f => f.At).ToListAsync()).Select(ChinaTime.DateOf).ToList();
        var closed = (await db.CaseFacts.Where(f => f.Kind == CaseFactKind.Closed).Select(f => new { f.At, f.Case!.ReportedAt }).ToListAsync())
            .Select(c => (Day: ChinaTime.DateOf(c.At), Reported: ChinaTime.DateOf(c.ReportedAt))).ToList();
        // The first past day (of the generated year) whose closings of older cases outnumber its receipts.
        var today = ChinaTime.Today(TimeProvider.System);
        var day = closed.Where(c => c.Reported < c.Day && c.Day < today).Select(c => c.Day).Distinct().Order()
            .First(d => closed.Count(c => c.Day == d && c.Reported < d) > reported.Count(r => r == d));
        var period = new AppraisalPeriod(day, day.AddDays(1));

        var result = await portal.Portal.Services.GetRequiredService<AppraisalCalculator>().ComputeAsync(AppraisalConfig.Default, period, District);
        var s = result.Summary;
        Assert.True(s.ClosedEarlier > s.Received, $"{day}: {s.ClosedEarlier} older closings, {s.Received} received");
        var doc = AppraisalReportTextTests.Document(result);
        var text = ReportText.Of(portal.Portal.Services.GetRequiredService<AppraisalPdfRenderer>().Render(doc), doc);

        text.AssertSummaryIsTrue();
        text.AssertNoRateAbove100();
        text.AssertLineBreaking();
        Assert.Contains($"以前受理的案件{s.ClosedEarlier:N0}件", text.Joined, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DistrictReports_AtAPeriodsEnd_AreMadeOnceForMonthQuarterAndYear()
    {
        var queued = await Reports.ScheduleDueAsync();
        Assert.Equal(3, queued);
        Assert.Equal(0, await Reports.ScheduleDueAsync());
        var leader = await portal.Portal.PrincipalAsync("leader");
        var scheduled = (await Reports.ListAsync(DataScope.For(leader))).Where(r => r.Scheduled).ToList();
        Assert.Equal([AppraisalPeriodKind.Month, AppraisalPeriodKind.Quarter, AppraisalPeriodKind.Year], scheduled.Select(r => r.Kind).Order());
        foreach (var row in scheduled)
        {
            Assert.Equal(AppraisalReportStatus.Ready, (await ReadyAsync(row.Id, DataScope.For(leader))).Status);
        }
    }

    [Theory]
    [InlineData(new[] { 0, 0, 0, 0, 0 }, null)]
    [InlineData(new[] { 1, 1, 2, 3, 3 }, 60.0)]   // 3 + 3 satisfied of 10 rated
    [InlineData(new[] { 0, 0, 1, 0, 2 }, 66.7)]   // 2 of 3, one decimal
    public void SatisfactionRate_CountsSatisfiedAndVerySatisfied_OfAllRatings(int[] ratings, double? expected) =>
        Assert.Equal(expected, new Panlong.Portal.Features.Services.ServiceReport(default, default, new("", "", 0, 0, 0, 0, null), [], [], [], ratings, [], 0).SatisfactionRate);

    [Theory]
    [InlineData(0, 0, null)]
    [InlineData(16, 1, 6.3)]      // 6.25 rounds half away from zero like every shown rate (half to even gave 6.2)
    [InlineData(8, 7, 87.5)]
    public void OnTimeRate_OfTheFinishedOnes_HasOneDecimal(int finished, int onTime, double? expected) =>
        Assert.Equal(expected, new Panlong.Portal.Features.Services.ServiceFigure("", "", finished, finished, finished, onTime, null).OnTimeRate);

    [Fact]
    public void Configuration_ThatDoesNotAddUp_IsRefusedWithWhatIsWrong()
    {
        var bad = AppraisalConfig.Default with
        {
            MinimumCases = -1,
            Bands = [.. AppraisalConfig.Default.Bands.Take(4)],
            VolumeTable = [new ScoreStep(100, 0), new ScoreStep(50, 40), new ScoreStep(int.MaxValue, 100)],
            Weights = AppraisalConfig.Default.Weights.ToDictionary(w => w.Key, w => w.Key == AppraisedKind.Acceptor
                ? new Dictionary<string, double> { [AppraisalConfig.Volume] = 0.5, [AppraisalConfig.VerifyDispatchOnTime] = 0.4, [AppraisalConfig.CheckDispatchOnTime] = 0.35 }
                : w.Value),
        };
        Assert.Equal(["Appraisal.Config.Error.Weights:Acceptor", "Appraisal.Config.Error.Bands", "Appraisal.Config.Error.Table:Volume", "Appraisal.Config.Error.Minimum"],
            AppraisalSettings.Check(bad));
        Assert.Empty(AppraisalSettings.Check(AppraisalConfig.Default));
        Assert.Equal(AppraisalSettings.Serialize(AppraisalConfig.Default), AppraisalSettings.Serialize(AppraisalSettings.Deserialize(AppraisalSettings.Serialize(AppraisalConfig.Default))));
    }
}
