using System.Globalization;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Panlong.Portal.Features.Documents;

public sealed record PdfMetadata(string Title, string Author, string? Subject = null, string? Keywords = null);

/// <summary>
/// The project's one PDF toolkit (notices, certificates, appraisal reports): A4 pages, text shaped by HarfBuzz and
/// wrapped to the width (Chinese breaks between any two characters, Latin at spaces), tables that break across pages
/// and repeat their header row, images (QR codes, charts), a running header, and "第 n 页 共 m 页" footers. Content
/// is laid out first and drawn afterwards, so the footer knows the page count.
/// </summary>
public sealed class PdfBuilder : IDisposable
{
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 56f;
    private const float Bottom = PageHeight - Margin;
    private const float ContentWidth = PageWidth - (2 * Margin);

    private readonly SKTypeface _face;
    private readonly SKShaper _shaper;
    private readonly PdfMetadata _metadata;
    private readonly string? _header;
    private readonly List<List<Action<SKCanvas>>> _pages = [];
    private float _y;

    public PdfBuilder(SKTypeface face, PdfMetadata metadata, string? header = null)
    {
        _face = face;
        _shaper = new SKShaper(face);
        _metadata = metadata;
        _header = header;
        NewPage();
    }

    public int PageCount => _pages.Count;

    public PdfBuilder Heading(string text, float size = 18) => Text(text, size, bold: true, spaceAfter: size * 0.6f);

    public PdfBuilder Paragraph(string text, float size = 11) => Text(text, size, bold: false, spaceAfter: size * 0.8f);

    public PdfBuilder Space(float height)
    {
        _y += height;
        return this;
    }

    /// <summary>A table; <paramref name="widths"/> are shares of the page width. Rows that do not fit go to the next page under a repeated header.</summary>
    public PdfBuilder Table(IReadOnlyList<string> headers, IReadOnlyList<float> widths, IEnumerable<IReadOnlyList<string>> rows, float size = 10)
    {
        var total = widths.Sum();
        var columns = widths.Select(w => w / total * ContentWidth).ToArray();
        using var font = Font(size);
        var line = size * 1.45f;
        const float pad = 4f;

        (List<string>[] Cells, float Height) Layout(IReadOnlyList<string> cells)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, font, columns[i] - (2 * pad))).ToArray();
            return (wrapped, (wrapped.Max(w => w.Count) * line) + (2 * pad));
        }

        void Draw((List<string>[] Cells, float Height) row, bool header)
        {
            var top = _y;
            var page = _pages[^1];
            page.Add(canvas =>
            {
                using var f = Font(size);
                using var paint = new SKPaint { IsAntialias = true, Color = SKColors.Black };
                using var border = new SKPaint { IsStroke = true, StrokeWidth = 0.5f, Color = new SKColor(0x99, 0x99, 0x99) };
                using var fill = new SKPaint { Color = new SKColor(0xE8, 0xEE, 0xF7) };
                var x = Margin;
                for (var i = 0; i < columns.Length; i++)
                {
                    var cell = new SKRect(x, top, x + columns[i], top + row.Height);
                    if (header)
                    {
                        canvas.DrawRect(cell, fill);
                    }
                    canvas.DrawRect(cell, border);
                    for (var l = 0; l < row.Cells[i].Count; l++)
                    {
                        DrawText(canvas, row.Cells[i][l], x + pad, top + pad + ((l + 0.8f) * line), SKTextAlign.Left, f, paint);
                    }
                    x += columns[i];
                }
            });
            _y += row.Height;
        }

        var head = Layout(headers);
        if (_y + head.Height + line > Bottom)
        {
            NewPage();
        }
        Draw(head, header: true);
        foreach (var cells in rows)
        {
            var row = Layout(cells);
            if (_y + row.Height > Bottom)
            {
                NewPage();
                Draw(head, header: true);
            }
            Draw(row, header: false);
        }
        _y += size;
        return this;
    }

    /// <summary>An image (a QR code, a chart) at the given width, keeping its proportions; the builder owns it.</summary>
    public PdfBuilder Image(SKImage image, float width, bool center = false)
    {
        var height = width * image.Height / image.Width;
        if (_y + height > Bottom)
        {
            NewPage();
        }
        var (x, y) = (center ? (PageWidth - width) / 2 : Margin, _y);
        _pages[^1].Add(canvas => canvas.DrawImage(image, new SKRect(x, y, x + width, y + height), new SKSamplingOptions(SKFilterMode.Linear)));
        _y += height + 8;
        return this;
    }

    public byte[] Build()
    {
        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = _metadata.Title,
            Author = _metadata.Author,
            Subject = _metadata.Subject ?? "",
            Keywords = _metadata.Keywords ?? "",
            Creator = "数字盘龙 Panlong",
            Producer = "Panlong PDF (SkiaSharp)",
            Creation = DateTime.UtcNow,
            Modified = DateTime.UtcNow,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            using var small = Font(8.5f);
            using var grey = new SKPaint { IsAntialias = true, Color = new SKColor(0x55, 0x55, 0x55) };
            for (var i = 0; i < _pages.Count; i++)
            {
                var canvas = document.BeginPage(PageWidth, PageHeight);
                if (_header is not null)
                {
                    DrawText(canvas, _header, Margin, Margin - 22, SKTextAlign.Left, small, grey);
                    canvas.DrawLine(Margin, Margin - 16, PageWidth - Margin, Margin - 16, grey);
                }
                foreach (var draw in _pages[i])
                {
                    draw(canvas);
                }
                var footer = string.Create(CultureInfo.InvariantCulture, $"第 {i + 1} 页 共 {_pages.Count} 页");
                DrawText(canvas, footer, PageWidth / 2, PageHeight - (Margin / 2), SKTextAlign.Center, small, grey);
                document.EndPage();
            }
            document.Close();
        }
        return stream.ToArray();
    }

    public void Dispose() => _shaper.Dispose();

    private PdfBuilder Text(string text, float size, bool bold, float spaceAfter)
    {
        using var font = Font(size, bold);
        var line = size * 1.5f;
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var part in Wrap(paragraph, font, ContentWidth))
            {
                if (_y + line > Bottom)
                {
                    NewPage();
                }
                var baseline = _y + (size * 1.1f);
                _pages[^1].Add(canvas =>
                {
                    using var f = Font(size, bold);
                    using var paint = new SKPaint { IsAntialias = true, Color = SKColors.Black };
                    DrawText(canvas, part, Margin, baseline, SKTextAlign.Left, f, paint);
                });
                _y += line;
            }
        }
        _y += spaceAfter;
        return this;
    }

    /// <summary>
    /// Text shaped by HarfBuzz as Han script, whatever it starts with: shaped as Latin, Noto Sans CJK's 'locl' swaps the
    /// digits for glyphs its character map does not name, and the PDF's ToUnicode map then drops them ("BJ2026…"
    /// extracted as "BJ"). As Han, Latin letters and digits keep their ordinary glyphs.
    /// </summary>
    private void DrawText(SKCanvas canvas, string text, float x, float y, SKTextAlign align, SKFont font, SKPaint paint)
    {
        if (text.Length == 0)
        {
            return;
        }
        using var buffer = new HarfBuzzSharp.Buffer();
        buffer.AddUtf16(text);
        buffer.GuessSegmentProperties();
        buffer.Script = HarfBuzzSharp.Script.Han;
        var shaped = _shaper.Shape(buffer, font);
        using var builder = new SKTextBlobBuilder();
        var run = builder.AllocatePositionedRun(font, shaped.Codepoints.Length);
        var glyphs = run.Glyphs;
        var positions = run.Positions;
        for (var i = 0; i < shaped.Codepoints.Length; i++)
        {
            glyphs[i] = (ushort)shaped.Codepoints[i];
            positions[i] = shaped.Points[i];
        }
        using var blob = builder.Build();
        var shift = align switch
        {
            SKTextAlign.Center => shaped.Width / 2,
            SKTextAlign.Right => shaped.Width,
            _ => 0,
        };
        canvas.DrawText(blob, x - shift, y, paint);
    }

    private SKFont Font(float size, bool bold = false) => new(_face, size) { Embolden = bold, Subpixel = true };

    private void NewPage()
    {
        _pages.Add([]);
        _y = Margin;
    }

    /// <summary>Lines no wider than <paramref name="width"/>: Chinese may break after any character, other text at its last space.</summary>
    internal static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var end = start;
            var lastSpace = -1;
            while (end < text.Length && font.MeasureText(text.AsSpan(start, end - start + 1)) <= width)
            {
                if (text[end] == ' ')
                {
                    lastSpace = end;
                }
                end++;
            }
            if (end < text.Length && lastSpace > start && !IsCjk(text[end]) && !IsCjk(text[end - 1]))
            {
                end = lastSpace + 1;
            }
            end = Math.Max(end, start + 1);
            lines.Add(text[start..end].TrimEnd());
            start = end;
        }
        return lines.Count == 0 ? [""] : lines;
    }

    private static bool IsCjk(char c) => c >= 0x2E80;
}
