using System.Text.RegularExpressions;
using Panlong.Portal.Features.Identity.TwoFactor;
using ZXing;
using ZXing.Common;

namespace Panlong.Portal.Tests.Features.Identity.TwoFactor;

public sealed partial class AuthenticatorKeyTests
{
    private const string Key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Fact]
    public void QrCode_ReadByAScanner_GivesTheSetupUri()
    {
        var uri = AuthenticatorKey.Uri("auditadmin", Key);

        var read = Scan(AuthenticatorKey.QrSvg(uri));

        Assert.Equal(uri, read);
    }

    [Fact]
    public void SetupUri_NamesTheAccountTheIssuerAndTheKey()
    {
        var uri = new Uri(AuthenticatorKey.Uri("leader.tuodong", Key));

        Assert.Equal("otpauth", uri.Scheme);
        Assert.Equal("totp", uri.Host);
        Assert.Equal("/数字盘龙:leader.tuodong", Uri.UnescapeDataString(uri.AbsolutePath));
        Assert.Contains($"secret={Key}", uri.Query, StringComparison.Ordinal);
        Assert.Contains("digits=6", uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_IsShownInGroupsOfFour() => Assert.Equal("jbsw y3dp ehpk 3pxp jb", AuthenticatorKey.Grouped("JBSWY3DPEHPK3PXPJB"));

    /// <summary>The SVG's runs drawn at four pixels a module on white, then read as a phone's camera app would.</summary>
    private static string? Scan(string svg)
    {
        const int scale = 4;
        var size = Number(ViewBox().Match(svg).Groups[1]);
        var pixels = Enumerable.Repeat((byte)255, size * scale * size * scale).ToArray();
        foreach (Match run in Run().Matches(svg))
        {
            var (x, y, width) = (Number(run.Groups[1]), Number(run.Groups[2]), Number(run.Groups[3]));
            for (var py = y * scale; py < (y + 1) * scale; py++)
            {
                Array.Fill(pixels, (byte)0, (py * size * scale) + (x * scale), width * scale);
            }
        }
        var reader = new BarcodeReaderGeneric { Options = new DecodingOptions { PossibleFormats = [BarcodeFormat.QR_CODE] } };
        return reader.Decode(new RGBLuminanceSource(pixels, size * scale, size * scale, RGBLuminanceSource.BitmapFormat.Gray8))?.Text;
    }

    private static int Number(Group group) => int.Parse(group.Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex("viewBox=\"0 0 (\\d+) \\d+\"")]
    private static partial Regex ViewBox();

    [GeneratedRegex("M(\\d+) (\\d+)h(\\d+)")]
    private static partial Regex Run();
}
