using System.Diagnostics;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Panlong.Portal.Tests;

/// <summary>A PDF page as a printer or a phone camera sees it: rasterised by poppler's pdftoppm, read by ZXing.</summary>
internal static class PrintedPage
{
    public const int Dpi = 150;

    /// <summary>The QR code on <paramref name="page"/> (1-based), rendered at <see cref="Dpi"/>; fails when there is none.</summary>
    public static Result Qr(byte[] pdf, int page)
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
            using var rgba = decoded.Copy(SKColorType.Rgba8888);
            var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
            var result = reader.Decode(new RGBLuminanceSource(rgba.Bytes, rgba.Width, rgba.Height, RGBLuminanceSource.BitmapFormat.RGBA32));
            Assert.True(result is not null, $"no QR code found on page {page}");
            return result;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
