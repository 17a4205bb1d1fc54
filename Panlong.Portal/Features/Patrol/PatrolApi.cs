using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Timers;
using Panlong.Workflows.Patrol;

namespace Panlong.Portal.Features.Patrol;

/// <summary>What the patrol page's script uploads: the fixes it buffered, each with its sequence number.</summary>
public sealed record FixBatch(IReadOnlyList<FixUpload>? Fixes);

/// <param name="Stored">Fixes new to the server.</param>
/// <param name="Duplicates">Fixes it already held — the batch, or part of it, was sent before.</param>
public sealed record FixBatchResult(int Stored, int Duplicates);

/// <summary>The phone's upload of positions (docs/decisions/0068-patrol-shifts-and-tracks.md); the pages work through the circuit.</summary>
public static class PatrolApi
{
    public static IServiceCollection AddPatrolPages(this IServiceCollection services)
    {
        services.AddSingleton<PatrolQueries>();
        services.AddPeriodicJob<PatrolSweepJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapPatrolApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/patrol/shifts/{id:long}/fixes", UploadAsync).WithName("UploadPatrolFixes").WithTags("Patrol")
            .WithSummary("Stores a batch of the patroller's own positions, idempotent by sequence number; refused once the shift has ended")
            .RequireAuthorization(p => p.RequireRole(PatrolSettings.Patrollers.Split(',')))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// The body is read here rather than bound: a bound JSON body makes routing answer 415 to other content before the
    /// role check runs, telling a stranger the endpoint exists (the authorization matrix, issue 15).
    /// </summary>
    public static async Task<Results<Ok<FixBatchResult>, ProblemHttpResult>> UploadAsync(HttpContext http, PatrolService patrol, IStringLocalizer<SharedResource> L,
        long id, CancellationToken ct)
    {
        FixBatch? batch = null;
        try
        {
            batch = http.Request.HasJsonContentType() ? await http.Request.ReadFromJsonAsync<FixBatch>(ct) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // Answered as invalid below.
        }
        if (batch?.Fixes is not { } fixes)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, L["Patrol.Problem.Invalid"]);
        }
        var result = await patrol.UploadAsync(id, WorkflowActor.From(http.User), fixes, ct);
        return result.Status switch
        {
            UploadStatus.Stored => TypedResults.Ok(new FixBatchResult(result.Stored, result.Duplicates)),
            UploadStatus.Ended => ApiProblems.Of(StatusCodes.Status409Conflict, ApiProblems.Codes.Refused, L["Patrol.Problem.Ended"]),
            UploadStatus.Invalid => ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, L["Patrol.Problem.Invalid"]),
            _ => ApiProblems.NotFound(L["Patrol.Problem.NotFound"]),
        };
    }
}

/// <summary>The patrol's alerts, abandoned shifts and retention every <c>Patrol:SweepSeconds</c> (30), on the node holding its lease; conditional updates keep each alert once even so.</summary>
public sealed class PatrolSweepJob(PatrolService patrol, IConfiguration configuration) : PeriodicJob
{
    public override string Name => "patrol-sweep";

    public override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Patrol:SweepSeconds", 30)));

    public override bool OnOneNode => true;

    public override Task RunAsync(CancellationToken ct) => patrol.SweepAsync(ct);
}
