using Microsoft.Extensions.Configuration;

namespace Panlong.Data;

/// <summary>
/// Folders and files named by settings. A relative path resolves under the portal's own folder (its content root), not the
/// working directory, so a service started from elsewhere finds its data (README, docs/operations.md).
/// </summary>
public static class SettingPaths
{
    /// <summary>The key folder: Data Protection's cookie keys when kept in files, and the personal-data key file.</summary>
    public const string KeysSetting = "DataProtection:KeysPath";

    /// <summary>The full path of the setting <paramref name="key"/>, or of <paramref name="fallback"/> when it is not set.</summary>
    public static string Resolve(IConfiguration configuration, string contentRoot, string key, string fallback) =>
        Path.GetFullPath(Path.Combine(contentRoot, configuration[key] ?? fallback));

    /// <summary>The key folder (<see cref="KeysSetting"/>, data/keys by default).</summary>
    public static string Keys(IConfiguration configuration, string contentRoot) => Resolve(configuration, contentRoot, KeysSetting, "data/keys");
}
