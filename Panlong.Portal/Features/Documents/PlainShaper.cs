using HarfBuzzSharp;
using SkiaSharp;
using SkiaSharp.HarfBuzz;
using Buffer = HarfBuzzSharp.Buffer;
using Font = HarfBuzzSharp.Font;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// HarfBuzz shaping as <see cref="SKShaper"/> does it, with the ligatures off: Noto Sans CJK joins "ff", "fi" and "fl" into
/// one glyph that a PDF's ToUnicode map cannot give back, so a printed verify URL or code copied from the PDF lost those
/// letters and the link broke (issue 16). Nothing the documents print needs a ligature: Chinese has none, and URLs, codes
/// and numbers must copy as typed.
/// </summary>
public sealed class PlainShaper : IDisposable
{
    /// <summary>HarfBuzz's units per em here, as in <see cref="SKShaper"/>: positions come back in 1/512 of the font size.</summary>
    private const int Scale = 512;

    private static readonly Feature[] NoLigatures = [.. new[] { "liga", "clig", "dlig", "hlig" }.Select(tag => new Feature(Tag.Parse(tag), 0))];

    private readonly Font _font;

    public PlainShaper(SKTypeface typeface)
    {
        using var blob = typeface.OpenStream(out var index).ToHarfBuzzBlob();
        using var face = new Face(blob, index) { Index = index, UnitsPerEm = typeface.UnitsPerEm };
        _font = new Font(face);
        _font.SetScale(Scale, Scale);
        _font.SetFunctionsOpenType();
    }

    public SKShaper.Result Shape(Buffer buffer, SKFont font)
    {
        _font.Shape(buffer, NoLigatures);
        var infos = buffer.GlyphInfos;
        var positions = buffer.GlyphPositions;
        var (scaleY, points) = (font.Size / Scale, new SKPoint[infos.Length]);
        var scaleX = scaleY * font.ScaleX;
        var (x, y) = (0f, 0f);
        for (var i = 0; i < infos.Length; i++)
        {
            points[i] = new SKPoint(x + (positions[i].XOffset * scaleX), y - (positions[i].YOffset * scaleY));
            x += positions[i].XAdvance * scaleX;
            y += positions[i].YAdvance * scaleY;
        }
        return new SKShaper.Result([.. infos.Select(g => g.Codepoint)], [.. infos.Select(g => g.Cluster)], points, x);
    }

    public void Dispose() => _font.Dispose();
}
