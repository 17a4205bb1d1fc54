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

    /// <summary>Excel's own limit is 1,048,576 rows a sheet; the header takes one, so a sheet holds this many of the list's rows.</summary>
    public const int RowsPerSheet = 1_048_575;

    /// <summary>
    /// Writes the sheets to <paramref name="output"/> (which need not seek: an HTTP response will do) and returns the rows
    /// written. MiniExcel writes synchronously, so it runs on a thread of its own and reads the rows by waiting on them;
    /// an HTTP caller allows synchronous writes for that request. A list longer than a sheet holds
    /// (<paramref name="rowsPerSheet"/>) goes on in another sheet of the same name and header, numbered; a list without rows
    /// is its header and <paramref name="emptyNote"/>. When <paramref name="ct"/> is cancelled (the user went away) no
    /// further row is read and the list's query is closed.
    /// </summary>
    public static async Task<int> WriteAsync(Stream output, IReadOnlyList<Sheet> sheets, IProgress<int>? progress = null, string? emptyNote = null,
        int rowsPerSheet = RowsPerSheet, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerSheet, 1);
        var counter = new RowCounter(progress);
        var sources = sheets.Select(s => new RowSource(s.Rows, ct)).ToList();
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
            var workbook = new Workbook(sheets, sources, counter, emptyNote, rowsPerSheet);
            await Task.Factory.StartNew(() => MiniExcel.SaveAs(output, workbook, configuration: configuration), ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
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

    /// <summary>The name of a sheet's <paramref name="part"/>-th part: the name itself, then "name (2)", "name (3)"…, within Excel's 31 characters.</summary>
    public static string PartName(string name, int part)
    {
        var suffix = part == 1 ? "" : $" ({part})";
        return SheetName(name)[..Math.Min(SheetName(name).Length, 31 - suffix.Length)] + suffix;
    }

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
    /// A list's rows read one at a time on the writer's thread; a row can be looked at before it is taken, which is how a
    /// full sheet learns whether another must follow.
    /// </summary>
    private sealed class RowSource(IAsyncEnumerable<object?[]> rows, CancellationToken ct) : IAsyncDisposable
    {
        private readonly IAsyncEnumerator<object?[]> _rows = rows.GetAsyncEnumerator(ct);
        private bool _held;
        private bool _ended;

        public object?[] Current => _rows.Current;

        public bool Next()
        {
            if (_held)
            {
                _held = false;
                return true;
            }
            // A list that does not watch the token itself (rows in memory) stops here all the same.
            ct.ThrowIfCancellationRequested();
            // On the writer's own thread (see WriteAsync): waiting here blocks no request.
            _ended = _ended || !_rows.MoveNextAsync().AsTask().GetAwaiter().GetResult();
            return !_ended;
        }

        /// <summary>Whether another row follows, without taking it.</summary>
        public bool More() => _held = _held || Next();

        public ValueTask DisposeAsync() => _rows.DisposeAsync();
    }

    /// <summary>
    /// The sheets as MiniExcel takes them (name → reader), made as it asks for the next one: a part that stopped at the
    /// sheet's limit is followed by another only if a row is left, so the number of sheets is known only at the end.
    /// </summary>
    private sealed class Workbook(IReadOnlyList<Sheet> sheets, IReadOnlyList<RowSource> sources, RowCounter counter, string? emptyNote, int rowsPerSheet)
        : IDictionary<string, object>
    {
        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            for (var s = 0; s < sheets.Count; s++)
            {
                for (var part = 1; part == 1 || sources[s].More(); part++)
                {
                    yield return new(PartName(sheets[s].Name, part), new SheetReader(sheets[s], sources[s], counter, part == 1 ? emptyNote : null, rowsPerSheet));
                }
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        // MiniExcel only walks the sheets; nothing else of a dictionary is asked of this one.
        public object this[string key] { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public ICollection<string> Keys => throw new NotSupportedException();
        public ICollection<object> Values => throw new NotSupportedException();
        public int Count => throw new NotSupportedException();
        public bool IsReadOnly => true;
        public void Add(string key, object value) => throw new NotSupportedException();
        public void Add(KeyValuePair<string, object> item) => throw new NotSupportedException();
        public void Clear() => throw new NotSupportedException();
        public bool Contains(KeyValuePair<string, object> item) => throw new NotSupportedException();
        public bool ContainsKey(string key) => throw new NotSupportedException();
        public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex) => throw new NotSupportedException();
        public bool Remove(string key) => throw new NotSupportedException();
        public bool Remove(KeyValuePair<string, object> item) => throw new NotSupportedException();
        public bool TryGetValue(string key, out object value) => throw new NotSupportedException();
    }

    /// <summary>
    /// One sheet's part of a list as the data reader MiniExcel streams from (an enumerable it would first copy into a
    /// list): at most <paramref name="limit"/> rows, or, for a list without rows, the note. Only what MiniExcel reads is implemented.
    /// </summary>
    private sealed class SheetReader(Sheet sheet, RowSource source, RowCounter counter, string? emptyNote, int limit) : DbDataReader
    {
        private object?[] _current = [];
        private int _rows;

        public override int FieldCount => sheet.Columns.Count;

        public override string GetName(int ordinal) => sheet.Columns[ordinal].Header;

        public override bool Read()
        {
            if (_rows == limit)
            {
                return false;
            }
            if (source.Next())
            {
                (_current, _rows) = (source.Current, _rows + 1);
                counter.Add();
                return true;
            }
            if (_rows == 0 && emptyNote is not null)
            {
                (_current, emptyNote) = ([emptyNote], null);
                return true;
            }
            return false;
        }

        public override object GetValue(int ordinal) => _current.ElementAtOrDefault(ordinal) ?? DBNull.Value;

        public override bool IsDBNull(int ordinal) => GetValue(ordinal) is DBNull;

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
