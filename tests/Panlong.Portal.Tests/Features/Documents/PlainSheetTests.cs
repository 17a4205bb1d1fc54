using System.Runtime.CompilerServices;
using ClosedXML.Excel;
using Panlong.Portal.Features.Documents;

namespace Panlong.Portal.Tests.Features.Documents;

/// <summary>
/// The one writer of plain lists (docs/decisions/0043-streamed-exports.md, 0051-every-list-export-streams.md): streamed, sheet
/// by sheet, as the lists looked before; Excel's row limit, an empty list and a user who goes away.
/// </summary>
public class PlainSheetTests
{
    [Fact]
    public async Task Write_IntoAStreamThatCannotSeek_SendsTheFileWhileTheRowsAreStillBeingRead()
    {
        var output = new ForwardOnlyStream();
        long sentBeforeTheLastRows = 0;
        async IAsyncEnumerable<object?[]> Rows()
        {
            for (var i = 0; i < 60_000; i++)
            {
                if (i == 59_000)
                {
                    sentBeforeTheLastRows = output.Written;
                }
                // Asynchronous like a database reader, but not at every row: 60,000 trips to the back of a thread pool that
                // other tests keep busy took minutes on a loaded machine.
                if (i % 1_000 == 0)
                {
                    await Task.Yield();
                }
                yield return [$"行{i}", i];
            }
        }
        var reported = new List<int>();

        var written = await PlainSheet.WriteAsync(output, [new("清单", [new("名称"), new("序号", 10, "#,##0")], Rows())], new Progress(reported));

        Assert.Equal(60_000, written);
        Assert.True(sentBeforeTheLastRows > 100_000, $"only {sentBeforeTheLastRows} bytes had left before the last rows were read");
        Assert.Equal(60_000, reported[^1]);
        Assert.Equal(61, reported.Count); // every 1,000 rows, then once more at the end
    }

    [Fact]
    public async Task Write_OfSeveralSheets_KeepsTheirNamesHeadersNumbersAndTheFrozenHeader()
    {
        var output = new MemoryStream();

        await PlainSheet.WriteAsync(output,
        [
            new("按事项", [new("名称"), new("受理", 10, "#,##0"), new("平均", 10, "0.00")], Rows(["甲", 1234, 1.5], ["乙", 2, null])),
            new("超期:办件", [new("编号")], Rows()),
        ]);

        using var book = new XLWorkbook(new MemoryStream(output.ToArray()));
        Assert.Equal(["按事项", "超期办件"], book.Worksheets.Select(w => w.Name));
        var sheet = book.Worksheet(1);
        Assert.Equal(["名称", "受理", "平均"], sheet.Row(1).Cells(1, 3).Select(c => c.GetString()));
        Assert.Equal(1234, sheet.Cell(2, 2).GetDouble());
        Assert.Equal("#,##0", sheet.Cell(2, 2).Style.NumberFormat.Format);
        Assert.True(sheet.Cell(3, 3).IsEmpty());
        Assert.Equal(1, sheet.SheetView.SplitRow);
        Assert.Equal("编号", book.Worksheet(2).Cell(1, 1).GetString());
        Assert.Single(book.Worksheet(2).RowsUsed());
    }

    [Theory]
    [InlineData(7, new[] { 3, 3, 1 })]
    [InlineData(6, new[] { 3, 3 })]
    [InlineData(3, new[] { 3 })]
    public async Task Write_OfMoreRowsThanASheetHolds_GoesOnInNumberedSheetsWithTheSameHeader(int count, int[] perSheet)
    {
        var output = new MemoryStream();
        var rows = Enumerable.Range(1, count).Select(i => new object?[] { $"行{i}", i }).ToArray();

        var written = await PlainSheet.WriteAsync(output,
            [new("清单", [new("名称"), new("序号", 10, "#,##0")], Rows(rows)), new("另一张", [new("编号")], Rows(["甲"]))], rowsPerSheet: 3);

        Assert.Equal(count + 1, written);
        using var book = new XLWorkbook(new MemoryStream(output.ToArray()));
        Assert.Equal([.. perSheet.Select((_, i) => i == 0 ? "清单" : $"清单 ({i + 1})"), "另一张"], book.Worksheets.Select(w => w.Name));
        var sheets = book.Worksheets.Take(perSheet.Length).ToList();
        Assert.All(sheets, w => Assert.Equal(["名称", "序号"], w.Row(1).Cells(1, 2).Select(c => c.GetString())));
        Assert.Equal(perSheet, sheets.Select(w => w.RowsUsed().Count() - 1));
        Assert.Equal(Enumerable.Range(1, count).Select(i => $"行{i}"), sheets.SelectMany(w => w.RowsUsed().Skip(1).Select(r => r.Cell(1).GetString())));
        Assert.Equal("甲", book.Worksheet("另一张").Cell(2, 1).GetString());
    }

    [Fact]
    public void PartName_OfALongName_StaysWithinExcelsThirtyOneCharacters()
    {
        var name = new string('表', 40);

        Assert.Equal(new string('表', 31), PlainSheet.PartName(name, 1));
        Assert.Equal(new string('表', 27) + " (2)", PlainSheet.PartName(name, 2));
    }

    [Fact]
    public async Task Write_OfAListWithoutRows_IsTheHeaderAndTheNote()
    {
        var output = new MemoryStream();

        var written = await PlainSheet.WriteAsync(output, [new("清单", [new("名称"), new("序号")], Rows())], emptyNote: "（没有记录）");

        Assert.Equal(0, written);
        using var book = new XLWorkbook(new MemoryStream(output.ToArray()));
        var sheet = Assert.Single(book.Worksheets);
        Assert.Equal(["名称", "序号"], sheet.Row(1).Cells(1, 2).Select(c => c.GetString()));
        Assert.Equal("（没有记录）", sheet.Cell(2, 1).GetString());
        Assert.Equal(2, sheet.RowsUsed().Count());
    }

    [Fact]
    public async Task Write_WhenTheUserGoesAway_StopsReadingAndClosesTheList()
    {
        using var away = new CancellationTokenSource();
        var read = 0;
        var closed = false;
        async IAsyncEnumerable<object?[]> Endless([EnumeratorCancellation] CancellationToken ct = default)
        {
            try
            {
                for (; ; read++)
                {
                    if (read == 2_500)
                    {
                        await away.CancelAsync();
                    }
                    await Task.Yield();
                    ct.ThrowIfCancellationRequested();
                    yield return [$"行{read}"];
                }
            }
            finally
            {
                closed = true;
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            PlainSheet.WriteAsync(new ForwardOnlyStream(), [new("清单", [new("名称")], Endless())], ct: away.Token));

        Assert.Equal(2_500, read);
        Assert.True(closed, "the list's query was left open");
    }

    private static async IAsyncEnumerable<object?[]> Rows(params object?[][] rows)
    {
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return row;
        }
    }

    private sealed class Progress(List<int> values) : IProgress<int>
    {
        public void Report(int value) => values.Add(value);
    }

    /// <summary>What an HTTP response is to the writer: bytes go out and cannot be sought back to.</summary>
    private sealed class ForwardOnlyStream : Stream
    {
        public long Written { get; private set; }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Written += count;
    }
}
