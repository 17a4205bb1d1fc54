using ClosedXML.Excel;
using Panlong.Portal.Features.Documents;

namespace Panlong.Portal.Tests.Features.Documents;

/// <summary>The one writer of plain lists (docs/decisions/0043-streamed-exports.md): streamed, sheet by sheet, as the lists looked before.</summary>
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
                await Task.Yield();
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
