using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

namespace Panlong.Testing;

/// <summary>
/// What a phone's authenticator app computes (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), written apart from the
/// portal so that a test proves the portal and an app agree. <paramref name="step"/> moves by whole steps: the portal
/// takes each code once, so a test that signs in twice uses a neighbouring step the second time.
/// </summary>
public static class TestTotp
{
    public static string Code(string base32Key, int step = 0, DateTimeOffset? at = null)
    {
        var counter = ((at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30) + step;
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 as the apps compute it is HMAC-SHA1; HMAC keeps SHA-1 sound here.
        var hash = HMACSHA1.HashData(FromBase32(base32Key), message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7fffffff) % 1_000_000;
        return value.ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            buffer = ((buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal)) & 0xffff;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
