using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.Workflows.Tests.Demo;

/// <summary>
/// The city-scale copies (docs/decisions/0044-city-scale-data.md): each copy of a loop-made case carries the same
/// timeline, tasks, timers, facts and messages as its original, under ids and a number of its own.
/// </summary>
public class CaseReplicatorTests
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, ChinaTime.Offset).ToUniversalTime();

    [Fact]
    public async Task Replicate_ALoopYear_EveryCopyHoldsWhatItsOriginalHolds()
    {
        await using var database = await CaseGeneratorTests.DatabaseAsync(DatabaseProvider.Postgres, new FakeTimeProvider(Now));
        await database.Get<CaseGenerator>().GenerateAsync(120, 110);
        var before = await ShapeAsync(database);

        var added = await database.Get<CaseReplicator>().ReplicateAsync(3);
        var again = await database.Get<CaseReplicator>().ReplicateAsync(3);

        Assert.Equal((240, 0), (added, again));
        var after = await ShapeAsync(database);
        Assert.Equal(360, after.Count);
        Assert.Equal(360, after.Select(c => c.Number).Distinct().Count());
        // Each original's shape (day of its number, status, state, grid, reported at; counts of steps, tasks, timers, facts,
        // messages) three times.
        var expected = before.SelectMany(c => Enumerable.Repeat(c with { Number = c.Number[..10] }, 3)).Order().ToList();
        Assert.Equal(expected, after.Select(c => c with { Number = c.Number[..10] }).Order().ToList());
        // The instance's subject is the copy's own number.
        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(0, await db.Cases.CountAsync(c => !db.ProcessInstances.Any(i => i.Id == c.InstanceId && i.SubjectId == c.Number)));
    }

    private sealed record CaseShape(string Number, string Status, string State, int GridId, DateTimeOffset ReportedAt, int Steps, int Tasks, int OpenTasks,
        int Timers, int Facts, int Messages) : IComparable<CaseShape>
    {
        public int CompareTo(CaseShape? other) => string.CompareOrdinal(ToString(), other?.ToString());
    }

    private static async Task<List<CaseShape>> ShapeAsync(TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var rows = await db.Cases.AsNoTracking().Where(c => c.IsDemo).Select(c => new
        {
            c.Number, c.Status, c.State, c.GridId, c.ReportedAt,
            Steps = db.ProcessSteps.Count(s => s.InstanceId == c.InstanceId),
            Tasks = db.WorkTasks.Count(t => t.InstanceId == c.InstanceId),
            OpenTasks = db.WorkTasks.Count(t => t.InstanceId == c.InstanceId && t.Status == Data.Workflows.WorkTaskStatus.Open),
            Timers = db.ProcessTimers.Count(t => t.InstanceId == c.InstanceId),
            Facts = db.CaseFacts.Count(f => f.CaseId == c.Id),
            Messages = db.OutboxMessages.Count(m => m.Link == "/cases/" + c.Number),
        }).ToListAsync();
        return rows.Select(r => new CaseShape(r.Number, r.Status.ToString(), r.State, r.GridId, r.ReportedAt, r.Steps, r.Tasks, r.OpenTasks, r.Timers, r.Facts, r.Messages))
            .ToList();
    }
}
