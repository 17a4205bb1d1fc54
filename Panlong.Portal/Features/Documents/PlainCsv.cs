using System.Globalization;
using System.Text;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// A plain list as CSV, from the same sheet and rows <see cref="PlainSheet"/> writes as Excel: streamed, counted for
/// progress, stopped when the user goes away (docs/decisions/0051-every-list-export-streams.md).
/// </summary>
public static class PlainCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>UTF-8 with a byte-order mark (so Excel opens the Chinese text as UTF-8), RFC 4180 records ended by CRLF.</summary>
    public static async Task<int> WriteAsync(Stream output, PlainSheet.Sheet sheet, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(Line(sheet.Columns.Select(c => c.Header)));
        var rows = 0;
        await foreach (var row in sheet.Rows.WithCancellation(ct))
        {
            await writer.WriteAsync(Line(row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "")));
            if (++rows % PlainSheet.ProgressEvery == 0)
            {
                progress?.Report(rows);
            }
        }
        progress?.Report(rows);
        return rows;
    }

    private static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Quote)) + "\r\n";

    /// <summary>RFC 4180 quoting; a cell that a spreadsheet would run as a formula starts with an apostrophe (OWASP CSV injection).</summary>
    public static string Quote(string cell)
    {
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            cell = "'" + cell;
        }
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
