using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Features.Community;

/// <summary>The supermarket's files: a goods photo for its community, and the keeper's monthly statement as PDF and Excel (docs/decisions/0054-supermarket.md).</summary>
public static class SupermarketApi
{
    public const string StatementAudit = "Supermarket.Statement";

    public static string PhotoLink(long goodsId, bool thumbnail = true) => $"/api/supermarket/goods/{goodsId}/photo" + (thumbnail ? "?thumb=true" : "");

    public static string PdfLink(int year, int month) => $"/api/supermarket/statement.pdf?year={year}&month={month}";

    public static string ExcelLink(int year, int month, string progressToken) => $"/api/supermarket/statement.xlsx?year={year}&month={month}&progress={progressToken}";

    public static IEndpointRouteBuilder MapSupermarket(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/supermarket/goods/{id:long}/photo", PhotoAsync).RequireAuthorization(p => p.RequireRole(Roles.Volunteer, Roles.SupermarketKeeper))
            .WithTags("Supermarket").WithName("SupermarketGoodsPhoto").WithSummary("A goods photo (or its thumbnail) for a volunteer or the keeper of its community")
            .File("image/jpeg", "image/png", "image/webp").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/supermarket/statement.pdf", PdfAsync).RequireAuthorization(p => p.RequireRole(Roles.SupermarketKeeper))
            .WithTags("Supermarket").WithName("SupermarketStatementPdf").WithSummary("The keeper's monthly statement as PDF; audited").File("application/pdf").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/api/supermarket/statement.xlsx", ExcelAsync).RequireAuthorization(p => p.RequireRole(Roles.SupermarketKeeper))
            .WithTags("Supermarket").WithName("SupermarketStatementExcel").WithSummary("The keeper's monthly statement as an Excel workbook; audited");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PhotoAsync(HttpContext http, SupermarketQueries queries, CasePhotoStore store,
        IStringLocalizer<SharedResource> L, long id, [FromQuery] bool? thumb, CancellationToken ct)
    {
        var path = await queries.PhotoPathAsync(WorkflowActor.From(http.User), id, thumb == true, ct);
        var stream = path is null ? null : store.Open(path);
        var type = thumb == true || path is null ? "image/jpeg" : Path.GetExtension(path) switch { ".png" => "image/png", ".webp" => "image/webp", _ => "image/jpeg" };
        return stream is null ? ApiProblems.NotFound(L["Supermarket.Problem.NotFound"]) : TypedResults.Stream(stream, type);
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> PdfAsync(HttpContext http, SupermarketQueries queries, SupermarketStatementRenderer renderer,
        AuditLog audit, IStringLocalizer<SharedResource> L, [FromQuery] int year, [FromQuery] int month, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        if (await queries.StatementAsync(actor, year, month, ct) is not { } statement)
        {
            return ApiProblems.NotFound(L["Supermarket.Problem.NotFound"]);
        }
        await audit.WriteAsync(StatementAudit, http.User.FindFirstValue(ClaimTypes.NameIdentifier), actor.Name, "supermarket", $"{year}-{month:00} pdf", ct: ct);
        return TypedResults.File(renderer.Render(statement), "application/pdf", $"supermarket-{year}-{month:00}.pdf");
    }

    public static async Task<Results<PlainSheetFile, ProblemHttpResult>> ExcelAsync(HttpContext http, SupermarketQueries queries, AuditLog audit,
        IStringLocalizer<SharedResource> L, [FromQuery] int year, [FromQuery] int month, [FromQuery] string? progress, CancellationToken ct)
    {
        var actor = WorkflowActor.From(http.User);
        if (await queries.StatementAsync(actor, year, month, ct) is not { } s)
        {
            return ApiProblems.NotFound(L["Supermarket.Problem.NotFound"]);
        }
        await audit.WriteAsync(StatementAudit, http.User.FindFirstValue(ClaimTypes.NameIdentifier), actor.Name, "supermarket", $"{year}-{month:00} xlsx", ct: ct);
        var summary = new PlainSheet.Sheet(L["Supermarket.Statement.Summary"], [new(L["Supermarket.Statement.Item"], 24), new(L["Supermarket.Statement.Value"], 14, "0")],
            PlainSheet.Listed(SupermarketStatementRenderer.Figures(s, L).Select(f => new object?[] { f.Key, f.Value })));
        var orders = new PlainSheet.Sheet(L["Supermarket.Orders"],
            [new(L["Supermarket.Statement.Time"], 18), new(L["Supermarket.Goods.Name"], 20), new(L["Supermarket.Quantity"], 8, "0"), new(L["Supermarket.Beans"], 10, "0"),
             new(L["Supermarket.Order.Status"], 10), new(L["Supermarket.Order.Closed"], 18), new(L["Supermarket.Volunteer"], 12)],
            PlainSheet.Listed(s.Orders.Select(o => new object?[]
            {
                ChinaTime.FormatMinutes(o.CreatedAt), o.GoodsName, o.Quantity, o.Amount, L["Supermarket.Order.Status." + o.Status].Value,
                o.ClosedAt is { } closed ? ChinaTime.FormatMinutes(closed) : null, o.VolunteerCode,
            })));
        var movements = new PlainSheet.Sheet(L["Supermarket.Stock.Movements"],
            [new(L["Supermarket.Statement.Time"], 18), new(L["Supermarket.Goods.Name"], 20), new(L["Supermarket.Stock.Kind"], 10), new(L["Supermarket.Stock.Delta"], 8, "0"),
             new(L["Supermarket.Stock.Reason"], 24), new(L["Supermarket.Stock.By"], 12)],
            PlainSheet.Listed(s.Movements.Select(m => new object?[] { ChinaTime.FormatMinutes(m.At), m.GoodsName, L["Supermarket.Stock.Kind." + m.Kind].Value, m.Delta, m.Reason, m.By })));
        return new PlainSheetFile(string.Create(CultureInfo.InvariantCulture, $"supermarket-{year}-{month:00}.xlsx"), [summary, orders, movements],
            s.Orders.Count + s.Movements.Count, progress);
    }
}
