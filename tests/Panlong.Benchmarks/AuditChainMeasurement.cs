using System.Diagnostics;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Testing;

namespace Panlong.Benchmarks;

/// <summary>
/// Builds an audit chain of 1,000,000 rows (through the real append, 10,000 rows a save) and times its verification,
/// with the process's peak memory: verification reads the chain a batch at a time (docs/decisions/0028-audit-hash-chain.md).
/// </summary>
public static class AuditChainMeasurement
{
    public const int Rows = 1_000_000;
    private const int SaveSize = 10_000;

    public static async Task<int> RunAsync(string provider)
    {
        await using var database = TestDatabase.For(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true), pooled: true);
        await database.MigratedAsync();
        var log = new AuditLog(database.Factory, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var start = DateTimeOffset.UtcNow.AddYears(-1);
        for (var saved = 0; saved < Rows; saved += SaveSize)
        {
            await using var db = await database.Factory.CreateDbContextAsync();
            db.AuditEntries.AddRange(Enumerable.Range(saved, SaveSize).Select(i => new AuditEntry
            {
                At = start.AddSeconds(i * 30),
                Action = i % 7 == 0 ? AuditActions.SignInFailed : AuditActions.SignIn,
                UserId = null,
                UserName = $"user{i % 5000}",
                Target = $"case-{i}",
                Detail = i % 3 == 0 ? null : "派遣至区城市管理综合行政执法局",
                IpAddress = $"10.{i % 250}.{i / 250 % 250}.7",
            }));
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"{provider}: built {Rows:N0} chained rows in {watch.Elapsed.TotalSeconds:N1} s");
        var verifier = new AuditVerifier(database.Factory, log);
        for (var run = 1; run <= 3; run++)
        {
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var status = await verifier.CheckAsync();
            // CPU time as well as wall time: on a shared machine the wall time says more about the neighbours.
            Console.WriteLine($"{provider} run {run}: verified {status.Rows:N0} rows, intact {status.Intact}, in {watch.Elapsed.TotalSeconds:N2} s " +
                $"({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:N2} s CPU); managed heap {GC.GetTotalMemory(false) / 1024 / 1024:N0} MB, " +
                $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB (the build included)");
        }
        return 0;
    }
}
