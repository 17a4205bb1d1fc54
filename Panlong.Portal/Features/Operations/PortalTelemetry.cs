using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Operations;

/// <summary>
/// OpenTelemetry for the portal (issue 22, docs/decisions/0084-telemetry.md): traces of HTTP requests, outgoing HTTP, database
/// commands and the engine's fires; metrics of ASP.NET Core, the runtime and the platform's own signals. OTLP export when
/// <c>Telemetry:Otlp:Endpoint</c> is set; a Prometheus scrape endpoint when a network or token allows it (<see cref="ScrapeAccess"/>).
/// <c>Telemetry:Enabled=false</c> turns all of it off.
/// </summary>
public static class PortalTelemetry
{
    public static bool Enabled(IConfiguration configuration) => configuration.GetValue("Telemetry:Enabled", true);

    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<PlatformSignals>();
        services.AddSingleton<OperationsQueries>();
        services.AddSingleton<ScrapeAccess>();
        services.AddSingleton<CircuitCount>();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitCounter>());
        if (!Enabled(builder.Configuration))
        {
            return builder;
        }
        services.AddSingleton<PlatformMeter>();
        // Enabled through the host's metrics builder rather than AddMeter: that subscription honours the meter's scope, so a
        // process hosting several portals (the tests) exports each portal's own signals only.
        builder.Metrics.EnableMetrics(PlatformMeter.Name);
        var otlp = builder.Configuration["Telemetry:Otlp:Endpoint"];
        var scrape = new ScrapeAccess(builder.Configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("panlong-portal", serviceVersion: typeof(PortalTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(t =>
            {
                t.AddSource(EngineTelemetry.Name)
                    // Health probes every few seconds would drown the traces people look at.
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) && !c.Request.Path.StartsWithSegments(scrape.Path, StringComparison.OrdinalIgnoreCase))
                    .AddHttpClientInstrumentation()
                    // Npgsql traces its own commands (with the connection's details); EF's instrumentation covers SQLite and SQL Server.
                    .AddNpgsql()
                    .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (provider, _) => provider != "Npgsql.EntityFrameworkCore.PostgreSQL");
            })
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (scrape.Enabled)
                {
                    m.AddPrometheusExporter();
                }
            });
        if (!string.IsNullOrWhiteSpace(otlp))
        {
            telemetry.UseOtlpExporter(OpenTelemetry.Exporter.OtlpExportProtocol.HttpProtobuf, new Uri(otlp));
        }
        return builder;
    }

    /// <summary>
    /// Creates the platform's instruments and maps the scrape endpoint behind its guard. A refusal is a bare status for a
    /// machine, not the friendly page: the status-code pages are turned off for it.
    /// </summary>
    public static WebApplication UseTelemetry(this WebApplication app)
    {
        if (!Enabled(app.Configuration))
        {
            return app;
        }
        app.Services.GetRequiredService<PlatformMeter>();
        var scrape = app.Services.GetRequiredService<ScrapeAccess>();
        if (scrape.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(scrape.Path, meterProvider: null, configureBranchedPipeline: b => b.Use(async (context, next) =>
            {
                var status = scrape.Check(context);
                if (status != StatusCodes.Status200OK)
                {
                    Refuse(context, status);
                    return;
                }
                await next(context);
            }), optionsName: null);
        }
        return app;
    }

    private static void Refuse(HttpContext context, int status)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
        {
            pages.Enabled = false;
        }
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }
    }
}
