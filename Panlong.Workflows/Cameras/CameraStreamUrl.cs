namespace Panlong.Workflows.Cameras;

/// <summary>
/// The rule for a camera's stream address (issue 19 "bad input and safety", docs/decisions/0072-cameras.md): absolute
/// http(s), no user name or password in it, a host on <c>Cameras:AllowedHosts</c>, and an HLS playlist (<c>.m3u8</c>). The
/// server never opens the address — the viewer's browser plays it — so the allow-list is what keeps a viewer's browser off
/// internal addresses, and the page's Content-Security-Policy (<see cref="CspSources"/>) lets media come from these hosts only.
/// </summary>
public static class CameraStreamUrl
{
    /// <summary>Null when the address is acceptable, otherwise the resource key of the reason.</summary>
    public static string? Check(string? url, IReadOnlyCollection<string> allowedHosts)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "Cameras.Url.Required";
        }
        if (url.Length > Panlong.Data.Cameras.Camera.UrlLength || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return "Cameras.Url.Invalid";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return "Cameras.Url.Scheme";
        }
        if (uri.UserInfo.Length > 0)
        {
            return "Cameras.Url.Credentials";
        }
        if (!IsAllowed(uri, allowedHosts))
        {
            return "Cameras.Url.Host";
        }
        return uri.AbsolutePath.EndsWith(".m3u8", StringComparison.OrdinalIgnoreCase) ? null : "Cameras.Url.NotHls";
    }

    /// <summary>An entry <c>name</c> allows the host on any port; <c>name:port</c> on that port only. Names compare without case (no IPv6 literals).</summary>
    public static bool IsAllowed(Uri uri, IReadOnlyCollection<string> allowedHosts)
    {
        var host = uri.IdnHost.ToLowerInvariant();
        return allowedHosts.Any(entry => entry == host || entry == $"{host}:{uri.Port}");
    }

    /// <summary>
    /// The allowed hosts as CSP sources for media and fetches (hls.js reads the playlist and segments with fetch), each with a
    /// leading space; a name without a port gets <c>:*</c>, since a CSP source without a port means the scheme's default one.
    /// </summary>
    public static string CspSources(IReadOnlyCollection<string> allowedHosts) =>
        string.Concat(allowedHosts.Select(h => h.Contains(':', StringComparison.Ordinal) ? $" http://{h} https://{h}" : $" http://{h}:* https://{h}:*"));
}
