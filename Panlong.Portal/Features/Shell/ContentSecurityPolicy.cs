using System.Buffers.Text;
using System.Security.Cryptography;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The Content-Security-Policy of every HTML page (issue 15, docs/decisions/0024-browser-and-proxy-hardening.md): scripts
/// only from our own origin, plus the one inline script Blazor writes (the import map), which carries this request's
/// nonce. An injected <c>&lt;script&gt;</c> or <c>onerror=</c> does not run even if an escape is missed somewhere.
/// Inline styles stay allowed: MudBlazor, Leaflet and Mermaid set style attributes and write &lt;style&gt; elements.
/// </summary>
public static class ContentSecurityPolicy
{
    private const string NonceKey = "Panlong.CspNonce";

    /// <summary>This request's nonce for an inline &lt;script&gt;; made on first use, so answers other than HTML pay nothing.</summary>
    public static string Nonce(HttpContext http)
    {
        if (http.Items[NonceKey] is not string nonce)
        {
            // Base64url: CSP allows '-' and '_', and the HTML encoder leaves them alone (it writes '+' as &#x2B;).
            nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceKey] = nonce;
        }
        return nonce;
    }

    /// <summary>Only HTML runs scripts; a PDF or an image with this header would only upset the browser's viewer.</summary>
    public static bool Applies(HttpResponse response) =>
        response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="cameraSources">The camera hosts (<c>Cameras:AllowedHosts</c>): hls.js fetches playlists and segments from them and
    /// plays them through a <c>blob:</c> media source; a browser playing HLS itself loads the media from them (docs/decisions/0072-cameras.md).</param>
    public static string For(HttpContext http, string? tileSource, string? cameraSources = null)
    {
        // The page and the header share one nonce whichever asks first: a page still rendering after the headers went gets the same.
        var nonce = Nonce(http);
        // Blazor's circuit is a WebSocket to this host; 'self' covers ws/wss in CSP 3 browsers, the host itself the rest.
        var socket = $"{(http.Request.IsHttps ? "wss" : "ws")}://{http.Request.Host}";
        return $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{tileSource}; "
            + $"media-src 'self' blob:{cameraSources}; font-src 'self' data:; connect-src 'self' {socket}{cameraSources}; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'";
    }

    /// <summary>
    /// The origin of <c>Maps:TileUrl</c> as a CSP source (with a leading space), or empty. A <c>{s}</c> subdomain placeholder
    /// (<c>https://t{s}.tianditu.gov.cn/…</c>) becomes the wildcard <c>https://*.tianditu.gov.cn</c>.
    /// </summary>
    public static string TileSource(string? tileUrl)
    {
        var scheme = tileUrl?.IndexOf("://", StringComparison.Ordinal) ?? -1;
        if (scheme <= 0)
        {
            return "";
        }
        var hostStart = scheme + 3;
        var hostEnd = tileUrl!.IndexOfAny(['/', '?'], hostStart) is var end and >= 0 ? end : tileUrl.Length;
        var host = tileUrl[hostStart..hostEnd];
        if (host.Contains('{', StringComparison.Ordinal))
        {
            var firstDot = host.IndexOf('.', StringComparison.Ordinal);
            host = firstDot > 0 && !host[firstDot..].Contains('{', StringComparison.Ordinal) ? "*" + host[firstDot..] : "";
        }
        return host.Length == 0 ? $" {tileUrl[..scheme]}:" : $" {tileUrl[..scheme]}://{host}";
    }
}
