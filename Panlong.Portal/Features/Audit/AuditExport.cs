using System.Globalization;
using System.Security.Claims;
using System.Text;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// The audit administrator's export of a filtered range as CSV or Excel, in chain order with each row's hash so the
/// file can be checked against the chain. The export is itself audited (issue 15).
/// </summary>
public sealed class AuditExport(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>One file holds at most this many rows (an Excel sheet's comfortable size); narrow the range for more.</summary>
    public const int MaxRows = 100_000;

    /// <summary>The readable columns as the page shows them, the hash at 9, then the row as recorded (what the chain hashed, masked).</summary>
    private static readonly string[] Header =
        ["Audit.Seq", "Audit.At", "Audit.Action", "Audit.Login", "Audit.Who", "Audit.Target", "Audit.Detail", "Audit.Ip", "Audit.Hash", "Audit.RawAction", "Audit.RawTarget", "Audit.RawDetail"];

    private const int ResolveChunk = 1000;

    public async Task<byte[]> CsvAsync(ClaimsPrincipal user, AuditFilter filter, CancellationToken ct = default)
    {
        var csv = new StringBuilder();
        // RFC 4180 ends records with CRLF, whatever the server's platform.
        csv.Append(string.Join(',', Header.Select(h => Quote(localizer[h])))).Append("\r\n");
        foreach (var cells in await RowsAsync(user, filter, "csv", ct))
        {
            csv.Append(string.Join(',', cells.Select(Quote))).Append("\r\n");
        }
        // With a byte-order mark Excel opens the Chinese text as UTF-8.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    public async Task<byte[]> WorkbookAsync(ClaimsPrincipal user, AuditFilter filter, CancellationToken ct = default)
    {
        var rows = await RowsAsync(user, filter, "xlsx", ct);
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(localizer["Audit.Sheet"]);
        for (var c = 0; c < Header.Length; c++)
        {
            sheet.Cell(1, c + 1).SetValue(localizer[Header[c]].Value);
            // Explicit widths: measuring text (AdjustToContents) needs libgdiplus, which Linux servers lack.
            sheet.Column(c + 1).Width = c is 5 or 6 or 8 or 11 ? 40 : 18;
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                sheet.Cell(r + 2, c + 1).SetValue(rows[r][c]);
            }
        }
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private async Task<List<string[]>> RowsAsync(ClaimsPrincipal user, AuditFilter filter, string format, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = await filter.Apply(db).OrderBy(a => a.Sequence).Take(MaxRows).ToListAsync(ct);
        await audit.WriteAsync(AuditActions.AuditExported, user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, "audit-log",
            $"{format} {entries.Count} {filter}".Trim(), ct: ct);
        var rows = new List<AuditRow>(entries.Count);
        foreach (var chunk in entries.Chunk(ResolveChunk))
        {
            rows.AddRange(await AuditTargets.ResolveAsync(db, chunk, ct));
        }
        return rows.Select(r => new[]
        {
            r.Entry.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "", ChinaTime.Format(r.Entry.At), AuditCatalog.Name(localizer, r.Entry.Action),
            r.Entry.LoginName ?? "", r.Who ?? "", r.Target?.Say(localizer) ?? "", r.Detail(localizer), r.Entry.IpAddress ?? "", r.Entry.Hash ?? "",
            r.Entry.Action, AuditDetails.Mask(r.Entry.Target), AuditDetails.Mask(r.Entry.Detail),
        }).ToList();
    }

    /// <summary>RFC 4180 quoting; a cell that a spreadsheet would run as a formula starts with an apostrophe (OWASP CSV injection).</summary>
    private static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }

    /// <summary>Browser downloads for the audit administrator only.</summary>
    public static IEndpointRouteBuilder MapAuditFiles(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/audit").RequireAuthorization(p => p.RequireRole(Roles.AuditAdmin)).WithTags("Audit");
        group.MapGet("/export.csv", CsvFileAsync).WithName("AuditExportCsv").WithSummary("The filtered audit log as CSV, in chain order; the export is audited");
        group.MapGet("/export.xlsx", WorkbookFileAsync).WithName("AuditExportWorkbook").WithSummary("The filtered audit log as an Excel workbook; the export is audited");
        return app;
    }

    public static async Task<FileContentHttpResult> CsvFileAsync(HttpContext http, AuditExport export, [AsParameters] AuditFilter filter, CancellationToken ct) =>
        TypedResults.File(await export.CsvAsync(http.User, filter, ct), "text/csv; charset=utf-8", "审计日志.csv");

    public static async Task<FileContentHttpResult> WorkbookFileAsync(HttpContext http, AuditExport export, [AsParameters] AuditFilter filter, CancellationToken ct) =>
        TypedResults.File(await export.WorkbookAsync(http.User, filter, ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "审计日志.xlsx");
}
