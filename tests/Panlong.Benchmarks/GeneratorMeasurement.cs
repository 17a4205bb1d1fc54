using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Benchmarks;

/// <summary>
/// `measure-generator [cases] [now]`: the demo generator on a fresh SQLite file — its wall and CPU time per case, and the SQL it
/// sends, grouped by statement, so the costly statements of a step through the loop can be seen (docs/benchmarks.md). With a
/// fixed "now" (an ISO instant) two builds generate the same year, so their files can be compared row by row.
/// </summary>
public static class GeneratorMeasurement
{
    public static async Task<int> RunAsync(int cases, DateTimeOffset? now = null)
    {
        var counter = new CommandCounter();
        var file = Path.Combine(Path.GetTempPath(), "panlong-measure-generator.db");
        foreach (var f in Directory.GetFiles(Path.GetTempPath(), "panlong-measure-generator.db*"))
        {
            File.Delete(f);
        }
        await using var database = TestDatabase.Unmanaged(new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={file}"), services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(new PersonalDataProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            services.AddSingleton<AuditLog>();
            services.AddSingleton<IInterceptor>(counter);
            services.AddPanlongWorkflows().AddDemo();
            if (now is { } fixedNow)
            {
                services.AddSingleton<TimeProvider>(new ManualClock(fixedNow));
            }
        });
        await database.MigratedAsync(seed: true, demo: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        counter.Reset();
        using var compilations = new CompilationCounter();
        var (allocated, pause, gen0, gen2) = (GC.GetTotalAllocatedBytes(), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var counts = await database.Get<CaseGenerator>().GenerateAsync(cases, cases * CaseGenerator.ArticleClosed / CaseGenerator.ArticleReceived);
        watch.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine($"{counts.Cases:N0} cases in {watch.Elapsed.TotalSeconds:N1} s wall, {used.TotalSeconds:N1} s CPU: "
            + $"{watch.Elapsed.TotalMilliseconds / counts.Cases:N2} ms wall and {used.TotalMilliseconds / counts.Cases:N2} ms CPU per case; "
            + $"{counter.Total:N0} SQL commands ({(double)counter.Total / counts.Cases:N1} per case) taking {counter.Elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"GC: {(GC.GetTotalAllocatedBytes() - allocated) / counts.Cases / 1024.0:N0} KiB allocated per case, {GC.CollectionCount(0) - gen0:N0} collections "
            + $"({GC.CollectionCount(2) - gen2:N0} of gen 2) pausing {(GC.GetTotalPauseDuration() - pause).TotalSeconds:N1} s; heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB");
        Console.WriteLine($"{compilations.Count:N0} query compilations during generation; the most frequent:");
        foreach (var (query, count) in compilations.Top(8))
        {
            Console.WriteLine($"{count,8:N0}  {query}");
        }
        foreach (var (sql, stat) in counter.Top(25))
        {
            Console.WriteLine($"{stat.Count,8:N0} {stat.Ms,9:N0} ms  {sql}");
        }
        return 0;
    }

    /// <summary>EF Core's query compilations (a query recompiled at every call shows up here as a high count).</summary>
    private sealed class CompilationCounter : IDisposable
    {
        private readonly ConcurrentDictionary<string, int> _queries = new();
        private readonly EfCoreEvents _events;

        public CompilationCounter() => _events = new EfCoreEvents(OnEvent);

        public int Count => _queries.Values.Sum();

        public IEnumerable<(string Query, int Count)> Top(int n) => _queries.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value));

        private void OnEvent(string name, object? payload)
        {
            if (name == CoreEventId.QueryCompilationStarting.Name && payload is QueryExpressionEventData data)
            {
                var text = Microsoft.EntityFrameworkCore.Query.ExpressionPrinter.Print(data.Expression).ReplaceLineEndings(" ");
                _queries.AddOrUpdate(text.Length > 200 ? text[..200] : text, 1, (_, c) => c + 1);
            }
        }

        public void Dispose() => _events.Dispose();
    }

    private sealed class CommandCounter : DbCommandInterceptor
    {
        public sealed class Stat
        {
            public int Count;
            public double Ms;
        }

        private readonly ConcurrentDictionary<string, Stat> _stats = new();

        public int Total => _stats.Values.Sum(s => s.Count);
        public TimeSpan Elapsed => TimeSpan.FromMilliseconds(_stats.Values.Sum(s => s.Ms));

        public void Reset() => _stats.Clear();

        public IEnumerable<(string Sql, Stat Stat)> Top(int n) => _stats.OrderByDescending(p => p.Value.Ms).Take(n).Select(p => (p.Key, p.Value));

        private void Add(DbCommand command, TimeSpan duration)
        {
            var text = string.Join(' ', command.CommandText.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
            var stat = _stats.GetOrAdd(text.Length > 160 ? text[..160] : text, _ => new Stat());
            Interlocked.Increment(ref stat.Count);
            lock (stat)
            {
                stat.Ms += duration.TotalMilliseconds;
            }
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Add(command, eventData.Duration);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }
    }
}
