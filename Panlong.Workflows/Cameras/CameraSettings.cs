using Microsoft.Extensions.Configuration;
using Panlong.Data.Identity;

namespace Panlong.Workflows.Cameras;

/// <summary>The cameras' settings (<c>Cameras:…</c>) and who does what with them, docs/decisions/0072-cameras.md.</summary>
public sealed class CameraSettings(IConfiguration configuration)
{
    /// <summary>
    /// Who keeps the registry: the system administrator, as for the org tree and the case categories — a camera is equipment
    /// placed on the map, and its stream is watched by others (ADR 30: the administrator reads no business data).
    /// </summary>
    public const string Keepers = Roles.SystemAdmin;

    /// <summary>Who watches the cameras (map layer, live view, video wall): the command center and the leaders, in their scope.</summary>
    public const string Watchers = Roles.CaseBoardViewers;

    /// <summary>
    /// The hosts a stream may come from (<c>Cameras:AllowedHosts</c>, an array or a comma list): a name matches on any port,
    /// <c>name:port</c> on that port only. Empty: no stream address is accepted.
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; } = Read(configuration.GetSection("Cameras:AllowedHosts"));

    private static string[] Read(IConfigurationSection section)
    {
        var entries = section.Value is { Length: > 0 } list ? list.Split(',') : section.GetChildren().Select(c => c.Value ?? "");
        return [.. entries.Select(e => e.Trim().ToLowerInvariant()).Where(e => e.Length > 0).Distinct()];
    }
}
