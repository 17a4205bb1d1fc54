using System.Globalization;
using System.Text;
using QRCoder;

namespace Panlong.Portal.Features.Identity.TwoFactor;

/// <summary>How an authenticator key is shown: in groups to type, and as an otpauth:// URI in a QR code to scan.</summary>
public static class AuthenticatorKey
{
    /// <summary>The name the authenticator app lists the account under; fixed, not per language, so the entry never changes.</summary>
    public const string Issuer = "数字盘龙";

    public static string Grouped(string key)
    {
        var text = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            text.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return text.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The Key URI Format the authenticator apps read: SHA-1, 6 digits, 30-second steps — what Identity's provider checks.</summary>
    public static string Uri(string userName, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(Issuer)}:{System.Uri.EscapeDataString(userName)}?secret={key}&issuer={System.Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>
    /// The QR code as inline SVG: one path of the dark modules' horizontal runs, with attributes only, so it needs
    /// neither an image request nor inline style under the Content-Security-Policy.
    /// </summary>
    public static string QrSvg(string payload)
    {
        using var data = QRCodeGenerator.GenerateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        var rows = data.ModuleMatrix;
        var path = new StringBuilder();
        for (var y = 0; y < rows.Count; y++)
        {
            for (var x = 0; x < rows[y].Length; x++)
            {
                var start = x;
                while (x < rows[y].Length && rows[y][x])
                {
                    x++;
                }
                if (x > start)
                {
                    path.Append(CultureInfo.InvariantCulture, $"M{start} {y}h{x - start}v1h-{x - start}z");
                }
            }
        }
        var size = rows.Count;
        return $"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 5}" height="{size * 5}" shape-rendering="crispEdges" role="img" data-testid="authenticator-qr"><rect width="{size}" height="{size}" fill="#fff"/><path d="{path}" fill="#000"/></svg>""";
    }
}
