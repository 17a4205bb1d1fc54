using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Panlong.Portal.Features.Webhooks;

/// <summary>
/// How a delivery is signed and how a receiver checks it (docs/webhooks.md): <c>v1=</c> and the hex HMAC-SHA256, keyed by the
/// subscription's secret, of <c>{timestamp}.{body}</c>; a timestamp (Unix seconds) outside the replay window is refused,
/// so a captured request cannot be sent again later.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-Panlong-Timestamp";
    public const string SignatureHeader = "X-Panlong-Signature";
    public const string EventIdHeader = "X-Panlong-Event-Id";
    public const string EventTypeHeader = "X-Panlong-Event";
    public const string Scheme = "v1=";

    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, long timestamp, string body) =>
        Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));

    /// <summary>The receiver's check: a well-formed timestamp within <see cref="ReplayWindow"/> of <paramref name="now"/> and the signature, compared in constant time.</summary>
    public static bool Verify(string secret, string? timestamp, string? signature, string body, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null)
        {
            return false;
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > ReplayWindow.TotalSeconds)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.Trim()), Encoding.ASCII.GetBytes(Sign(secret, seconds, body)));
    }
}
