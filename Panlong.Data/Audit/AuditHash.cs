using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Panlong.Data.Audit;

/// <summary>
/// The chain's hash: SHA-256 over the previous row's hash and a canonical serialization of the row — a JSON array of
/// the fields in a fixed order, nulls kept apart from empty strings, the time as UTC microseconds (PostgreSQL keeps no
/// finer), so the same row read back from any provider hashes the same (docs/decisions/0028-audit-hash-chain.md).
/// </summary>
public static class AuditHash
{
    public const int Length = 64;

    /// <summary>What the first row links to, and the hash of an empty chain.</summary>
    public static readonly string Genesis = new('0', Length);

    public static string Of(string previousHash, AuditEntry entry)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteStringValue(previousHash);
            json.WriteNumberValue(entry.Sequence ?? 0);
            json.WriteNumberValue(entry.At.UtcTicks / TimeSpan.TicksPerMicrosecond);
            foreach (var field in (ReadOnlySpan<string?>)[entry.Action, entry.UserId, entry.UserName, entry.LoginName, entry.Target, entry.Detail, entry.IpAddress])
            {
                if (field is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteStringValue(field);
                }
            }
            json.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }
}
