using System.Net;
using System.Net.Sockets;
using Panlong.Data.Webhooks;

namespace Panlong.Portal.Features.Webhooks;

/// <summary>
/// Where the portal may POST (SSRF): an absolute https URL without credentials, and — unless
/// <see cref="WebhookSettings.AllowPrivateTargets"/> — no loopback, private, link-local or shared address, checked on the
/// URL when subscribing and again on the addresses the name resolves to at each connection (a name may point inside later).
/// </summary>
public sealed class WebhookTargets(WebhookSettings settings)
{
    /// <summary>The string key of why a URL is refused, or null when it may be used.</summary>
    public string? Refusal(string? url)
    {
        url = url?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > WebhookSubscription.UrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("https" or "http") || uri.UserInfo.Length > 0)
        {
            return "Webhooks.Url.Invalid";
        }
        if (uri.Scheme == "http" && !settings.AllowHttp)
        {
            return "Webhooks.Url.Https";
        }
        if (!settings.AllowPrivateTargets && (uri.IsLoopback || uri.DnsSafeHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.DnsSafeHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(uri.DnsSafeHost, out var ip) && !IsPublic(ip))))
        {
            return "Webhooks.Url.Private";
        }
        return null;
    }

    public static bool IsPublic(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        if (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ip.Equals(IPAddress.Broadcast))
        {
            return false;
        }
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var first = ip.GetAddressBytes()[0];
            // fc00::/7 unique local, ff00::/8 multicast.
            return !(ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6Multicast || (first & 0xFE) == 0xFC);
        }
        var b = ip.GetAddressBytes();
        return !(b[0] is 0 or 10 or 127 || b[0] >= 224
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] is >= 64 and <= 127));
    }

    /// <summary>The sender's connection: resolves the name itself and connects only to addresses allowed.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
        var allowed = settings.AllowPrivateTargets ? addresses : addresses.Where(IsPublic).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves to no public address; refused.");
        }
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
