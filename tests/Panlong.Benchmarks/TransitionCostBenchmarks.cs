using System.Data.Common;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 17, goal 3: what one case-loop transition costs through <see cref="WorkflowRunner.FireAsync"/> against a bare
/// transaction that reads and writes the same rows in the same database, side by side in one run per provider. Both
/// cycle a case between 处置 and 核查 (Complete, then Rework), so each transition closes one task and opens the next,
/// replaces the state's two timers, writes a history row, an outbox message, the case's projection and its facts.
/// </summary>
[Config(typeof(InProcessMonitoring))]
public class TransitionCostBenchmarks
{
    /// <summary>
    /// In process: the side-by-side pair needs no isolated runtime, and on this 2-core box building BenchmarkDotNet's
    /// generated project costs minutes per run. A monitoring strategy, as a transition is milliseconds long.
    /// </summary>
    public sealed class InProcessMonitoring : ManualConfig
    {
        public InProcessMonitoring() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(9)
            .WithToolchain(InProcessEmitToolchain.Instance)).AddDiagnoser(MemoryDiagnoser.Default);
    }

    public const int TransitionsPerInvocation = 100;

    private static readonly WorkflowActor Inspector = CaseLoopBenchmarks.Inspector;
    private static readonly WorkflowActor Acceptor = CaseLoopBenchmarks.Acceptor;
    private static readonly WorkflowActor ShiftLead = CaseLoopBenchmarks.ShiftLead;
    private static readonly WorkflowActor Dispatcher = CaseLoopBenchmarks.Dispatcher;
    private static readonly WorkflowActor Handler = CaseLoopBenchmarks.Handler;

    private TestDatabase _database = null!;
    private WorkflowRunner _runner = null!;
    private (Guid Instance, Guid Version, bool InHandling) _fired;
    private Guid _bareInstance;
    private bool _bareInHandling = true;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await SeededWorkflows.OpenAsync(Provider);
        _runner = _database.Get<WorkflowRunner>();
        var (instance, version) = await CaseInHandlingAsync(_database);
        _fired = (instance, version, true);
        (_bareInstance, _) = await CaseInHandlingAsync(_database);
        // Warm both paths (EF's compiled queries, the definition and calendar caches, SQLite's statement cache).
        for (var i = 0; i < 50; i++)
        {
            await FireOneAsync();
            await BareOneAsync();
        }
    }

    /// <summary>A case of the district loop reported, accepted, filed and dispatched: in 处置, ready to Complete (also measure-telemetry).</summary>
    internal static async Task<(Guid Instance, Guid Version)> CaseInHandlingAsync(TestDatabase database)
    {
        var cases = database.Get<CaseService>();
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var number = (await cases.ReportAsync(new CaseReport(category, "东庄社区路口有暴露垃圾", grid.Lat, grid.Lng, "东庄路口", null), Inspector)).Number!;
        foreach (var (trigger, actor, data) in new (string, WorkflowActor, Dictionary<string, object?>?)[]
        {
            (CaseLoopContract.Accept, Acceptor, null),
            (CaseLoopContract.File, ShiftLead, null),
            (CaseLoopContract.Dispatch, Dispatcher, new() { [CaseVariables.HandlingUnit] = "530103-BM01" }),
        })
        {
            var done = await cases.ActAsync(number, trigger, actor, new FireInput(Data: data));
            if (done.Outcome != CaseActOutcome.Done)
            {
                throw new InvalidOperationException($"{trigger}: {done.Refusal}");
            }
        }
        await using var read = await database.Factory.CreateDbContextAsync();
        var row = await read.ProcessInstances.Where(i => i.SubjectId == number).Select(i => new { i.Id, i.Version }).SingleAsync();
        return (row.Id, row.Version);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(Baseline = true, OperationsPerInvoke = TransitionsPerInvocation, Description = "bare transaction (ADO, same rows)")]
    public async Task BareAsync()
    {
        for (var i = 0; i < TransitionsPerInvocation; i++)
        {
            await BareOneAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = TransitionsPerInvocation, Description = "WorkflowRunner.FireAsync (Complete / Rework)")]
    public async Task FireAsync()
    {
        for (var i = 0; i < TransitionsPerInvocation; i++)
        {
            await FireOneAsync();
        }
    }

    private async Task FireOneAsync()
    {
        var (instance, version, inHandling) = _fired;
        var result = inHandling
            ? await _runner.FireAsync(instance, version, CaseLoopContract.Complete, Handler, new FireInput("已按标准处置完毕", ["cases/after.jpg"]))
            : await _runner.FireAsync(instance, version, CaseLoopContract.Rework, Inspector, new FireInput("整改不到位，请返工"));
        _fired = result.Ok ? (instance, result.Version!.Value, !inHandling) : throw new InvalidOperationException($"Fire refused: {result.Refusal} {result.Detail}");
    }

    private async Task BareOneAsync()
    {
        await using var db = await _database.Factory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        try
        {
            await new BareTransition(db.Database.GetDbConnection(), Provider).RunAsync(_bareInstance, _bareInHandling);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        _bareInHandling = !_bareInHandling;
    }

    /// <summary>
    /// The rows a Complete or Rework writes, by hand: read the instance, its open tasks, its standing timers, the case and
    /// the facts the new state supersedes; then close the task, move and re-version the instance, write the history row,
    /// delete the old timers, open the next task with its two timers, the outbox message, the case's projection and facts.
    /// One transaction; the reads are round trips of their own, the writes one batch (as EF Core batches a SaveChanges).
    /// </summary>
    private sealed class BareTransition(DbConnection connection, DatabaseProvider provider)
    {
        private DbTransaction _tx = null!;

        public async Task RunAsync(Guid instanceId, bool inHandling)
        {
            await using var tx = _tx = await connection.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            var (from, to, trigger) = inHandling ? ("Handling", "Checking", "Complete") : ("Checking", "Handling", "Rework");
            var instance = await ReadAsync("""SELECT "Version", "Variables", "ScopePath", "State" FROM "ProcessInstances" WHERE "Id" = @p0""", instanceId);
            var tasks = await ReadAsync("""SELECT "Id", "Version", "DueAt", "AssigneeUserId", "Role", "ScopePath" FROM "WorkTasks" WHERE "InstanceId" = @p0 AND "Status" = 'Open'""", instanceId);
            _ = await ReadAsync("""SELECT "Id", "Version", "DueAt", "Kind" FROM "ProcessTimers" WHERE "InstanceId" = @p0 AND "FiredAt" IS NULL""", instanceId);
            var item = await ReadAsync("""SELECT "Id", "Number", "Description", "GridId", "ScopePath", "HubCode", "HandlingUnitCode", "Source", "ReworkCount" FROM "Cases" WHERE "InstanceId" = @p0""", instanceId);
            var caseId = Convert.ToInt64(item[0][0], System.Globalization.CultureInfo.InvariantCulture);
            var kinds = inHandling ? "'Checked'" : "'Handled'";
            _ = await ReadAsync($"""SELECT "Id" FROM "CaseFacts" WHERE "CaseId" = @p0 AND "Kind" IN ({kinds}) AND NOT "Superseded" """, caseId);

            var moved = await WriteAsync("""UPDATE "ProcessInstances" SET "State" = @p1, "StateEnteredAt" = @p2, "DueAt" = @p3, "Variables" = @p4, "Version" = @p5 WHERE "Id" = @p0 AND "Version" = @p6""",
                instanceId, to, now, now.AddHours(8), instance[0][1], Guid.NewGuid(), instance[0][0]);
            if (moved != 1)
            {
                throw new InvalidOperationException("bare transition lost its version");
            }
            var due = now.AddHours(8);
            await WriteAsync("""
                UPDATE "WorkTasks" SET "Status" = 'Completed', "CompletedAt" = @p1, "CompletedByUserId" = @p2, "CompletedByName" = @p2, "Outcome" = @p3, "Version" = @p4 WHERE "Id" = @p0 AND "Version" = @p5;
                UPDATE "CaseFacts" SET "Superseded" = @p24 WHERE "CaseId" = @p6 AND "Kind" IN (
                """ + kinds + """
                ) AND NOT "Superseded";
                DELETE FROM "ProcessTimers" WHERE "InstanceId" = @p7 AND "FiredAt" IS NULL;
                INSERT INTO "ProcessSteps" ("InstanceId", "At", "Kind", "Trigger", "FromState", "ToState", "ActorId", "ActorName", "Comment", "Attachments", "WorkingMinutes") VALUES (@p7, @p1, 'Transition', @p3, @p8, @p9, @p2, @p2, @p10, NULL, 60);
                INSERT INTO "WorkTasks" ("InstanceId", "State", "Name", "Role", "OrgUnitId", "ScopePath", "AssigneeUserId", "Status", "IsParallel", "CreatedAt", "DueAt", "Version") VALUES (@p7, @p9, @p11, @p12, NULL, @p13, @p14, 'Open', @p15, @p1, @p16, @p17);
                INSERT INTO "ProcessTimers" ("InstanceId", "State", "Kind", "DueAt", "Version") VALUES (@p7, @p9, 'Warning', @p18, @p19);
                INSERT INTO "ProcessTimers" ("InstanceId", "State", "Kind", "DueAt", "Version") VALUES (@p7, @p9, 'Overdue', @p16, @p20);
                INSERT INTO "OutboxMessages" ("Topic", "Recipient", "Title", "Body", "Link", "CreatedAt", "Attempts") VALUES ('case.task', @p21, @p11, @p22, @p23, @p1, 0);
                UPDATE "Cases" SET "State" = @p9, "StateName" = @p11, "StepStartedAt" = @p1, "StepDueAt" = @p16, "ReworkCount" = "ReworkCount" + @p25, "Version" = @p26 WHERE "Id" = @p6;
                INSERT INTO "CaseFacts" ("CaseId", "Kind", "At", "PersonKey", "PersonName", "PersonRole", "UnitCode", "GridId", "ScopePath", "Public", "OnTime", "DueAt", "Superseded", "IsDemo") VALUES (@p6, @p27, @p1, @p2, @p2, @p12, @p28, @p29, @p30, @p15, @p24, @p16, @p15, @p15);
                """ + (inHandling ? "" : """
                INSERT INTO "CaseFacts" ("CaseId", "Kind", "At", "PersonKey", "PersonName", "PersonRole", "UnitCode", "GridId", "ScopePath", "Public", "OnTime", "DueAt", "Superseded", "IsDemo") VALUES (@p6, 'Reworked', @p1, NULL, NULL, 'Dispatcher', @p28, @p29, @p30, @p15, NULL, NULL, @p15, @p15);
                """),
                tasks[0][0], now, inHandling ? "handler" : "inspector", trigger, Guid.NewGuid(), tasks[0][1], caseId, instanceId, from, to,
                inHandling ? "已按标准处置完毕" : "整改不到位，请返工", inHandling ? "核查" : "处置", inHandling ? null : Roles.DepartmentHandler,
                tasks[0][5], inHandling ? "inspector" : null, false, due, Guid.NewGuid(), now.AddHours(6), Guid.NewGuid(), Guid.NewGuid(),
                inHandling ? "user:inspector" : "unit:530103-BM01:DepartmentHandler", item[0][2], $"/cases/{item[0][1]}", true,
                inHandling ? 0 : 1, Guid.NewGuid(), inHandling ? "Handled" : "Checked", item[0][6], item[0][3], item[0][4]);
            await tx.CommitAsync();
        }

        private async Task<List<object?[]>> ReadAsync(string sql, params object?[] values)
        {
            await using var command = Command(sql, values);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = new List<object?[]>();
            while (await reader.ReadAsync())
            {
                var row = new object?[reader.FieldCount];
                reader.GetValues(row!);
                rows.Add(row);
            }
            return rows;
        }

        private async Task<int> WriteAsync(string sql, params object?[] values)
        {
            await using var command = Command(sql, values);
            return await command.ExecuteNonQueryAsync();
        }

        private DbCommand Command(string sql, object?[] values)
        {
            var command = connection.CreateCommand();
            command.Transaction = _tx;
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = $"@p{i}";
                parameter.Value = Stored(values[i]) ?? DBNull.Value;
                command.Parameters.Add(parameter);
            }
            return command;
        }

        /// <summary>As the model stores it: on SQLite instants are UTC ticks and GUIDs upper-case text (Panlong.Data/Providers).</summary>
        private object? Stored(object? value) => provider != DatabaseProvider.Sqlite ? value : value switch
        {
            DateTimeOffset at => at.UtcTicks,
            Guid id => id.ToString().ToUpperInvariant(),
            _ => value,
        };
    }
}
