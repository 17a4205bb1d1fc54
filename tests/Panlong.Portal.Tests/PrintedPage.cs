using System.Diagnostics;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Panlong.Portal.Tests;

/// <summary>A PDF page as a printer or a phone camera sees it: rasterised by poppler's pdftoppm, read by ZXing or sampled for colour.</summary>
internal static class PrintedPage
{
    public const int Dpi = 150;

    /// <summary>The QR code on <paramref name="page"/> (1-based), rendered at <see cref="Dpi"/>; fails when there is none.</summary>
    public static Result Qr(byte[] pdf, int page)
    {
        using var rgba = Bitmap(pdf, page);
        // A phone's reader turns the picture when a first look fails; ZXing's detector misses about one code in forty upright (a payload's
        // pattern can look like a fourth finder), and finds every one of those turned a quarter.
        var reader = new BarcodeReaderGeneric { AutoRotate = true, Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        var result = reader.Decode(new RGBLuminanceSource(rgba.Bytes, rgba.Width, rgba.Height, RGBLuminanceSource.BitmapFormat.RGBA32));
        Assert.True(result is not null, $"no QR code found on page {page}");
        return result;
    }

    /// <summary>The colour printed at (<paramref name="x"/>, <paramref name="y"/>) points, measured as PdfPig does: up from the bottom left.</summary>
    public static SKColor ColorAt(byte[] pdf, int page, double x, double y)
    {
        using var bitmap = Bitmap(pdf, page);
        var scale = Dpi / 72.0;
        return bitmap.GetPixel((int)Math.Round(x * scale), bitmap.Height - 1 - (int)Math.Round(y * scale));
    }

    /// <summary><paramref name="page"/> (1-based) rasterised at <see cref="Dpi"/> as RGBA.</summary>
    public static SKBitmap Bitmap(byte[] pdf, int page)
    {
        var folder = Directory.CreateTempSubdirectory("panlong-qr-");
        try
        {
            var file = Path.Combine(folder.FullName, "document.pdf");
            File.WriteAllBytes(file, pdf);
            var png = Path.Combine(folder.FullName, "page");
            Process pdftoppm;
            try
            {
                pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", $"{Dpi}", "-png", "-f", $"{page}", "-l", $"{page}", "-singlefile", file, png])
                {
                    RedirectStandardError = true,
                })!;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                Assert.Fail("pdftoppm is missing: install Debian's poppler-utils (apt-get install poppler-utils); test.sh does this on a fresh machine.");
                throw;
            }
            using (pdftoppm)
            {
                var errors = pdftoppm.StandardError.ReadToEnd();
                pdftoppm.WaitForExit();
                Assert.True(pdftoppm.ExitCode == 0, $"pdftoppm failed: {errors}");
            }
            using var decoded = SKBitmap.Decode(png + ".png");
            return decoded.Copy(SKColorType.Rgba8888);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
