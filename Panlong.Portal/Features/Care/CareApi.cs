using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Documents;
using Panlong.Workflows.Care;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Care;

/// <summary>A plan as the API lists it: the person's name and masked ID, never the full number.</summary>
public sealed record CarePlanItem(long Id, string Person, string IdMasked, string Kind, string Reason, string Responsible, DateOnly StartDate, DateOnly EndDate,
    bool Ended, int VisitsDue, int VisitsOnTime);

/// <summary>Care plans' list and export (docs/decisions/0087-care-plans.md); both read only the kinds the caller's roles see, in scope, audited.</summary>
public static class CareApi
{
    public static IEndpointRouteBuilder MapCareApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/care/plans", ListAsync).WithName("ListCarePlans").WithTags("Care")
            .WithSummary("The care plans of the kinds the caller's roles may see, in their scope; ID numbers masked")
            .RequireAuthorization(p => p.RequireRole(CareSettings.Readers.Split(',')));
        app.MapGet("/api/care/plans.csv", ExportAsync).WithName("ExportCarePlans").WithTags("Care")
            .WithSummary("The same list as CSV, audited as an export").File(PlainCsv.ContentType)
            .RequireAuthorization(p => p.RequireRole(CareSettings.Readers.Split(',')));
        return app;
    }

    public static async Task<Ok<List<CarePlanItem>>> ListAsync(HttpContext http, CareQueries queries, CancellationToken ct) =>
        TypedResults.Ok(Items(await queries.PlansAsync(WorkflowActor.From(http.User), ct: ct)));

    public static async Task<FileContentHttpResult> ExportAsync(HttpContext http, CareQueries queries, CancellationToken ct)
    {
        var rows = Items(await queries.PlansAsync(WorkflowActor.From(http.User), export: true, ct));
        var csv = new StringBuilder("编号,姓名,身份证号,类别,原因,责任网格员,开始,结束,应访,按时\r\n");
        foreach (var r in rows)
        {
            string[] cells = [r.Id.ToString(CultureInfo.InvariantCulture), r.Person, r.IdMasked, r.Kind, r.Reason, r.Responsible,
                r.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.EndDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.VisitsDue.ToString(CultureInfo.InvariantCulture), r.VisitsOnTime.ToString(CultureInfo.InvariantCulture)];
            csv.Append(string.Join(',', cells.Select(PlainCsv.Quote))).Append("\r\n");
        }
        return TypedResults.File(new UTF8Encoding(true).GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), PlainCsv.ContentType, "care-plans.csv");
    }

    private static List<CarePlanItem> Items(IReadOnlyList<CarePlanRow> rows) =>
        rows.Select(r => new CarePlanItem(r.Id, r.Person, r.IdMasked, r.Kind.Chinese, r.Reason, r.Responsible, r.StartDate, r.EndDate, r.Ended, r.Due, r.OnTime)).ToList();
}
