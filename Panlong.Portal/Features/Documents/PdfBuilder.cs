using System.Globalization;
using QRCoder;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace Panlong.Portal.Features.Documents;

public sealed record PdfMetadata(string Title, string Author, string? Subject = null, string? Keywords = null);

public enum PdfAlign { Left, Center, Right }

/// <summary>A QR code <see cref="Size"/> points wide, its quiet zone included; caption lines ('\n') go under it.</summary>
public sealed record PdfQr(string Payload, float Size, string? Caption = null);

public enum PdfChartKind { Bar, Line }

/// <summary>One series of a chart; <see cref="PointColors"/>, when given, colours each bar on its own (a grade's colour).</summary>
public sealed record PdfSeries(string Name, IReadOnlyList<double> Values, SKColor Color, IReadOnlyList<SKColor>? PointColors = null);

public sealed record PdfLegendEntry(string Name, SKColor Color);

/// <summary>
/// A chart drawn as vector paths: bars (grouped when there are several series) or lines over <see cref="Categories"/>.
/// The legend names the series unless <see cref="Legend"/> says otherwise (grade colours); <see cref="ValueAxis"/> is
/// written above the value axis, <see cref="CategoryAxis"/> under the category labels.
/// </summary>
public sealed record PdfChart(PdfChartKind Kind, string Title, IReadOnlyList<string> Categories, IReadOnlyList<PdfSeries> Series)
{
    public string? ValueAxis { get; init; }
    public string? CategoryAxis { get; init; }
    /// <summary>The top of the value axis; otherwise the largest value rounded up to a tick.</summary>
    public double? Max { get; init; }
    public IReadOnlyList<PdfLegendEntry>? Legend { get; init; }
    /// <summary>Values printed over single-series bars, when they fit.</summary>
    public string ValueFormat { get; init; } = "0.##";

    /// <summary>Whether the chart compares anything: two categories or more and a value other than zero (one bar or a flat zero line says nothing).</summary>
    public bool SaysSomething => Categories.Count >= 2 && Series.Any(s => s.Values.Any(v => v != 0));
}

/// <summary>
/// The project's one PDF toolkit (notices, certificates, appraisal reports): A4 pages, text shaped by HarfBuzz and
/// wrapped to the width (Chinese breaks between any two characters, Latin at spaces, punctuation by GB/T 15834's line-breaking rules), tables that break across pages
/// and repeat their header row (cells optionally aligned and coloured), a cover page, page breaks, vector bar and line
/// charts, images, vector QR codes, a closing block (落款) with an optional seal, an optional border, a running header,
/// and "第 n 页 共 m 页" footers. Content is laid out first and drawn afterwards, so the
/// footer knows the page count.
/// </summary>
public sealed class PdfBuilder : IDisposable
{
    private const float PageWidth = 595.28f;
    private const float PageHeight = 841.89f;
    private const float Margin = 56f;
    private const float Bottom = PageHeight - Margin;
    private const float ContentWidth = PageWidth - (2 * Margin);

    private readonly SKTypeface _face;
    private readonly PlainShaper _shaper;
    private readonly PdfMetadata _metadata;
    private readonly string? _header;
    private readonly List<List<Action<SKCanvas>>> _pages = [];
    private readonly HashSet<int> _covers = [];
    private SKColor? _frame;
    private float _y;

    public PdfBuilder(SKTypeface face, PdfMetadata metadata, string? header = null)
    {
        _face = face;
        _shaper = new PlainShaper(face);
        _metadata = metadata;
        _header = header;
        NewPage();
    }

    public int PageCount => _pages.Count;

    /// <summary>A bold line that keeps a few lines' room under it, so it is not left alone at the foot of a page.</summary>
    public PdfBuilder Heading(string text, float size = 18, PdfAlign align = PdfAlign.Left) => Text(text, size, bold: true, spaceAfter: size * 0.6f, align, keepAfter: 60);

    public PdfBuilder Paragraph(string text, float size = 11, PdfAlign align = PdfAlign.Left) => Text(text, size, bold: false, spaceAfter: size * 0.8f, align);

    /// <summary>A double border round every page, as certificates have.</summary>
    public PdfBuilder Frame(SKColor color)
    {
        _frame = color;
        return this;
    }

    public PdfBuilder Space(float height)
    {
        _y += height;
        return this;
    }

    /// <summary>What follows starts on a new page (unless this page is still empty).</summary>
    public PdfBuilder PageBreak()
    {
        if (_pages[^1].Count > 0)
        {
            NewPage();
        }
        return this;
    }

    /// <summary>
    /// A page of its own without the running header: the title a quarter of the way down, a subtitle, label–value lines
    /// (范围, 期间, 生成时间…) set as a block in the middle, and a note at the foot. What follows starts on the next page.
    /// </summary>
    public PdfBuilder Cover(string title, string? subtitle, IReadOnlyList<KeyValuePair<string, string>> lines, string? note = null)
    {
        PageBreak();
        _covers.Add(_pages.Count - 1);
        _y = PageHeight * 0.24f;
        Text(title, 26, bold: true, spaceAfter: 14, PdfAlign.Center);
        if (subtitle is not null)
        {
            Text(subtitle, 15, bold: false, spaceAfter: 10, PdfAlign.Center);
        }
        _y += 48;
        const float size = 12;
        var line = size * 2;
        using (var font = Font(size))
        {
            var labelWidth = lines.Count == 0 ? 0 : lines.Max(l => font.MeasureText(l.Key));
            var valueWidth = lines.Count == 0 ? 0 : Math.Min(lines.Max(l => font.MeasureText(l.Value)), ContentWidth - labelWidth - 16);
            var left = Math.Max(Margin, (PageWidth - labelWidth - 16 - valueWidth) / 2);
            foreach (var (label, value) in lines)
            {
                foreach (var (part, i) in Wrap(value, font, PageWidth - Margin - (left + labelWidth + 16)).Select((p, i) => (p, i)))
                {
                    var baseline = _y + (size * 1.1f);
                    var shown = i == 0 ? label : "";
                    _pages[^1].Add(canvas =>
                    {
                        using var f = Font(size);
                        using var grey = new SKPaint { IsAntialias = true, Color = new SKColor(0x55, 0x55, 0x55) };
                        using var black = new SKPaint { IsAntialias = true, Color = SKColors.Black };
                        DrawText(canvas, shown, left + labelWidth, baseline, SKTextAlign.Right, f, grey);
                        DrawText(canvas, part, left + labelWidth + 16, baseline, SKTextAlign.Left, f, black);
                    });
                    _y += line;
                }
            }
        }
        if (note is not null)
        {
            using var font = Font(10);
            var height = note.Split('\n').Sum(p => Wrap(p, font, ContentWidth).Count) * 15f;
            _y = Math.Max(_y + 24, Bottom - height - 10);
            Text(note, 10, bold: false, spaceAfter: 0, PdfAlign.Left);
        }
        NewPage();
        return this;
    }

    /// <summary>
    /// A table; <paramref name="widths"/> are shares of the page width, <paramref name="align"/> sets each column (left by
    /// default) and <paramref name="fill"/> may give a body cell a background (a grade's colour; the text turns white on a
    /// dark one). Rows that do not fit go to the next page under a repeated header.
    /// </summary>
    public PdfBuilder Table(IReadOnlyList<string> headers, IReadOnlyList<float> widths, IEnumerable<IReadOnlyList<string>> rows, float size = 10,
        IReadOnlyList<PdfAlign>? align = null, Func<IReadOnlyList<string>, int, SKColor?>? fill = null)
    {
        var total = widths.Sum();
        var columns = widths.Select(w => w / total * ContentWidth).ToArray();
        using var font = Font(size);
        var line = size * 1.45f;
        const float pad = 4f;

        (List<string>[] Cells, SKColor?[] Fills, float Height) Layout(IReadOnlyList<string> cells, bool header)
        {
            var wrapped = cells.Select((c, i) => Wrap(c, font, columns[i] - (2 * pad))).ToArray();
            var fills = cells.Select((_, i) => header ? HeaderFill : fill?.Invoke(cells, i)).ToArray();
            return (wrapped, fills, (wrapped.Max(w => w.Count) * line) + (2 * pad));
        }

        void Draw((List<string>[] Cells, SKColor?[] Fills, float Height) row)
        {
            var top = _y;
            _pages[^1].Add(canvas =>
            {
                using var f = Font(size);
                using var black = new SKPaint { IsAntialias = true, Color = SKColors.Black };
                using var white = new SKPaint { IsAntialias = true, Color = SKColors.White };
                using var border = new SKPaint { IsStroke = true, StrokeWidth = 0.5f, Color = new SKColor(0x99, 0x99, 0x99) };
                using var background = new SKPaint();
                var x = Margin;
                for (var i = 0; i < columns.Length; i++)
                {
                    var cell = new SKRect(x, top, x + columns[i], top + row.Height);
                    if (row.Fills[i] is { } color)
                    {
                        background.Color = color;
                        canvas.DrawRect(cell, background);
                    }
                    canvas.DrawRect(cell, border);
                    var (textX, textAlign) = (align?.ElementAtOrDefault(i) ?? PdfAlign.Left) switch
                    {
                        PdfAlign.Center => (x + (columns[i] / 2), SKTextAlign.Center),
                        PdfAlign.Right => (x + columns[i] - pad, SKTextAlign.Right),
                        _ => (x + pad, SKTextAlign.Left),
                    };
                    var paint = row.Fills[i] is { } fillColor && IsDark(fillColor) ? white : black;
                    for (var l = 0; l < row.Cells[i].Count; l++)
                    {
                        DrawText(canvas, row.Cells[i][l], textX, top + pad + ((l + 0.8f) * line), textAlign, f, paint);
                    }
                    x += columns[i];
                }
            });
            _y += row.Height;
        }

        var head = Layout(headers, header: true);
        using var body = rows.GetEnumerator();
        var first = body.MoveNext() ? Layout(body.Current, header: false) : default;
        // The header never stands alone at the foot of a page: it keeps its first row.
        Keep(head.Height + first.Height);
        Draw(head);
        if (first.Cells is not null)
        {
            Draw(first);
        }
        while (body.MoveNext())
        {
            var row = Layout(body.Current, header: false);
            if (_y + row.Height > Bottom)
            {
                NewPage();
                Draw(head);
            }
            Draw(row);
        }
        _y += size;
        return this;
    }

    /// <summary>An image (a QR code, a chart) at the given width, keeping its proportions; the builder owns it.</summary>
    public PdfBuilder Image(SKImage image, float width, bool center = false)
    {
        var height = width * image.Height / image.Width;
        Keep(height);
        var (x, y) = (center ? (PageWidth - width) / 2 : Margin, _y);
        _pages[^1].Add(canvas => canvas.DrawImage(image, new SKRect(x, y, x + width, y + height), new SKSamplingOptions(SKFilterMode.Linear)));
        _y += height + 8;
        return this;
    }

    /// <summary>A chart <paramref name="height"/> points tall across the page, drawn as vector paths; never split across pages.</summary>
    public PdfBuilder Chart(PdfChart chart, float height = 230)
    {
        Keep(height);
        var top = _y;
        _pages[^1].Add(canvas => DrawChart(canvas, chart, new SKRect(Margin, top, PageWidth - Margin, top + height)));
        _y += height + 12;
        return this;
    }

    /// <summary>
    /// A QR code drawn as vector squares, so it stays sharp at any zoom and print resolution, with its caption lines
    /// under it; never split across pages.
    /// </summary>
    public PdfBuilder Qr(string payload, float size, string? caption = null, PdfAlign align = PdfAlign.Left)
    {
        var qr = QrLayout.Of(new PdfQr(payload, size, caption), this);
        Keep(qr.Height);
        var x = align switch
        {
            PdfAlign.Center => (PageWidth - size) / 2,
            PdfAlign.Right => PageWidth - Margin - size,
            _ => Margin,
        };
        var y = _y;
        _pages[^1].Add(canvas => qr.Draw(canvas, x, y, align));
        _y += qr.Height + 8;
        return this;
    }

    /// <summary>
    /// The closing block of a notice or certificate (落款): <paramref name="lines"/> (issuer, date) centred on one another
    /// and set to the right, facing the middle of an optional QR code on the left, with an optional red seal ring naming
    /// <paramref name="seal"/> over the last line, as a stamp covers the date. The block is kept whole and, when
    /// <paramref name="atFoot"/>, sits at the foot of the page.
    /// </summary>
    public PdfBuilder Signature(IReadOnlyList<string> lines, PdfQr? qr = null, string? seal = null, float size = 12, bool atFoot = true)
    {
        const float sealRadius = 44;
        var line = size * 1.6f;
        var qrLayout = qr is null ? null : QrLayout.Of(qr, this);
        // Offsets from the top of the block; the seal may reach above the lines, so everything moves down by that much.
        var middle = Math.Max(qr?.Size ?? 0, lines.Count * line) / 2;
        var qrTop = middle - ((qr?.Size ?? 0) / 2);
        var first = middle - (lines.Count * line / 2);
        var sealCentre = first + ((Math.Max(lines.Count, 1) - 0.5f) * line);
        var shift = seal is null ? 0 : Math.Max(0, sealRadius - sealCentre);
        var height = shift + Math.Max(Math.Max(qrTop + (qrLayout?.Height ?? 0), first + (lines.Count * line)), seal is null ? 0 : sealCentre + sealRadius);
        Keep(height);
        if (atFoot)
        {
            _y = Math.Max(_y, Bottom - height);
        }
        var top = _y + shift;
        float widest;
        using (var font = Font(size))
        {
            widest = lines.Count == 0 ? 0 : lines.Max(l => font.MeasureText(l));
        }
        // Two characters in from the right margin, as official documents set the issuer.
        var axis = PageWidth - Margin - (2 * size) - (widest / 2);
        _pages[^1].Add(canvas =>
        {
            qrLayout?.Draw(canvas, Margin, top + qrTop, PdfAlign.Left);
            // Under the text, so the issuer and date stay legible through the seal.
            if (seal is not null)
            {
                DrawSeal(canvas, seal, axis, top + sealCentre, sealRadius);
            }
            using var f = Font(size);
            using var paint = new SKPaint { IsAntialias = true, Color = SKColors.Black };
            for (var i = 0; i < lines.Count; i++)
            {
                DrawText(canvas, lines[i], axis, top + first + (i * line) + (size * 1.15f), SKTextAlign.Center, f, paint);
            }
        });
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
                if (_frame is { } frame)
                {
                    using var outer = new SKPaint { IsStroke = true, StrokeWidth = 2.2f, Color = frame };
                    using var inner = new SKPaint { IsStroke = true, StrokeWidth = 0.6f, Color = frame };
                    canvas.DrawRect(SKRect.Create(16, 16, PageWidth - 32, PageHeight - 32), outer);
                    canvas.DrawRect(SKRect.Create(21, 21, PageWidth - 42, PageHeight - 42), inner);
                }
                if (_header is not null && !_covers.Contains(i))
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

    private PdfBuilder Text(string text, float size, bool bold, float spaceAfter, PdfAlign align, float keepAfter = 0)
    {
        using var font = Font(size, bold);
        var line = size * 1.5f;
        var (x, textAlign) = align switch
        {
            PdfAlign.Center => (PageWidth / 2, SKTextAlign.Center),
            PdfAlign.Right => (PageWidth - Margin, SKTextAlign.Right),
            _ => (Margin, SKTextAlign.Left),
        };
        foreach (var paragraph in text.Split('\n'))
        {
            foreach (var part in Wrap(paragraph, font, ContentWidth))
            {
                Keep(line + keepAfter);
                keepAfter = 0;
                var baseline = _y + (size * 1.1f);
                _pages[^1].Add(canvas =>
                {
                    using var f = Font(size, bold);
                    using var paint = new SKPaint { IsAntialias = true, Color = SKColors.Black };
                    DrawText(canvas, part, x, baseline, textAlign, f, paint);
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

    /// <summary>Starts a new page unless <paramref name="height"/> more points fit on this one.</summary>
    private void Keep(float height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    /// <summary>
    /// Title, legend, value axis with rounded ticks and grid lines, then bars or lines; category labels turn 45° (or 90°
    /// when there are many) when they do not fit under their slot.
    /// </summary>
    private void DrawChart(SKCanvas canvas, PdfChart chart, SKRect area)
    {
        const float size = 8.5f;
        var axisGrey = new SKColor(0x66, 0x66, 0x66);
        using var font = Font(size);
        using var small = Font(7.5f);
        using var titleFont = Font(11, bold: true);
        using var black = new SKPaint { IsAntialias = true, Color = SKColors.Black };
        using var grey = new SKPaint { IsAntialias = true, Color = axisGrey };
        using var gridLine = new SKPaint { IsStroke = true, StrokeWidth = 0.4f, Color = new SKColor(0xDD, 0xDD, 0xDD) };
        using var axis = new SKPaint { IsStroke = true, StrokeWidth = 0.8f, Color = axisGrey };
        using var swatch = new SKPaint { IsAntialias = true };

        var y = area.Top + 12;
        DrawText(canvas, chart.Title, area.MidX, y, SKTextAlign.Center, titleFont, black);

        // Legend: one row of swatches and names, centred under the title.
        var legend = chart.Legend ?? chart.Series.Select(s => new PdfLegendEntry(s.Name, s.Color)).ToList();
        y += 16;
        var legendWidth = legend.Sum(e => 12 + font.MeasureText(e.Name) + 14) - 14;
        var lx = area.MidX - (legendWidth / 2);
        foreach (var entry in legend)
        {
            swatch.Color = entry.Color;
            canvas.DrawRect(SKRect.Create(lx, y - 7, 8, 8), swatch);
            DrawText(canvas, entry.Name, lx + 12, y, SKTextAlign.Left, font, black);
            lx += 12 + font.MeasureText(entry.Name) + 14;
        }

        // Value axis: 0 up to a round top in about five steps.
        var largest = chart.Series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max();
        var step = NiceStep((chart.Max ?? Math.Max(largest, 1)) / 5);
        var max = chart.Max ?? Math.Max(step, Math.Ceiling(largest / step) * step);
        var ticks = Enumerable.Range(0, (int)Math.Round(max / step) + 1).Select(i => i * step).ToList();
        var tickFormat = step >= 1 ? "0" : "0.##";
        var tickWidth = ticks.Max(t => font.MeasureText(t.ToString(tickFormat, CultureInfo.InvariantCulture)));
        var plotTop = y + (chart.ValueAxis is null ? 14 : 24);
        var left = area.Left + tickWidth + 8;
        var width = area.Right - left;
        var count = Math.Max(chart.Categories.Count, 1);
        var slot = width / count;
        var widest = chart.Categories.Select(c => font.MeasureText(c)).DefaultIfEmpty(0).Max();
        // Labels wider than their slot turn 45°; where even turned lines would touch, they stand upright.
        var turn = widest <= slot - 2 ? 0 : slot * 0.7f < size * 1.3f ? 90 : 45;
        var labelsHeight = turn switch
        {
            0 => size * 1.8f,
            45 => (widest * 0.72f) + size + 4,
            _ => widest + 8,
        };
        var bottom = area.Bottom - labelsHeight - (chart.CategoryAxis is null ? 0 : size * 1.8f);
        float Y(double value) => bottom - (float)(Math.Min(value, max) / max * (bottom - plotTop));

        if (chart.ValueAxis is not null)
        {
            DrawText(canvas, chart.ValueAxis, area.Left, plotTop - 9, SKTextAlign.Left, font, grey);
        }
        foreach (var tick in ticks)
        {
            canvas.DrawLine(left, Y(tick), area.Right, Y(tick), gridLine);
            DrawText(canvas, tick.ToString(tickFormat, CultureInfo.InvariantCulture), left - 4, Y(tick) + (size * 0.35f), SKTextAlign.Right, font, grey);
        }

        if (chart.Kind == PdfChartKind.Bar)
        {
            var group = slot * 0.72f;
            var bar = group / Math.Max(chart.Series.Count, 1);
            for (var s = 0; s < chart.Series.Count; s++)
            {
                var series = chart.Series[s];
                for (var i = 0; i < series.Values.Count && i < count; i++)
                {
                    swatch.Color = series.PointColors?.ElementAtOrDefault(i) ?? series.Color;
                    var x = left + (i * slot) + ((slot - group) / 2) + (s * bar);
                    canvas.DrawRect(new SKRect(x, Y(series.Values[i]), x + bar - (chart.Series.Count > 1 ? 0.5f : 0), bottom), swatch);
                    var label = series.Values[i].ToString(chart.ValueFormat, CultureInfo.InvariantCulture);
                    if (chart.Series.Count == 1 && small.MeasureText(label) + 3 <= slot)
                    {
                        DrawText(canvas, label, x + (bar / 2), Y(series.Values[i]) - 2.5f, SKTextAlign.Center, small, black);
                    }
                }
            }
        }
        else
        {
            using var stroke = new SKPaint { IsAntialias = true, IsStroke = true, StrokeWidth = 1.6f, StrokeJoin = SKStrokeJoin.Round };
            foreach (var series in chart.Series)
            {
                var points = series.Values.Take(count).Select((v, i) => new SKPoint(left + ((i + 0.5f) * slot), Y(v))).ToArray();
                stroke.Color = series.Color;
                swatch.Color = series.Color;
                if (points.Length > 1)
                {
                    canvas.DrawPoints(SKPointMode.Polygon, points, stroke);
                }
                foreach (var point in points)
                {
                    canvas.DrawCircle(point, 2.4f, swatch);
                }
            }
        }

        canvas.DrawLine(left, plotTop, left, bottom, axis);
        canvas.DrawLine(left, bottom, area.Right, bottom, axis);
        for (var i = 0; i < chart.Categories.Count; i++)
        {
            var centre = left + ((i + 0.5f) * slot);
            if (turn > 0)
            {
                // Turned anticlockwise, ending under its slot, so long names read upwards to it.
                canvas.Save();
                canvas.Translate(centre + (size * 0.35f), bottom + 5);
                canvas.RotateDegrees(-turn);
                DrawText(canvas, chart.Categories[i], 0, size * 0.35f, SKTextAlign.Right, font, black);
                canvas.Restore();
            }
            else
            {
                DrawText(canvas, chart.Categories[i], centre, bottom + (size * 1.4f), SKTextAlign.Center, font, black);
            }
        }
        if (chart.CategoryAxis is not null)
        {
            DrawText(canvas, chart.CategoryAxis, left + (width / 2), area.Bottom - 2, SKTextAlign.Center, font, grey);
        }
    }

    /// <summary>1, 2 or 5 times a power of ten: the smallest such step not below <paramref name="raw"/>.</summary>
    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(Math.Max(raw, 1e-9))));
        var residual = raw / magnitude;
        return magnitude * (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10);
    }

    /// <summary>
    /// A red seal ring (公章 style): the name along the upper arc, upright towards the centre, and a star in the middle.
    /// </summary>
    private void DrawSeal(SKCanvas canvas, string name, float cx, float cy, float radius)
    {
        var red = new SKColor(0xD0, 0x14, 0x1E, 0xD0);
        using var ring = new SKPaint { IsAntialias = true, IsStroke = true, StrokeWidth = 2.6f, Color = red };
        using var fill = new SKPaint { IsAntialias = true, Color = red };
        canvas.DrawCircle(cx, cy, radius, ring);

        // Shrink the type until the name fits in 250° of arc.
        const double maxSweep = 250 * Math.PI / 180;
        var size = 11f;
        float TextRadius() => radius - 4 - (size * 0.6f);
        while (size > 6 && name.Length * size * 1.08 / TextRadius() > maxSweep)
        {
            size -= 0.5f;
        }
        var sweep = name.Length * size * 1.08 / TextRadius();
        using var font = Font(size, bold: true);
        for (var i = 0; i < name.Length; i++)
        {
            var angle = (-Math.PI / 2) - (sweep / 2) + (sweep * (i + 0.5) / name.Length);
            canvas.Save();
            canvas.Translate(cx + (TextRadius() * (float)Math.Cos(angle)), cy + (TextRadius() * (float)Math.Sin(angle)));
            canvas.RotateDegrees((float)(angle * 180 / Math.PI) + 90);
            DrawText(canvas, name[i].ToString(), 0, size * 0.38f, SKTextAlign.Center, font, fill);
            canvas.Restore();
        }

        var outer = radius * 0.3f;
        var points = Enumerable.Range(0, 10).Select(i =>
        {
            var r = i % 2 == 0 ? outer : outer * 0.382f;
            var a = (-Math.PI / 2) + (i * Math.PI / 5);
            return new SKPoint(cx + (r * (float)Math.Cos(a)), cy + (r * (float)Math.Sin(a)));
        }).ToArray();
        using var builder = new SKPathBuilder();
        builder.AddPoly(points, close: true);
        using var star = builder.Detach();
        canvas.DrawPath(star, fill);
    }

    /// <summary>A QR code encoded once at layout time, with its caption lines wrapped, ready to draw anywhere.</summary>
    private sealed class QrLayout
    {
        private const float CaptionSize = 9;
        private const float CaptionLine = CaptionSize * 1.5f;

        private readonly PdfBuilder _builder;
        private readonly PdfQr _qr;
        private readonly bool[][] _modules;
        private readonly List<string> _caption;

        private QrLayout(PdfBuilder builder, PdfQr qr, bool[][] modules, List<string> caption)
        {
            (_builder, _qr, _modules, _caption) = (builder, qr, modules, caption);
        }

        /// <summary>The square and its caption, with a small gap between.</summary>
        public float Height => _qr.Size + (_caption.Count == 0 ? 0 : 2 + (_caption.Count * CaptionLine));

        public static QrLayout Of(PdfQr qr, PdfBuilder builder)
        {
            // ECC level M (15 % of the code may be lost) suits printed paper; QRCoder's matrix includes the 4-module quiet zone.
            using var data = QRCodeGenerator.GenerateQrCode(qr.Payload, QRCodeGenerator.ECCLevel.M);
            var modules = data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();
            using var font = builder.Font(CaptionSize);
            var caption = qr.Caption is null ? [] : qr.Caption.Split('\n').SelectMany(l => Wrap(l, font, ContentWidth)).ToList();
            return new QrLayout(builder, qr, modules, caption);
        }

        /// <summary>
        /// Draws the square at (x, y). A caption line narrower than the square is centred under it; a wider one starts
        /// at the square's edge on the side it is aligned to, and stays inside the margins.
        /// </summary>
        public void Draw(SKCanvas canvas, float x, float y, PdfAlign align)
        {
            var size = _qr.Size;
            var module = size / _modules.Length;
            using var white = new SKPaint { Color = SKColors.White };
            using var black = new SKPaint { Color = SKColors.Black };
            canvas.DrawRect(SKRect.Create(x, y, size, size), white);
            // One path of horizontal runs: fewer PDF operators than a square per module, and no seams between squares.
            using var runs = new SKPathBuilder();
            for (var row = 0; row < _modules.Length; row++)
            {
                var cells = _modules[row];
                for (var start = 0; start < cells.Length; start++)
                {
                    if (!cells[start])
                    {
                        continue;
                    }
                    var end = start;
                    while (end + 1 < cells.Length && cells[end + 1])
                    {
                        end++;
                    }
                    runs.AddRect(SKRect.Create(x + (start * module), y + (row * module), (end - start + 1) * module, module), SKPathDirection.Clockwise);
                    start = end;
                }
            }
            using var path = runs.Detach();
            canvas.DrawPath(path, black);

            using var font = _builder.Font(CaptionSize);
            using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(0x33, 0x33, 0x33) };
            for (var i = 0; i < _caption.Count; i++)
            {
                var width = font.MeasureText(_caption[i]);
                var left = width <= size ? x + ((size - width) / 2) : align switch
                {
                    PdfAlign.Left => x,
                    PdfAlign.Right => x + size - width,
                    _ => x + ((size - width) / 2),
                };
                left = Math.Clamp(left, Margin, Math.Max(Margin, PageWidth - Margin - width));
                var baseline = y + size + 2 + (i * CaptionLine) + (CaptionSize * 1.1f);
                _builder.DrawText(canvas, _caption[i], left, baseline, SKTextAlign.Left, font, paint);
            }
        }
    }

    /// <summary>
    /// Lines no wider than <paramref name="width"/>. Chinese may break between any two characters and other text at a
    /// space, except where GB/T 15834's line-breaking rules (kinsoku) forbid it: closing punctuation (。，、；：！？）》」』…)
    /// never starts a line and opening punctuation (（《「『…) never ends one, so the character before is pushed down with
    /// it; where nothing can be pushed down (a cell one character wide) the closing mark hangs past the edge instead.
    /// </summary>
    internal static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var fit = start + 1;
            while (fit < text.Length && font.MeasureText(text.AsSpan(start, fit - start + 1)) <= width)
            {
                fit++;
            }
            var end = fit;
            if (fit < text.Length)
            {
                while (end > start && !CanBreakBefore(text, end))
                {
                    end--;
                }
                if (end == start)
                {
                    // Nothing to push down: a closing mark hangs on this line rather than open the next one.
                    end = NoLineStart.Contains(text[fit], StringComparison.Ordinal) ? fit + 1 : fit;
                }
            }
            lines.Add(text[start..end].TrimEnd());
            start = end;
            while (start < text.Length && text[start] == ' ')
            {
                start++;
            }
        }
        return lines.Count == 0 ? [""] : lines;
    }

    /// <summary>GB/T 15834 marks that may not start a line (closing marks, 。，、…, dashes, ellipses) and the ASCII ones used beside numbers.</summary>
    internal const string NoLineStart = "。，、；：！？）》」』】〕〉］｝．”’…—～·%‰,.;:!?)]}";

    /// <summary>GB/T 15834 marks that may not end a line: opening brackets, book-title marks and quotes.</summary>
    internal const string NoLineEnd = "（《「『【〔〈［｛“‘([{";

    /// <summary>
    /// Whether a line may end before <paramref name="i"/>: not before a closing mark, not after an opening one, and not
    /// inside a Latin word or number ("47,199", "95.4%") — those break at spaces or next to Chinese.
    /// </summary>
    private static bool CanBreakBefore(string text, int i)
    {
        var (before, after) = (text[i - 1], text[i]);
        if (NoLineStart.Contains(after, StringComparison.Ordinal) || NoLineEnd.Contains(before, StringComparison.Ordinal))
        {
            return false;
        }
        return before == ' ' || IsChinese(before) || IsChinese(after);
    }

    /// <summary>Chinese characters and the punctuation set with them, quotes, dashes and ellipses included (they sit below U+2E80).</summary>
    private static bool IsChinese(char c) => c >= 0x2E80 || c is '“' or '”' or '‘' or '’' or '…' or '—' or '·';

    private static readonly SKColor HeaderFill = new(0xE8, 0xEE, 0xF7);

    /// <summary>Whether white text reads better than black on <paramref name="color"/> (relative luminance, sRGB weights).</summary>
    internal static bool IsDark(SKColor color) => (0.2126 * color.Red) + (0.7152 * color.Green) + (0.0722 * color.Blue) < 150;
}
