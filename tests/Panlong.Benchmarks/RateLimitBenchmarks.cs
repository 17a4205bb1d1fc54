using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Panlong.Portal.Features.Shell;

namespace Panlong.Benchmarks;

/// <summary>
/// What the rate limits add to a request (issue 15, docs/decisions/0027-rate-limits.md): the same routed endpoint through a
/// pipeline with and without the rate-limiting middleware, requests from 1,000 client addresses, limits never reached.
/// No server and no network: the difference is the limiter's own cost.
/// </summary>
[MemoryDiagnoser]
public class RateLimitBenchmarks
{
    private RequestDelegate _with = null!;
    private RequestDelegate _without = null!;
    private IServiceProvider _services = null!;
    private readonly IPAddress[] _addresses = [.. Enumerable.Range(0, 1000).Select(i => new IPAddress([10, 1, (byte)(i >> 8), (byte)i]))];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        (_with, _services) = Pipeline(limited: true);
        (_without, _) = Pipeline(limited: false);
    }

    private static (RequestDelegate, IServiceProvider) Pipeline(bool limited)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration["RateLimits:PublicPerAddress:PermitLimit"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        builder.AddRateLimits();
        var app = builder.Build();
        app.UseRouting();
        if (limited)
        {
            app.UseRateLimiter();
        }
        app.MapGet("/track/{code}", (HttpContext c) => Task.CompletedTask).RequireRateLimiting(RateLimits.Public);
        // Built by hand, not by the host: the endpoint middleware the host would add at the end is added here.
        app.UseEndpoints(_ => { });
        return (((IApplicationBuilder)app).Build(), app.Services);
    }

    private DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Request.Path = "/track/2026-0001";
        context.Connection.RemoteIpAddress = _addresses[_next++ % _addresses.Length];
        return context;
    }

    [Benchmark(Baseline = true)]
    public Task WithoutLimiter() => _without(Request());

    [Benchmark]
    public Task WithLimiter() => _with(Request());
}
