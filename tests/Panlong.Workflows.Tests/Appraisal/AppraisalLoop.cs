using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Appraisal;

/// <summary>
/// Cases of one Dongzhuang grid walked through the real loop by the district center's staff and the enforcement bureau, with
/// the engine's fake clock (Monday 16 March 2026, 09:00 China time) — the appraisal tests' stage.
/// </summary>
public sealed class AppraisalLoop : IAsyncDisposable
{
    public const string Enforcement = "530103-BM01";

    public static readonly WorkflowActor Inspector = Person("inspector", "/530103/", Roles.Inspector);
    public static readonly WorkflowActor Acceptor = Person("acceptor", "/530103/", Roles.Acceptor);
    public static readonly WorkflowActor ShiftLead = Person("shiftlead", "/530103/", Roles.ShiftLead);
    public static readonly WorkflowActor Dispatcher = Person("dispatcher", "/530103/", Roles.Dispatcher);
    public static readonly WorkflowActor Handler = Person("handler", $"/530103/{Enforcement}/", Roles.DepartmentHandler);

    /// <summary>March 2026, the month the clock starts in.</summary>
    public static readonly AppraisalPeriod March = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 4, 1));

    private static readonly StoredPhoto After = new(PhotoStage.After, "after.jpg", "image/jpeg", 1000, "cases/after.jpg", "cases/after.thumb.jpg");
    private static readonly StoredPhoto Before = new(PhotoStage.Before, "before.jpg", "image/jpeg", 1000, "cases/before.jpg", "cases/before.thumb.jpg");

    private readonly TestEngine _engine;
    private readonly int _category;
    private readonly (double Lat, double Lng) _place;

    private AppraisalLoop(TestEngine engine, int category, (double, double) place) => (_engine, _category, _place) = (engine, category, place);

    public TestEngine Engine => _engine;
    public AppraisalCalculator Calculator => _engine.Database.Get<AppraisalCalculator>();

    public static WorkflowActor Person(string id, string scope, params string[] roles) => new(id, id + "名", roles.ToHashSet(), new DataScope(scope));

    public static async Task<AppraisalLoop> StartAsync(DatabaseProvider provider)
    {
        var engine = await TestEngine.StartAsync(provider);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        return new AppraisalLoop(engine, category, (grid.Lat, grid.Lng));
    }

    /// <param name="selfHandled">The reporter fixed it on the spot (自处理), with a photo after.</param>
    public async Task<string> ReportAsync(WorkflowActor reporter, bool selfHandled = false)
    {
        var result = await _engine.Database.Get<CaseService>().ReportAsync(
            new CaseReport(_category, "东庄社区路口有暴露垃圾", _place.Lat, _place.Lng, null, null, selfHandled, selfHandled ? [Before, After] : [Before]), reporter);
        Assert.True(result.Ok);
        return result.Number!;
    }

    public async Task ActAsync(string number, string trigger, WorkflowActor actor, string? to = null)
    {
        var data = to is null ? null : new Dictionary<string, object?> { [CaseVariables.HandlingUnit] = to };
        var photo = trigger == CaseLoopContract.Complete;
        var result = await _engine.Database.Get<CaseService>().ActAsync(number, trigger, actor, new FireInput("意见", null, data), photo ? [After] : null);
        Assert.True(result.Outcome == CaseActOutcome.Done, $"{trigger}: {result.Refusal} {result.Detail}");
    }

    /// <summary>An inspector's report taken in, filed and dispatched to the enforcement bureau, every step on time.</summary>
    public async Task<string> DispatchedAsync()
    {
        var number = await ReportAsync(Inspector);
        await ActAsync(number, CaseLoopContract.Accept, Acceptor);
        await ActAsync(number, CaseLoopContract.File, ShiftLead);
        await ActAsync(number, CaseLoopContract.Dispatch, Dispatcher, Enforcement);
        return number;
    }

    public ValueTask DisposeAsync() => _engine.DisposeAsync();
}
