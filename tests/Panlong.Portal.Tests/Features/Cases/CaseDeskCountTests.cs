using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// The desk's count stops at ten thousand, as the people list's does (docs/decisions/0050-city-scale-counts.md): the pager
/// still reaches the ten-thousandth case, a narrower filter is counted exactly, and the export counts everything.
/// </summary>
public class CaseDeskCountTests
{
    [Fact]
    public async Task List_MoreCasesThanTheCap_CountsToTheCapAndSaysSo()
    {
        await using var database = TestDatabase.Sqlite(services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
        });
        await database.MigratedAsync(seed: true);
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var cases = await GeneratedCases.InFirstGridAsync(db);
            db.Cases.AddRange(Enumerable.Range(0, 6).Select(i => cases.Make($"AJ-CAP-{i:D5}", at.AddSeconds(i), null, i < 5 ? CaseStatus.Closed : CaseStatus.Open)));
            await db.SaveChangesAsync();
            // The other open cases: copies of the last one in one statement (each its own number and process instance).
            var open = db.Cases.Local.Single(c => c.Status == CaseStatus.Open);
            var made = new Dictionary<string, string>
            {
                [nameof(Case.Number)] = "'AJ-CAP-' || printf('%05d', 5 + n.i)",
                [nameof(Case.InstanceId)] = "printf('%08X-0000-4000-8000-%012X', n.i, n.i)",
            };
            Assert.Equal(Paging.CountCap - 5, await RowCopies.InsertAsync(db, open, Paging.CountCap - 5, made));
        }
        var queries = new CaseQueries(database.Factory, database.Get<DefinitionStore>(), database.Get<CalendarProvider>(), TimeProvider.System);
        var leader = new WorkflowActor("leader", "leader", new HashSet<string> { Roles.Leader }, new DataScope("/530103/"));

        var first = await queries.ListAsync(leader, new CaseFilter(CaseListKind.Area), 0, 20);
        Assert.Equal((20, Paging.CountCap, true), (first.Rows.Count, first.Total, first.Capped));
        // The pager's last page under the cap is full; the one after it is where "more than" begins.
        var last = await queries.ListAsync(leader, new CaseFilter(CaseListKind.Area), Paging.CountCap / 20 - 1, 20);
        Assert.Equal((20, true), (last.Rows.Count, last.Capped));
        Assert.Equal(Paging.CountCap + 1, await queries.CountAsync(leader, new CaseFilter(CaseListKind.Area)));

        var closed = await queries.ListAsync(leader, new CaseFilter(CaseListKind.Area, Status: CaseStatus.Closed), 0, 20);
        Assert.Equal((5, 5, false), (closed.Rows.Count, closed.Total, closed.Capped));
    }
}
