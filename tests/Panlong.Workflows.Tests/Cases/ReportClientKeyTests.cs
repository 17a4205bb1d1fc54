using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Cases;

/// <summary>
/// A report's client key makes a resend safe: the phone's offline queue resends after a lost answer, from two tabs, or from the
/// service worker and a page at once (docs/decisions/0092-offline-phone-app.md). One key per reporter is one case.
/// </summary>
public class ReportClientKeyTests
{
    private static readonly WorkflowActor GridWorker = new("gridworker-key", "网格员", new HashSet<string> { Roles.GridWorker }, new DataScope("/530103/530103001/530103001001/"));
    private static readonly WorkflowActor Inspector = new("inspector-key", "巡查员", new HashSet<string> { Roles.Inspector }, new DataScope("/530103/"));

    private static async Task<(CaseService Cases, Func<CaseReport> Report)> StartAsync(TestEngine engine, string clientKey)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        return (engine.Database.Get<CaseService>(), () => new CaseReport(garbage, "离线时上报的暴露垃圾", grid.Lat, grid.Lng, "东庄路口", clientKey));
    }

    private static async Task<int> CountAsync(TestEngine engine, string clientKey)
    {
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return await db.Cases.CountAsync(c => c.ClientKey == clientKey);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Report_SentTwiceWithOneKey_IsOneCaseAndTheSecondAnswerNamesIt(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (cases, report) = await StartAsync(engine, "queue-1");

        var first = await cases.ReportAsync(report(), GridWorker);
        var again = await cases.ReportAsync(report(), GridWorker);
        // Another reporter's form may carry the same key by chance: that is their own case.
        var other = await cases.ReportAsync(report(), Inspector);

        Assert.True(first.Ok);
        Assert.Equal((first.Number, true), (again.Number, again.Duplicate));
        Assert.False(other.Duplicate);
        Assert.NotEqual(first.Number, other.Number);
        Assert.Equal(2, await CountAsync(engine, "queue-1"));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Report_SentConcurrentlyWithOneKey_IsOneCaseBothAnswersName(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (cases, report) = await StartAsync(engine, "queue-race");

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => cases.ReportAsync(report(), GridWorker))));

        Assert.All(answers, a => Assert.True(a.Ok, string.Join("; ", a.Errors.Select(e => $"{e.Key}={e.Value}"))));
        Assert.Single(answers.Select(a => a.Number).Distinct());
        Assert.Single(answers, a => !a.Duplicate);
        Assert.Equal(1, await CountAsync(engine, "queue-race"));
    }
}
