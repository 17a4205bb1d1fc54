using System.Security.Claims;
using ClosedXML.Excel;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Features.Registry;

public sealed record ImportReport(int Rows, int Imported, int AlreadyRegistered, int Rejected, byte[]? RejectedWorkbook, string? FileProblem = null);

/// <summary>
/// Excel in and out for the population registry. Import reads the workbook and hands its rows to
/// <see cref="PeopleImport"/>, which checks and imports them; the rejected rows come back with the reason in a
/// workbook of their own. The export of the list streams (<see cref="PeopleExport"/>).
/// </summary>
public sealed class PeopleWorkbook(PeopleImport import)
{
    public const long MaxBytes = 20 * 1024 * 1024;
    /// <summary>An import's rows are all read before they are checked; an export has no cap (<see cref="PeopleExport"/>).</summary>
    public const int MaxRows = 50_000;
    public static string[] Columns => PeopleImport.Columns;

    /// <summary>The empty template with the header row, for people to fill in.</summary>
    public static byte[] Template()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("人口");
        WriteHeader(sheet, Columns);
        return Save(workbook);
    }

    public async Task<ImportReport> ImportAsync(ClaimsPrincipal editor, Stream file, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var bytes = buffer.ToArray();
        // An .xlsx file is a zip archive: judge by content, not by the name.
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K' || bytes[2] != 3 || bytes[3] != 4)
        {
            return new ImportReport(0, 0, 0, 0, null, "Import.NotExcel");
        }
        List<string[]> rows;
        try
        {
            using var workbook = new XLWorkbook(new MemoryStream(bytes));
            var sheet = workbook.Worksheet(1);
            var header = Columns.Select((_, i) => sheet.Cell(1, i + 1).GetString().Trim()).ToArray();
            if (!header.SequenceEqual(Columns))
            {
                return new ImportReport(0, 0, 0, 0, null, "Import.WrongColumns");
            }
            rows = sheet.RowsUsed().Skip(1)
                .Select(r => Columns.Select((_, i) => r.Cell(i + 1).GetString().Trim()).ToArray())
                .Where(cells => cells.Any(c => c.Length > 0))
                .ToList();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException or InvalidOperationException or IOException)
        {
            return new ImportReport(0, 0, 0, 0, null, "Import.NotExcel");
        }
        if (rows.Count > MaxRows)
        {
            return new ImportReport(rows.Count, 0, 0, 0, null, "Import.TooManyRows");
        }
        var result = await import.ImportAsync(WorkflowActor.From(editor), rows, progress, ct);
        return new ImportReport(result.Rows, result.Imported, result.AlreadyRegistered, result.Rejected.Count,
            result.Rejected.Count == 0 ? null : RejectedWorkbook(result.Rejected), result.Problem);
    }

    private static byte[] RejectedWorkbook(IReadOnlyList<RejectedRow> rejected)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("未导入");
        WriteHeader(sheet, [.. Columns, "原因"]);
        for (var i = 0; i < rejected.Count; i++)
        {
            var (cells, reason) = rejected[i];
            for (var c = 0; c < cells.Count; c++)
            {
                sheet.Cell(i + 2, c + 1).SetValue(cells[c]);
            }
            sheet.Cell(i + 2, cells.Count + 1).SetValue(reason);
        }
        return Save(workbook);
    }

    private static void WriteHeader(IXLWorksheet sheet, string[] names)
    {
        for (var i = 0; i < names.Length; i++)
        {
            sheet.Cell(1, i + 1).SetValue(names[i]);
            // Explicit widths: measuring text (AdjustToContents) needs libgdiplus, which Linux servers lack.
            sheet.Column(i + 1).Width = names[i] is "证件号码" or "居住地址" or "原因" ? 24 : 14;
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
    }

    private static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
