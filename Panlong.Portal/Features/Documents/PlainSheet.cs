using System.Collections;
using System.Data.Common;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using MiniExcelLibs.OpenXml;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// The one writer for every plain list leaving the portal as Excel (people, cases, drill-down, statistics, audit):
/// rows are pulled one at a time from the database and written straight into the zip the caller sends, so a list of any
/// length costs the memory of a row, not of a workbook (docs/decisions/0043-streamed-exports.md). Styled reports (the
/// appraisal workbook) stay with <see cref="ListWorkbook"/> and ClosedXML.
/// </summary>
public static class PlainSheet
{
    /// <summary>A column: its header, its width in characters and, for numbers, its number format.</summary>
    public sealed record Column(string Header, double Width = 14, string? Format = null);

    public sealed record Sheet(string Name, IReadOnlyList<Column> Columns, IAsyncEnumerable<object?[]> Rows);

    /// <summary>Progress is told every this many rows: often enough to move a bar, rare enough to cost nothing.</summary>
    public const int ProgressEvery = 1000;

    /// <summary>
    /// Writes the sheets to <paramref name="output"/> (which need not seek: an HTTP response will do) and returns the rows
    /// written. MiniExcel writes synchronously, so it runs on a thread of its own and reads the rows by waiting on them;
    /// an HTTP caller allows synchronous writes for that request.
    /// </summary>
    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<Sheet> sheets, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        var counter = new RowCounter(progress);
        var readers = sheets.Select(s => new SheetReader(s, counter, ct)).ToList();
        try
        {
            var configuration = new OpenXmlConfiguration
            {
                FastMode = false, // fast mode seeks back in the file, which a response cannot
                FreezeRowCount = 1,
                AutoFilter = true,
                DynamicColumns = [.. sheets.SelectMany(s => s.Columns).DistinctBy(c => c.Header)
                    .Select(c => new DynamicExcelColumn(c.Header) { Width = c.Width, Format = c.Format })],
            };
            var workbook = readers.ToDictionary(r => SheetName(r.Name), r => (object)r);
            await Task.Factory.StartNew(() => MiniExcel.SaveAs(output, workbook, configuration: configuration), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
        progress?.Report(counter.Rows);
        return counter.Rows;
    }

    /// <summary>Rows already in memory (a report's few lines), as a sheet takes them.</summary>
    public static async IAsyncEnumerable<object?[]> Listed(IEnumerable<object?[]> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }
        await Task.CompletedTask;
    }

    /// <summary>An Excel sheet's name is at most 31 characters and has none of : \ / ? * [ ].</summary>
    public static string SheetName(string name) => new(name.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).Take(31).ToArray());

    private sealed class RowCounter(IProgress<int>? progress)
    {
        public int Rows { get; private set; }

        public void Add()
        {
            if (++Rows % ProgressEvery == 0)
            {
                progress?.Report(Rows);
            }
        }
    }

    /// <summary>
    /// A sheet's rows as the data reader MiniExcel streams from (an enumerable it would first copy into a list). Only
    /// what MiniExcel reads is implemented.
    /// </summary>
    private sealed class SheetReader(Sheet sheet, RowCounter counter, CancellationToken ct) : DbDataReader
    {
        private readonly IAsyncEnumerator<object?[]> _rows = sheet.Rows.GetAsyncEnumerator(ct);

        public string Name => sheet.Name;

        public override int FieldCount => sheet.Columns.Count;

        public override string GetName(int ordinal) => sheet.Columns[ordinal].Header;

        public override bool Read()
        {
            // On the writer's own thread (see WriteAsync): waiting here blocks no request.
            if (!_rows.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                return false;
            }
            counter.Add();
            return true;
        }

        public override object GetValue(int ordinal) => _rows.Current.ElementAtOrDefault(ordinal) ?? DBNull.Value;

        public override bool IsDBNull(int ordinal) => GetValue(ordinal) is DBNull;

        public override async ValueTask DisposeAsync()
        {
            await _rows.DisposeAsync();
            await base.DisposeAsync();
        }

        public override object this[int ordinal] => GetValue(ordinal);
        public override object this[string name] => GetValue(GetOrdinal(name));
        public override int Depth => 0;
        public override bool HasRows => true;
        public override bool IsClosed => false;
        public override int RecordsAffected => -1;
        public override bool NextResult() => false;
        public override int GetOrdinal(string name) => sheet.Columns.Select(c => c.Header).ToList().IndexOf(name);
        public override Type GetFieldType(int ordinal) => typeof(object);
        public override string GetDataTypeName(int ordinal) => "object";
        public override IEnumerator GetEnumerator() => throw new NotSupportedException();
        public override int GetValues(object[] values) => throw new NotSupportedException();
        public override bool GetBoolean(int ordinal) => throw new NotSupportedException();
        public override byte GetByte(int ordinal) => throw new NotSupportedException();
        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
        public override char GetChar(int ordinal) => throw new NotSupportedException();
        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => throw new NotSupportedException();
        public override DateTime GetDateTime(int ordinal) => throw new NotSupportedException();
        public override decimal GetDecimal(int ordinal) => throw new NotSupportedException();
        public override double GetDouble(int ordinal) => throw new NotSupportedException();
        public override float GetFloat(int ordinal) => throw new NotSupportedException();
        public override Guid GetGuid(int ordinal) => throw new NotSupportedException();
        public override short GetInt16(int ordinal) => throw new NotSupportedException();
        public override int GetInt32(int ordinal) => throw new NotSupportedException();
        public override long GetInt64(int ordinal) => throw new NotSupportedException();
        public override string GetString(int ordinal) => throw new NotSupportedException();
    }
}
