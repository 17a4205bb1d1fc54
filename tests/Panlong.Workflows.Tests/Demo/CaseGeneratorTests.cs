using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Data.Workflows;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Tests.Demo;

/// <summary>
/// The demo data check of issue 14: a small generated year, with a fixed "now", holds only what the real loop would have
/// written by then — complete timelines, working time, appraisal facts that say what the timeline says
/// (docs/decisions/0022-demo-cases-through-the-loop.md).
/// </summary>
public class CaseGeneratorTests
{
    /// <summary>Monday 30 November 2026, 10:00 China time (a UTC clock, as PostgreSQL wants).</summary>
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, ChinaTime.Offset).ToUniversalTime();

    /// <summary>A seeded database with the loop's definitions and calendar, ready for the generator (the appraisal tests use it too).</summary>
    internal static async Task<TestDatabase> DatabaseAsync(DatabaseProvider provider, FakeTimeProvider clock) =>
        await PreparedAsync(NewDatabase(provider, clock));

    /// <summary>
    /// <see cref="DatabaseAsync"/> with a generated year of <paramref name="received"/> cases, <paramref name="closed"/> of them
    /// closed, for tests that read a year and do not test the generator itself. Generating walks every case through the real loop
    /// (minutes on a loaded box); the first test of the process that asks for a size generates it, later ones on the same clock get
    /// a copy (docs/decisions/0086-test-database-templates.md): the same loop made it, once, and each test still gets a database
    /// of its own to change.
    /// </summary>
    internal static async Task<TestDatabase> GeneratedYearAsync(DatabaseProvider provider, FakeTimeProvider clock, int received, int closed) =>
        await NewDatabase(provider, clock).BuiltAsync($"generated year {received}/{closed}", async built =>
        {
            await PreparedAsync(built);
            await built.Get<CaseGenerator>().GenerateAsync(received, closed);
        });

    private static TestDatabase NewDatabase(DatabaseProvider provider, FakeTimeProvider clock) => TestDatabase.For(provider, services =>
    {
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<AuditLog>();
        services.AddPanlongWorkflows().AddDemo();
    });

    private static Task<TestDatabase> PreparedAsync(TestDatabase database) => database.BuiltAsync("generator", async built =>
    {
        await built.MigratedAsync(seed: true, demo: true);
        await built.Get<CalendarProvider>().SeedAsync();
        await built.Get<DefinitionStore>().SeedAsync();
    });

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Generate_ASmallYear_WritesOnlyWhatTheLoopWroteBeforeNow(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(Now);
        await using var database = await DatabaseAsync(provider, clock);
        // A case a real person reported just before: it must survive the generator and its rerun.
        var real = await ReportRealAsync(database);

        var counts = await database.Get<CaseGenerator>().GenerateAsync(300, 280);

        Assert.Equal((300, 280), (counts.Cases, counts.Closed));
        await using var db = await database.Factory.CreateDbContextAsync();
        var cases = await db.Cases.AsNoTracking().Where(c => c.IsDemo).ToListAsync();
        Assert.Equal(300, cases.Count);
        Assert.Equal(280, cases.Count(c => c.Status == CaseStatus.Closed));
        Assert.Equal(16, cases.Count(c => c.Status == CaseStatus.Open));
        Assert.Equal(4, cases.Count(c => c.Status is CaseStatus.NotFiled or CaseStatus.Voided));
        Assert.All(cases, c => Assert.InRange(c.ReportedAt, Now.AddDays(-366), Now));

        var instances = cases.Select(c => c.InstanceId).ToList();
        var steps = (await db.ProcessSteps.AsNoTracking().Where(s => instances.Contains(s.InstanceId)).ToListAsync()).ToLookup(s => s.InstanceId);
        var tasks = await db.WorkTasks.AsNoTracking().Where(t => instances.Contains(t.InstanceId)).ToListAsync();
        var facts = (await db.CaseFacts.AsNoTracking().Where(f => f.Case!.IsDemo).ToListAsync()).ToLookup(f => f.CaseId);

        // Nothing after now: no step, no task made or done, no fact, no closing.
        Assert.All(steps.SelectMany(s => s), s => Assert.True(s.At <= Now, $"step {s.Kind} {s.Trigger} at {s.At}"));
        Assert.All(tasks, t => Assert.True(t.CreatedAt <= Now && (t.CompletedAt is null || t.CompletedAt <= Now)));
        Assert.All(facts.SelectMany(f => f), f => Assert.True(f.At <= Now, $"fact {f.Kind} at {f.At}"));
        Assert.All(cases, c => Assert.True(c.ClosedAt is null || c.ClosedAt <= Now));

        // Open tasks only on open cases, and every open case has one.
        var open = tasks.Where(t => t.Status == WorkTaskStatus.Open).Select(t => t.InstanceId).ToHashSet();
        Assert.All(cases, c => Assert.Equal(c.Status == CaseStatus.Open, open.Contains(c.InstanceId)));

        foreach (var item in cases)
        {
            var timeline = steps[item.InstanceId].OrderBy(s => s.Id).ToList();
            var triggers = timeline.Where(s => s.Kind == StepKind.Transition).Select(s => s.Trigger!).ToList();
            var mine = facts[item.Id].ToList();
            int Facts(CaseFactKind kind) => mine.Count(f => f.Kind == kind);
            int Fired(params string[] names) => triggers.Count(names.Contains);
            Assert.Equal(StepKind.Started, timeline[0].Kind);
            Assert.Equal(1, Facts(CaseFactKind.Reported));
            Assert.Equal(Fired(CaseLoopContract.Accept), Facts(CaseFactKind.Accepted));
            Assert.Equal(Fired(CaseLoopContract.SendToVerify), Facts(CaseFactKind.VerifySent));
            Assert.Equal(Fired(CaseLoopContract.Verify, CaseLoopContract.VerifyFalse), Facts(CaseFactKind.Verified));
            Assert.Equal(Fired(CaseLoopContract.File), Facts(CaseFactKind.Filed));
            Assert.Equal(Fired(CaseLoopContract.Dispatch), Facts(CaseFactKind.Dispatched));
            // One Handled per handling round: a reworked case was handled once more than it was sent back.
            Assert.Equal(Fired(CaseLoopContract.Complete), Facts(CaseFactKind.Handled));
            Assert.Equal(Fired(CaseLoopContract.Rework), Facts(CaseFactKind.Reworked));
            Assert.Equal(Fired(CaseLoopContract.Pass, CaseLoopContract.Rework), Facts(CaseFactKind.Checked));
            Assert.Equal(Fired(CaseLoopContract.ApproveExtension), Facts(CaseFactKind.Extended));
            Assert.Equal(Fired(CaseLoopContract.Close), Facts(CaseFactKind.Closed));
            Assert.Equal(Fired(CaseLoopContract.Decline), Facts(CaseFactKind.NotFiled));
            Assert.Equal(Fired(CaseLoopContract.ApproveVoid), Facts(CaseFactKind.Voided));
            Assert.Equal(item.ReworkCount, Fired(CaseLoopContract.Rework));
            Assert.All(mine, f => Assert.True(f.IsDemo));
            if (item.Status == CaseStatus.Closed)
            {
                // reported … closed, each step in order, and the whole case took working time.
                Assert.Equal([CaseLoopContract.File, CaseLoopContract.Dispatch, CaseLoopContract.Complete, CaseLoopContract.Pass, CaseLoopContract.Close],
                    triggers.Where(t => t is CaseLoopContract.File or CaseLoopContract.Dispatch or CaseLoopContract.Complete or CaseLoopContract.Pass or CaseLoopContract.Close)
                        .Distinct().ToList());
                Assert.Equal(CaseLoopContract.Close, triggers[^1]);
                Assert.True(timeline.Sum(s => s.WorkingMinutes) > 0, $"{item.Number} took no working time");
                Assert.Equal(item.ClosedAt, timeline[^1].At);
                Assert.Equal(item.FiledAt, timeline.First(s => s.Trigger == CaseLoopContract.File).At);
            }
            Assert.True(timeline.Zip(timeline.Skip(1)).All(p => p.First.At <= p.Second.At), $"{item.Number}: the timeline goes back in time");
        }
        // The sweep ran as the clock passed: some steps were warned about or marked overdue, at their timers' moments.
        Assert.Contains(steps.SelectMany(s => s), s => s.Kind == StepKind.Overdue);
        Assert.Contains(steps.SelectMany(s => s), s => s.Kind == StepKind.Warning);

        // A rerun replaces the generated cases and keeps the real one. Any size other than the first run's shows the replacement;
        // a small one walks a tenth of the first run's cases instead of 40 %.
        await database.Get<CaseGenerator>().GenerateAsync(30, 28);
        await using var after = await database.Factory.CreateDbContextAsync();
        Assert.Equal(30, await after.Cases.CountAsync(c => c.IsDemo));
        Assert.True(await after.Cases.AnyAsync(c => c.Number == real && !c.IsDemo));
        Assert.Equal(1, await after.CaseFacts.CountAsync(f => f.Case!.Number == real));
        Assert.Equal(0, await after.CaseFacts.CountAsync(f => !f.Case!.IsDemo && f.Case.Number != real));
        Assert.Equal(0, await after.OutboxMessages.CountAsync(m => m.DeliveredAt == null && m.Link != "/cases/" + real));
    }

    private static async Task<string> ReportRealAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var resident = new WorkflowActor("resident-1", "居民", new HashSet<string> { Roles.Resident }, DataScope.None);
        var result = await database.Get<CaseService>().ReportAsync(new CaseReport(category, "路口有暴露垃圾，请处理", grid.Lat, grid.Lng, null, null), resident);
        Assert.True(result.Ok, string.Join(",", result.Errors.Values));
        return result.Number!;
    }
}
