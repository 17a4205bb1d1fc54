using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Engine.Timers;

namespace Panlong.Portal.Features.Community;

/// <summary>Service orders in the portal (docs/decisions/0055-service-orders.md): the time rules' sweep and the completion photo.</summary>
public static class ServiceOrderEndpoints
{
    public static IServiceCollection AddServiceOrderPages(this IServiceCollection services)
    {
        services.AddPeriodicJob<ServiceOrderSweepJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapServiceOrderApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/orders/{id:long}/photo", PhotoAsync).WithName("GetServiceOrderPhoto").WithTags("Orders")
            .WithSummary("The completion photo of a service order, or its thumbnail, for its winner, its poster and the community's staff")
            .RequireAuthorization().File("image/jpeg", "image/png", "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PhotoAsync(HttpContext http, ServiceOrderQueries queries, CasePhotoStore store,
        IStringLocalizer<SharedResource> L, long id, [FromQuery] bool? thumb, CancellationToken ct)
    {
        var path = await queries.PhotoAsync(id, WorkflowActor.From(http.User), thumb == true, ct);
        var stream = path is null ? null : store.Open(path);
        var type = path is not null && path.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : path?.EndsWith(".webp", StringComparison.Ordinal) == true ? "image/webp" : "image/jpeg";
        return stream is null ? ApiProblems.NotFound(L["Orders.Problem.NotFound"]) : TypedResults.Stream(stream, type);
    }
}

/// <summary>The orders' time rules (escalation, no-shows) every <c>Orders:SweepSeconds</c> (30) on every node; each step is a conditional update, so nodes never double one.</summary>
public sealed class ServiceOrderSweepJob(ServiceOrderService orders, IConfiguration configuration) : PeriodicJob
{
    public override string Name => "service-order-sweep";

    public override TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Orders:SweepSeconds", 30)));

    public override Task RunAsync(CancellationToken ct) => orders.SweepAsync(ct);
}
