using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data.Audit;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Tests.Demo;

/// <summary>Issue 16 defect 13: the first start's demo year said nothing for a minute; it now logs its progress.</summary>
public class DemoDataTests
{
    [Fact]
    public async Task Seed_WithDemoCases_LogsEveryTenthWithRateAndTimeLeft_AndAFinalLine()
    {
        var log = new CapturedLog();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var database = TestDatabase.For(DatabaseProvider.Sqlite, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(new PersonalDataProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            services.AddSingleton<AuditLog>();
            services.AddLogging(b => b.AddProvider(log));
            services.AddPanlongWorkflows().AddDemo();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DemoData.CasesKey] = "100" }).Build();

        await database.Get<DemoData>().SeedAsync(configuration);

        var lines = log.Lines.Where(l => l.Contains("生成演示案件", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("生成演示案件：模拟过去一年的 100 件案件", lines[0], StringComparison.Ordinal);
        var steps = lines.Where(l => l.Contains("已上报", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 9).Select(i => $"已上报 {i * 10} / 100 件（{i * 10}%）"),
            steps.Select(l => l[l.IndexOf("已上报", StringComparison.Ordinal)..(l.IndexOf('）', StringComparison.Ordinal) + 1)]));
        Assert.All(steps, l => Assert.Matches(@"每秒 [\d.,]+ 件，已用 \d+ 秒，预计还需 \d+ 秒$", l));
        Assert.StartsWith("生成演示案件完成：100 件上报", lines[^1], StringComparison.Ordinal);
    }

    private sealed class CapturedLog : ILoggerProvider, ILogger
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Lines.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
