using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Panlong.Data.Providers;

namespace Panlong.Data.Registry;

/// <summary>
/// Encryption at rest for ID numbers and phones (AES-256-GCM, a fresh nonce per value) and a keyed hash
/// (HMAC-SHA256) of the normalized value for exact search and uniqueness. Both keys are derived from one
/// master key (<c>Privacy:Key</c>, 32 bytes, Base64) with HKDF, so the hash cannot be recomputed without it.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string KeySetting = "Privacy:Key";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(byte[] masterKey)
    {
        if (masterKey.Length != 32)
        {
            throw new ArgumentException("The privacy master key must be 32 bytes.", nameof(masterKey));
        }
        _encryptionKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "panlong/personal-data/encrypt"u8.ToArray());
        _hashKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, info: "panlong/personal-data/search"u8.ToArray());
    }

    public string Encrypt(string plain)
    {
        var data = Encoding.UTF8.GetBytes(plain);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize));
        return Convert.ToBase64String(output);
    }

    public string Decrypt(string cipher)
    {
        var input = Convert.FromBase64String(cipher);
        var plain = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The search key of an already normalized value (upper-case ID, digits-only phone).</summary>
    public string Hash(string normalized) => Convert.ToHexString(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(normalized)));

    /// <summary>
    /// The key from <c>Privacy:Key</c>; in Development (and tests) without one, a key generated once into
    /// <c>data/keys/privacy.key</c>. Production without a key does not start: losing it loses the data.
    /// </summary>
    public static PersonalDataProtector FromConfiguration(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[KeySetting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                return new PersonalDataProtector(Convert.FromBase64String(configured));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new StartupConfigurationException($"配置项 {KeySetting} 必须是 32 字节密钥的 Base64 编码。 ({KeySetting} must be a Base64-encoded 32-byte key.)", ex);
            }
        }
        if (!environment.IsDevelopment() && !configuration.GetValue("Seed:DemoData", false))
        {
            throw new StartupConfigurationException($"未设置配置项 {KeySetting}（身份证号、电话的加密密钥，32 字节 Base64）。 ({KeySetting} is not set: a Base64 32-byte key that encrypts personal data.)");
        }
        var file = Path.Combine(SettingPaths.Keys(configuration, environment.ContentRootPath), "privacy.key");
        if (!File.Exists(file))
        {
            CreateKeyFile(file);
        }
        return new PersonalDataProtector(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    /// <summary>
    /// Nodes started together on one folder race to create the key. The one holding the lock file writes a whole key to
    /// a draft and renames it into place, so a node reading without the lock sees no key or a complete one, and every
    /// node ends up with the first key written.
    /// </summary>
    private static void CreateKeyFile(string file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        using var exclusive = LockFile($"{file}.lock");
        if (File.Exists(file))
        {
            return;
        }
        var draft = $"{file}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(draft, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        File.Move(draft, file);
    }

    private static FileStream LockFile(string path)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(20);
            }
        }
    }
}
