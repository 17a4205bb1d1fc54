using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Documents;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// The audit administrator's export of a filtered range as CSV or Excel, in chain order with each row's hash so the
/// file can be checked against the chain: every row of the range (no cap), read as the file is written
/// (docs/decisions/0051-every-list-export-streams.md). The export is itself audited (issue 15) before its first row leaves.
/// </summary>
public sealed class AuditExport(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The readable columns as the page shows them, the hash at 9, then the row as recorded (what the chain hashed, masked).</summary>
    private static readonly string[] Header =
        ["Audit.Seq", "Audit.At", "Audit.Action", "Audit.Login", "Audit.Who", "Audit.Target", "Audit.Detail", "Audit.Ip", "Audit.Hash", "Audit.RawAction", "Audit.RawTarget", "Audit.RawDetail"];

    /// <summary>Entries are read in one pass and named (users, cases, applications) this many at a time.</summary>
    private const int ResolveChunk = 1000;

    /// <summary>Counts the range, audits the export and answers the streamed file; <paramref name="format"/> is csv or xlsx.</summary>
    public async Task<PlainSheetFile> FileAsync(ClaimsPrincipal user, AuditFilter filter, string format, string? progress, CancellationToken ct = default)
    {
        int total;
        long last;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // The range as it stands now: rows written while the file is read (this export's own entry among them) are the next export's.
            last = await db.AuditEntries.MaxAsync(a => (long?)a.Id, ct) ?? 0;
            total = await filter.Apply(db).Where(a => a.Id <= last).CountAsync(ct);
        }
        await audit.WriteAsync(AuditActions.AuditExported, user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name, "audit-log",
            $"{format} {total} {filter}".Trim(), ct: ct);
        // Explicit widths: the long columns (target, detail, hash, the recorded detail) wider.
        var sheet = new PlainSheet.Sheet(localizer["Audit.Sheet"],
            [.. Header.Select((h, c) => new PlainSheet.Column(localizer[h], c is 5 or 6 or 8 or 11 ? 40 : 18))], RowsAsync(filter, last, ct));
        return new PlainSheetFile(format == "csv" ? "审计日志.csv" : "审计日志.xlsx", [sheet], total, progress);
    }

    /// <summary>The range in chain order, one query read through while a second context names each chunk's targets.</summary>
    private async IAsyncEnumerable<object?[]> RowsAsync(AuditFilter filter, long last, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        await using var names = await dbFactory.CreateDbContextAsync(ct);
        var chunk = new List<AuditEntry>(ResolveChunk);
        await foreach (var entry in filter.Apply(read).Where(a => a.Id <= last).OrderBy(a => a.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            chunk.Add(entry);
            if (chunk.Count == ResolveChunk)
            {
                foreach (var row in await ResolveAsync(names, chunk, ct))
                {
                    yield return row;
                }
                chunk.Clear();
            }
        }
        foreach (var row in await ResolveAsync(names, chunk, ct))
        {
            yield return row;
        }
    }

    private async Task<IEnumerable<object?[]>> ResolveAsync(PanlongDbContext db, List<AuditEntry> entries, CancellationToken ct) =>
        entries.Count == 0 ? [] : (await AuditTargets.ResolveAsync(db, entries, ct)).Select(r => new object?[]
        {
            r.Entry.Sequence?.ToString(CultureInfo.InvariantCulture) ?? "", ChinaTime.Format(r.Entry.At), AuditCatalog.Name(localizer, r.Entry.Action),
            r.Entry.LoginName ?? "", r.Who ?? "", r.Target?.Say(localizer) ?? "", r.Detail(localizer), r.Entry.IpAddress ?? "", r.Entry.Hash ?? "",
            r.Entry.Action, AuditDetails.Mask(r.Entry.Target), AuditDetails.Mask(r.Entry.Detail),
        });

    /// <summary>Browser downloads for the audit administrator only.</summary>
    public static IEndpointRouteBuilder MapAuditFiles(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin/audit").RequireAuthorization(p => p.RequireRole(Roles.AuditAdmin)).WithTags("Audit");
        ListExport.Of(group.MapGet("/export.csv", CsvFileAsync).WithName("AuditExportCsv").WithSummary("The filtered audit log as CSV, in chain order, every row streamed; the export is audited"));
        ListExport.Of(group.MapGet("/export.xlsx", WorkbookFileAsync).WithName("AuditExportWorkbook")
            .WithSummary("The filtered audit log as an Excel workbook, every row streamed; the export is audited"));
        return app;
    }

    public static Task<PlainSheetFile> CsvFileAsync(HttpContext http, AuditExport export, [AsParameters] AuditFilter filter, [FromQuery] string? progress, CancellationToken ct) =>
        export.FileAsync(http.User, filter, "csv", progress, ct);

    public static Task<PlainSheetFile> WorkbookFileAsync(HttpContext http, AuditExport export, [AsParameters] AuditFilter filter, [FromQuery] string? progress, CancellationToken ct) =>
        export.FileAsync(http.User, filter, "xlsx", progress, ct);
}
