using System.Net;
using System.Security.Cryptography;
using System.Text;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Operations;

/// <summary>
/// Who may read the metrics: a client in one of <c>Telemetry:Prometheus:AllowedNetworks</c> (CIDR), or one that sends
/// <c>Authorization: Bearer {Telemetry:Prometheus:Token}</c>. With neither configured the endpoint does not exist (404):
/// metrics name units and counts, so they are never public (docs/operations.md).
/// </summary>
public sealed class ScrapeAccess
{
    public const string Section = "Telemetry:Prometheus";

    private readonly IReadOnlyList<IPNetwork> _networks;
    private readonly byte[]? _token;

    public ScrapeAccess(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        _networks = [.. section.GetSection("AllowedNetworks").Get<string[]>()?.Where(n => !string.IsNullOrWhiteSpace(n)).Select(Parse) ?? []];
        var token = section["Token"];
        _token = string.IsNullOrWhiteSpace(token) ? null : Encoding.UTF8.GetBytes(token.Trim());
        Path = section["Path"] is { Length: > 0 } path ? path : "/metrics";
    }

    public string Path { get; }

    /// <summary>False when neither a network nor a token is configured: the endpoint is not mapped.</summary>
    public bool Enabled => _networks.Count > 0 || _token is not null;

    public int Check(HttpContext context)
    {
        if (!Enabled)
        {
            return StatusCodes.Status404NotFound;
        }
        if (_token is not null && context.Request.Headers.Authorization.ToString() is { } header
            && header.StartsWith("Bearer ", StringComparison.Ordinal)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header["Bearer ".Length..].Trim()), _token))
        {
            return StatusCodes.Status200OK;
        }
        var address = context.Connection.RemoteIpAddress;
        if (address is not null && _networks.Any(n => n.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address)))
        {
            return StatusCodes.Status200OK;
        }
        // A token would let this client in: say so (401); otherwise its address is simply not allowed (403).
        return _token is not null ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
    }

    private static IPNetwork Parse(string cidr) =>
        IPNetwork.TryParse(cidr.Trim(), out var network) ? network
            : throw new StartupConfigurationException($"{Section}:AllowedNetworks: '{cidr}' is not a network in CIDR form (e.g. 10.0.0.0/8).");
}
