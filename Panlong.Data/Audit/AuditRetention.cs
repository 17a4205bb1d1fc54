using System.Globalization;
using Microsoft.Extensions.Configuration;
using Panlong.Data.Providers;

namespace Panlong.Data.Audit;

/// <summary>
/// How long audit rows stay in the database before they may be archived (<c>Audit:RetentionMonths</c>) and where the
/// archive files go (<c>Audit:ArchivePath</c>). The Cybersecurity Law (art. 21) and MLPS 2.0 level 3 require network
/// logs to be kept at least six months, so a shorter setting stops start-up.
/// </summary>
public sealed record AuditRetention(int Months, string ArchivePath)
{
    public const string MonthsKey = "Audit:RetentionMonths";
    public const string ArchivePathKey = "Audit:ArchivePath";
    public const int MinimumMonths = 6;

    public static AuditRetention From(IConfiguration configuration, string contentRoot)
    {
        var raw = configuration[MonthsKey];
        var months = MinimumMonths;
        if (!string.IsNullOrWhiteSpace(raw) && (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out months) || months < MinimumMonths))
        {
            throw new StartupConfigurationException(
                $"配置项 {MonthsKey} 的值“{raw}”无效：审计日志至少保留 {MinimumMonths} 个月。 " +
                $"(Setting {MonthsKey} = '{raw}' is not valid: audit rows are kept at least {MinimumMonths} months.)");
        }
        return new AuditRetention(months, SettingPaths.Resolve(configuration, contentRoot, ArchivePathKey, "data/audit-archive"));
    }

    /// <summary>Rows written before this instant may leave the database; none written after it.</summary>
    public DateTimeOffset KeptSince(DateTimeOffset now) => now.AddMonths(-Months);
}

/// <summary>An archive cut asked for inside the retention period.</summary>
public sealed class AuditRetentionException(string message) : InvalidOperationException(message);
