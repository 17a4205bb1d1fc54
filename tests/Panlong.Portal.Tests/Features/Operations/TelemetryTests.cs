using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Notifications;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Operations;
using Panlong.Portal.Tests.Features.Cases;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Operations;

/// <summary>
/// A portal with its telemetry read by in-memory exporters, and its scrape endpoint open to one test network and a token
/// (issue 22 part 1, docs/decisions/0084-telemetry.md).
/// </summary>
public sealed class TelemetryPortal : IAsyncLifetime
{
    public const string Token = "scrape-token-for-tests";
    public static readonly IPAddress Allowed = IPAddress.Parse("192.0.2.10");

    private readonly PortalFactory _base = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Telemetry:Prometheus:Token"] = Token,
            ["Telemetry:Prometheus:AllowedNetworks:0"] = "192.0.2.0/24",
            // The test says when the signals are read again (Invalidate), not the clock.
            ["Telemetry:SignalsSeconds"] = "3600",
            // A timer planted late stays unfired while the test reads the lag.
            ["Workflows:TimerPollSeconds"] = "86400",
        },
    };

    private readonly List<MetricSnapshot> _metrics = [];
    // The engine's source is static: fires of other portals in this process end on other threads while a test reads.
    private readonly LockedCollection<Activity> _activities = new();

    public WebApplicationFactory<Program> Portal { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Portal = _base.WithWebHostBuilder(b => b.ConfigureServices(s =>
        {
            // Collected when the test says (Collect), not every minute behind its back.
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics, o => o.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 3_600_000));
            s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_activities));
        }));
        _ = Portal.Services;
        return Task.CompletedTask;
    }

    public HttpClient Client(IPAddress address)
    {
        var client = Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddress.Header, address.ToString());
        return client;
    }

    /// <summary>Reads the signals again and collects every instrument once; the snapshots of that collection.</summary>
    public IReadOnlyList<MetricSnapshot> Collect()
    {
        Portal.Services.GetRequiredService<PlatformSignals>().Invalidate();
        lock (_metrics)
        {
            _metrics.Clear();
            // False whatever happens: the Prometheus reader is pulled by scrapes and cannot be flushed; the in-memory one is.
            Portal.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000);
            Assert.NotEmpty(_metrics);
            return [.. _metrics];
        }
    }

    /// <summary>The engine's activities exported so far under the trace of <paramref name="trace"/>.</summary>
    public IReadOnlyList<Activity> FiresIn(ActivityTraceId trace)
    {
        Assert.True(Portal.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000));
        return [.. _activities.Snapshot().Where(a => a.TraceId == trace && a.Source.Name == EngineTelemetry.Name)];
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _base.DisposeAsync();
    }
}

/// <summary>A collection that any thread may add to while another copies it.</summary>
public sealed class LockedCollection<T> : System.Collections.ObjectModel.Collection<T>
{
    private readonly Lock _gate = new();

    public IReadOnlyList<T> Snapshot()
    {
        lock (_gate)
        {
            return [.. Items];
        }
    }

    protected override void InsertItem(int index, T item)
    {
        lock (_gate)
        {
            base.InsertItem(index, item);
        }
    }

    protected override void ClearItems()
    {
        lock (_gate)
        {
            base.ClearItems();
        }
    }
}

public class TelemetryTests(TelemetryPortal fixture) : IClassFixture<TelemetryPortal>
{
    private IServiceProvider Services => fixture.Portal.Services;

    private static long Value(IReadOnlyList<MetricSnapshot> metrics, string name, string? tag = null, string? tagValue = null)
    {
        var metric = metrics.SingleOrDefault(m => m.Name == name) ?? throw new Xunit.Sdk.XunitException($"{name} was not exported");
        var points = metric.MetricPoints.Where(p => tag is null || Tags(p).TryGetValue(tag, out var v) && Equals(v?.ToString(), tagValue)).ToList();
        Assert.True(points.Count <= 1, $"{name}: {points.Count} points for {tag}={tagValue}");
        if (points.Count == 0)
        {
            return 0;
        }
        var point = points[0];
        return metric.MetricType is MetricType.LongGauge ? point.GetGaugeLastValueLong() : point.GetSumLong();
    }

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }
        return tags;
    }

    private async Task ActAsync(string number, string trigger, string userName, Dictionary<string, object?>? data = null)
    {
        using var scope = Services.CreateScope();
        var actor = WorkflowActor.From(await PortalFactory.PrincipalAsync(scope, userName));
        var input = new FireInput("已办", trigger == CaseLoopContract.Complete ? ["demo/after.jpg"] : null, data);
        var result = await Services.GetRequiredService<CaseService>().ActAsync(number, trigger, actor, input);
        Assert.True(result.Outcome == CaseActOutcome.Done, $"{userName} {trigger}: {result.Refusal} {result.Detail}");
    }

    /// <summary>The loop of the staffed community (as InboxOfDemoAccountsTests walks it), under one parent activity of the test's own.</summary>
    private async Task<(string Number, ActivityTraceId Trace)> LoopAsync()
    {
        // Recorded, so the SDK's parent-based sampler records the fires under it.
        using var parent = new Activity("telemetry-test-loop") { ActivityTraceFlags = ActivityTraceFlags.Recorded }.Start();
        var number = await ResidentReports.ReportAsync(Services, "530103001001", "人行道上的井盖缺失");
        foreach (var (trigger, user, unit) in new (string, string, string?)[]
        {
            (CaseLoopContract.SendToVerify, "station.dongzhuang", null), (CaseLoopContract.Verify, "supervisor", null),
            (CaseLoopContract.File, "station.dongzhuang", null), (CaseLoopContract.Dispatch, "station.dongzhuang", "530103001001"),
            (CaseLoopContract.Complete, "station.dongzhuang", null), (CaseLoopContract.Pass, "supervisor", null), (CaseLoopContract.Close, "station.dongzhuang", null),
        })
        {
            await ActAsync(number, trigger, user, unit is null ? null : new() { [CaseVariables.HandlingUnit] = unit });
        }
        return (number, parent.TraceId);
    }

    [Fact]
    public async Task Fire_InAScriptedLoop_EachTransitionIsAnActivityWithProcessTriggerStatesAndOutcome_AndNoPersonalData()
    {
        var (_, trace) = await LoopAsync();
        var fires = fixture.FiresIn(trace);
        Assert.Equal(7, fires.Count);
        Assert.All(fires, a =>
        {
            Assert.Equal("workflow.fire", a.OperationName);
            Assert.Equal("case-loop", a.GetTagItem("panlong.process"));
            Assert.Equal("moved", a.GetTagItem("panlong.outcome"));
            Assert.NotNull(a.GetTagItem("panlong.from"));
            Assert.NotNull(a.GetTagItem("panlong.to"));
            // Names from the definition only: no user, no comment, no description, no address.
            Assert.All(a.TagObjects, t => Assert.StartsWith("panlong.", t.Key, StringComparison.Ordinal));
            Assert.DoesNotContain(a.TagObjects, t => t.Value is string s && (s.Contains("井盖", StringComparison.Ordinal) || s.Contains("station", StringComparison.Ordinal)));
        });
        var first = fires.OrderBy(a => a.StartTimeUtc).First();
        Assert.Equal(CaseLoopContract.SendToVerify, first.GetTagItem("panlong.trigger"));
        var last = fires.OrderBy(a => a.StartTimeUtc).Last();
        Assert.Equal(CaseLoopContract.Close, last.GetTagItem("panlong.trigger"));
    }

    [Fact]
    public async Task Instruments_AfterAScriptedLoop_AgreeWithTheDatabase()
    {
        var before = fixture.Collect();
        var (number, _) = await LoopAsync();
        await using var db = await Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var waitingBefore = await db.OutboxMessages.CountAsync(m => m.DeliveredAt == null);
        var after = fixture.Collect();
        var waitingAfter = await db.OutboxMessages.CountAsync(m => m.DeliveredAt == null);
        // The loop reported, filed and closed one community case.
        Assert.Equal(Value(before, "panlong.cases.received", "level", "Community") + 1, Value(after, "panlong.cases.received", "level", "Community"));
        Assert.Equal(Value(before, "panlong.cases.filed", "level", "Community") + 1, Value(after, "panlong.cases.filed", "level", "Community"));
        Assert.Equal(Value(before, "panlong.cases.closed", "level", "Community") + 1, Value(after, "panlong.cases.closed", "level", "Community"));

        Assert.Equal(await db.Cases.CountAsync(c => c.Level == CaseLevel.Community && c.ClosedAt != null), Value(after, "panlong.cases.closed", "level", "Community"));
        // The dispatcher delivers the loop's messages meanwhile: the backlog read lies between the counts taken around it.
        Assert.InRange(Value(after, "panlong.outbox.backlog"), waitingAfter, waitingBefore);
        var unitId = await db.OrgUnits.Where(u => u.Code == "530103001001").Select(u => u.Id).SingleAsync();
        Assert.Equal(await db.WorkTasks.CountAsync(t => t.Status == WorkTaskStatus.Open && t.OrgUnitId == unitId), Value(after, "panlong.tasks.open", "unit", "530103001001"));
        Assert.True(await db.Cases.AnyAsync(c => c.Number == number && c.Status == CaseStatus.Closed));
    }

    [Fact]
    public async Task Instruments_AnUndeliveredMessageAndALateTimer_ShowAsBacklogAgeAndLag()
    {
        var now = DateTimeOffset.UtcNow;
        await using var db = await Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var instance = await db.ProcessInstances.Select(i => i.Id).FirstAsync();
        var message = new OutboxMessage { Topic = "test.telemetry", Recipient = "nobody:telemetry", Title = "t", CreatedAt = now.AddMinutes(-20) };
        var timer = new ProcessTimer { InstanceId = instance, State = "telemetry-test", Kind = TimerKind.Warning, DueAt = now.AddMinutes(-30) };
        db.OutboxMessages.Add(message);
        db.ProcessTimers.Add(timer);
        await db.SaveChangesAsync();
        try
        {
            var metrics = fixture.Collect();
            Assert.True(Value(metrics, "panlong.outbox.backlog") >= 1);
            Assert.True(Value(metrics, "panlong.timers.due") >= 1);
            var age = metrics.Single(m => m.Name == "panlong.outbox.oldest.age").MetricPoints.Single().GetGaugeLastValueDouble();
            var lag = metrics.Single(m => m.Name == "panlong.timers.lag").MetricPoints.Single().GetGaugeLastValueDouble();
            // At least as old as planted (older ones may exist), and not absurdly older: the seconds are real seconds.
            Assert.InRange(age, 20 * 60 - 5, 24 * 3600 * 400);
            Assert.InRange(lag, 30 * 60 - 5, 24 * 3600 * 400);
        }
        finally
        {
            db.OutboxMessages.Remove(message);
            db.ProcessTimers.Remove(timer);
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Scrape_FromTheAllowedNetwork_IsPrometheusTextWithThePlatformsSignals()
    {
        var response = await fixture.Client(TelemetryPortal.Allowed).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("panlong_outbox_backlog", text, StringComparison.Ordinal);
        Assert.Contains("panlong_timers_lag_seconds", text, StringComparison.Ordinal);
        Assert.Contains("panlong_cases_received_total{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_WithTheToken_FromAnyAddress_IsServed()
    {
        var client = fixture.Client(ClientAddress.Next());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TelemetryPortal.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Scrape_WithoutOrWithAWrongToken_OutsideTheNetwork_IsUnauthorized()
    {
        var client = fixture.Client(ClientAddress.Next());
        var none = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.DoesNotContain("panlong_", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TelemetryPortal.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/metrics")).StatusCode);
    }
}
