using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// Desks and the board over a year of cases (the generator's 47,199 received, 45,016 closed): the district dispatcher's
/// first page of work, a filtered page of the area list, a street dispatcher's work, and the command board.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 2, iterationCount: 10)]
public class CaseDeskBenchmarks
{
    internal static readonly WorkflowActor DistrictDispatcher = new("bench-d", "bench", new HashSet<string> { Roles.Dispatcher }, new DataScope("/530103/"));
    internal static readonly WorkflowActor StreetDispatcher = new("bench-s", "bench", new HashSet<string> { Roles.Dispatcher }, new DataScope("/530103/530103001/"));
    internal static readonly WorkflowActor Leader = new("bench-l", "bench", new HashSet<string> { Roles.Leader }, new DataScope("/530103/"));

    private TestDatabase _database = null!;
    private CaseQueries _queries = null!;
    private int _category;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await YearOfCases.OpenAsync(Provider, "cases");
        await using (var db = await _database.Factory.CreateDbContextAsync())
        {
            _category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        }
        _queries = new CaseQueries(_database.Factory, _database.Get<DefinitionStore>(), _database.Get<CalendarProvider>(), TimeProvider.System);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(Description = "desk: district dispatcher, my work, first page")]
    public Task<CasePage> DispatcherFirstPageAsync() => _queries.ListAsync(DistrictDispatcher, new CaseFilter(), 0, 20);

    [Benchmark(Description = "desk: district area, category + overdue filter")]
    public Task<CasePage> FilteredPageAsync() => _queries.ListAsync(DistrictDispatcher, new CaseFilter(CaseListKind.Area, CategoryId: _category, OverdueOnly: true), 0, 20);

    [Benchmark(Description = "desk: district area, closed cases, page 50")]
    public Task<CasePage> DeepPageAsync() => _queries.ListAsync(Leader, new CaseFilter(CaseListKind.Area, Status: CaseStatus.Closed), 50, 20);

    [Benchmark(Description = "desk: street dispatcher, my work, first page")]
    public Task<CasePage> StreetFirstPageAsync() => _queries.ListAsync(StreetDispatcher, new CaseFilter(), 0, 20);

    [Benchmark(Description = "board: district leader")]
    public Task<CaseBoard> BoardAsync() => _queries.BoardAsync(Leader);
}
