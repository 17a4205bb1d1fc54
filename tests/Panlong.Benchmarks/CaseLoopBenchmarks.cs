using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// One case through the district loop by the service pages and APIs call: reported by an inspector, accepted, filed,
/// dispatched, handled with an after-photo, checked and closed (one report + six decisions). Each decision passes the
/// version the previous one returned, as a page passes the version it rendered.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class CaseLoopBenchmarks
{
    public const int WarmUpCases = 200;

    internal static readonly WorkflowActor Inspector = Actor("inspector", Roles.Inspector, "/530103/");
    internal static readonly WorkflowActor Acceptor = Actor("acceptor", Roles.Acceptor, "/530103/");
    internal static readonly WorkflowActor ShiftLead = Actor("shiftlead", Roles.ShiftLead, "/530103/");
    internal static readonly WorkflowActor Dispatcher = Actor("dispatcher", Roles.Dispatcher, "/530103/");
    internal static readonly WorkflowActor Handler = Actor("handler", Roles.DepartmentHandler, "/530103/530103-BM01/");
    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");
    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");

    private TestDatabase _database = null!;
    private CaseService _cases = null!;
    private int _category;
    private (double Lat, double Lng) _position;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await SeededWorkflows.OpenAsync(Provider);
        _cases = _database.Get<CaseService>();
        await using var db = await _database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        _position = (grid.Lat, grid.Lng);
        _category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        for (var i = 0; i < WarmUpCases; i++)
        {
            await OneCaseAsync();
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(Description = "report → accept → file → dispatch → complete → pass → close (one case)")]
    public async Task OneCaseAsync()
    {
        var report = await _cases.ReportAsync(new CaseReport(_category, "东庄社区路口有暴露垃圾", _position.Lat, _position.Lng, "东庄路口", null, false, [Before]), Inspector);
        var number = report.Number ?? throw new InvalidOperationException("report refused");
        var seen = await ActAsync(number, CaseLoopContract.Accept, Acceptor, null);
        seen = await ActAsync(number, CaseLoopContract.File, ShiftLead, seen);
        seen = await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, seen, new() { [CaseVariables.HandlingUnit] = "530103-BM01" });
        seen = await ActAsync(number, CaseLoopContract.Complete, Handler, seen, photo: After);
        seen = await ActAsync(number, CaseLoopContract.Pass, Inspector, seen);
        await ActAsync(number, CaseLoopContract.Close, ShiftLead, seen);
    }

    private async Task<Guid?> ActAsync(string number, string trigger, WorkflowActor actor, Guid? seen, Dictionary<string, object?>? data = null, StoredPhoto? photo = null)
    {
        var result = await _cases.ActAsync(number, trigger, actor, new FireInput("办理意见", null, data), photo is null ? null : [photo], seen);
        return result.Outcome == CaseActOutcome.Done
            ? result.Version
            : throw new InvalidOperationException($"{trigger} by {actor.Name} refused: {result.Outcome} {result.Refusal} {result.Detail}");
    }

    private static WorkflowActor Actor(string name, string role, string scope) => new(name, name, new HashSet<string> { role }, new DataScope(scope));
}
