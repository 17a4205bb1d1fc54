using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Operations;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// What tracing and metrics add (issue 22, docs/decisions/0084-telemetry.md), off and on in the same run, blocks alternating
/// so that the machine's load falls on both alike: a case-loop transition through <see cref="WorkflowRunner.FireAsync"/> on
/// SQLite, and a request to a minimal endpoint of an app configured by the portal's own <see cref="PortalTelemetry.AddTelemetry"/>
/// (default settings: scrape on, OTLP off — spans are recorded and dropped, as in production without a collector).
/// </summary>
public static class TelemetryMeasurement
{
    private const int Rounds = 7;
    private const int FiresPerBlock = 100;
    private const int RequestsPerBlock = 2_000;

    public static async Task<int> RunAsync()
    {
        var fires = await TransitionsAsync();
        var requests = await RequestsAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"transition: off {Median(fires.Off):F3} ms, on {Median(fires.On):F3} ms (median of {Rounds} blocks of {FiresPerBlock})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"request:    off {Median(requests.Off) * 1000:F1} µs, on {Median(requests.On) * 1000:F1} µs (median of {Rounds} blocks of {RequestsPerBlock})"));
        return 0;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static IHost TelemetryHost(bool enabled)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Enabled"] = enabled.ToString(), ["Telemetry:Prometheus:Token"] = "measure" });
        builder.Logging.ClearProviders();
        builder.AddTelemetry();
        var host = builder.Build();
        // The providers start listening when first resolved, as the web host does at start.
        _ = host.Services.GetService<TracerProvider>();
        _ = host.Services.GetService<MeterProvider>();
        return host;
    }

    private static async Task<(List<double> Off, List<double> On)> TransitionsAsync()
    {
        await using var database = await SeededWorkflows.OpenAsync(DatabaseProvider.Sqlite);
        var runner = database.Get<WorkflowRunner>();
        var (instance, version) = await TransitionCostBenchmarks.CaseInHandlingAsync(database);
        var inHandling = true;
        async Task BlockAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var result = inHandling
                    ? await runner.FireAsync(instance, version, CaseLoopContract.Complete, CaseLoopBenchmarks.Handler, new FireInput("已按标准处置完毕", ["cases/after.jpg"]))
                    : await runner.FireAsync(instance, version, CaseLoopContract.Rework, CaseLoopBenchmarks.Inspector, new FireInput("整改不到位，请返工"));
                version = result.Ok ? result.Version!.Value : throw new InvalidOperationException($"{result.Refusal} {result.Detail}");
                inHandling = !inHandling;
            }
        }
        await BlockAsync(50);
        var off = new List<double>();
        var on = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            off.Add(await TimeAsync(() => BlockAsync(FiresPerBlock)) / FiresPerBlock);
            using (TelemetryHost(enabled: true))
            {
                on.Add(await TimeAsync(() => BlockAsync(FiresPerBlock)) / FiresPerBlock);
            }
        }
        return (off, on);
    }

    private static async Task<(List<double> Off, List<double> On)> RequestsAsync()
    {
        await using var plain = await AppAsync(enabled: false);
        await using var traced = await AppAsync(enabled: true);
        using var http = new HttpClient();
        var plainUrl = new Uri(plain.Urls.First() + "/ping");
        var tracedUrl = new Uri(traced.Urls.First() + "/ping");
        async Task BlockAsync(Uri url, int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var response = await http.GetAsync(url);
                response.EnsureSuccessStatusCode();
            }
        }
        await BlockAsync(plainUrl, 500);
        await BlockAsync(tracedUrl, 500);
        var off = new List<double>();
        var on = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            off.Add(await TimeAsync(() => BlockAsync(plainUrl, RequestsPerBlock)) / RequestsPerBlock);
            on.Add(await TimeAsync(() => BlockAsync(tracedUrl, RequestsPerBlock)) / RequestsPerBlock);
        }
        return (off, on);
    }

    private static async Task<WebApplication> AppAsync(bool enabled)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:Enabled"] = enabled.ToString(), ["Telemetry:Prometheus:Token"] = "measure" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.AddTelemetry();
        var app = builder.Build();
        app.MapGet("/ping", () => "ok");
        await app.StartAsync();
        return app;
    }

    private static async Task<double> TimeAsync(Func<Task> work)
    {
        var watch = Stopwatch.StartNew();
        await work();
        return watch.Elapsed.TotalMilliseconds;
    }
}
