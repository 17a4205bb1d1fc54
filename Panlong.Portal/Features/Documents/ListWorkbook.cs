using System.Globalization;
using ClosedXML.Excel;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// The one piece that writes a list into a styled Excel sheet (ClosedXML): the appraisal workbook's sheets go through
/// <see cref="Write"/>. Plain lists leaving the portal stream through <see cref="PlainSheet"/> instead
/// (docs/decisions/0043-streamed-exports.md). Column widths are worked out from the text, because ClosedXML's
/// AdjustToContents needs libgdiplus, which Linux servers lack.
/// </summary>
public static class ListWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A column: its header and the number format of its cells.</summary>
    public sealed record Column(string Header, string? Format = null);

    /// <summary>A value whose format differs from its column's (the summary mixes counts and rates in one column).</summary>
    public sealed record Formatted(object Value, string Format);

    /// <summary>
    /// The header row (bold, shaded, frozen, filtered), the rows, each column's number format set once on its range
    /// (a style per cell is what makes ClosedXML slow), and widths from the longest text as displayed (a CJK character counts two).
    /// </summary>
    public static void Write(IXLWorksheet sheet, IReadOnlyList<Column> columns, IEnumerable<object?[]> rows)
    {
        var widths = columns.Select(c => Width(c.Header)).ToArray();
        for (var c = 0; c < columns.Count; c++)
        {
            Set(sheet.Cell(1, c + 1), columns[c].Header);
        }
        var row = 1;
        foreach (var values in rows)
        {
            row++;
            for (var c = 0; c < values.Length && c < columns.Count; c++)
            {
                if (values[c] is not { } value)
                {
                    continue;
                }
                Set(sheet.Cell(row, c + 1), value);
                var format = value is Formatted f ? f.Format : columns[c].Format;
                var shown = value is Formatted { Value: IFormattable v } ? v.ToString(format, CultureInfo.InvariantCulture)
                    : value is IFormattable n && format is not null ? n.ToString(format, CultureInfo.InvariantCulture) : value.ToString() ?? "";
                widths[c] = Math.Max(widths[c], Width(shown));
            }
        }
        var header = sheet.Range(1, 1, 1, columns.Count).Style;
        header.Font.Bold = true;
        header.Fill.BackgroundColor = XLColor.FromHtml("#E8EEF7");
        sheet.SheetView.FreezeRows(1);
        for (var c = 0; c < columns.Count; c++)
        {
            if (columns[c].Format is { } format && row > 1)
            {
                sheet.Range(2, c + 1, row, c + 1).Style.NumberFormat.Format = format;
            }
            // Room for the filter button beside the header.
            sheet.Column(c + 1).Width = Math.Clamp(widths[c] + 4, 8, 60);
        }
        sheet.Range(1, 1, row, columns.Count).SetAutoFilter();
    }

    private static int Width(string text) => text.Sum(ch => ch >= 0x2E80 ? 2 : 1);

    public static void Set(IXLCell cell, object value)
    {
        switch (value)
        {
            case Formatted f:
                Set(cell, f.Value);
                cell.Style.NumberFormat.Format = f.Format;
                break;
            case int i:
                cell.SetValue(i);
                break;
            case double d:
                cell.SetValue(d);
                break;
            default:
                cell.SetValue(value.ToString() ?? "");
                break;
        }
    }

    public static byte[] Save(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
