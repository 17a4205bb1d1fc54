using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Incidents;

namespace Panlong.Portal.Features.Incidents;

/// <summary>The incident report's download; the pages work through the circuit (docs/decisions/0075-major-incident-command.md).</summary>
public static class IncidentApi
{
    public static IServiceCollection AddIncidentPages(this IServiceCollection services)
    {
        services.AddSingleton<IncidentQueries>();
        services.AddSingleton<IncidentReportRenderer>();
        return services;
    }

    public static IEndpointRouteBuilder MapIncidentApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/incidents/{number}/report.pdf", ReportAsync).WithName("IncidentReportPdf").WithTags("Incidents")
            .WithSummary("The stored report of a closed incident, for its command center and its units; audited")
            .RequireAuthorization(p => p.RequireRole(IncidentContract.RoomUsers.Split(',')))
            .ProducesProblem(StatusCodes.Status404NotFound).File("application/pdf");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ReportAsync(HttpContext http, IncidentQueries queries, AuditLog audit,
        IStringLocalizer<SharedResource> L, string number, CancellationToken ct)
    {
        if (await queries.ReportAsync(number, http.User, ct) is not { } report)
        {
            return ApiProblems.NotFound(L["Incidents.NotFound"]);
        }
        var actor = WorkflowActor.From(http.User);
        await audit.WriteAsync(AuditActions.IncidentReportDownloaded, http.User.FindFirstValue(ClaimTypes.NameIdentifier), actor.Name, report.Number, ct: ct);
        return TypedResults.File(report.Pdf, "application/pdf", $"incident-{report.Number}.pdf");
    }
}
