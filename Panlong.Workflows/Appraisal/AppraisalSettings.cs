using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Audit;

namespace Panlong.Workflows.Appraisal;

/// <summary>
/// The configuration in force (the newest saved row, or docs/domain.md §3's defaults) and its changes: checked, saved as a new
/// row and audited. Reports copy the JSON they were made with, so a change applies only to reports made afterwards.
/// </summary>
public sealed class AppraisalSettings(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static string Serialize(AppraisalConfig config) => JsonSerializer.Serialize(config, Json);

    public static AppraisalConfig Deserialize(string json) => JsonSerializer.Deserialize<AppraisalConfig>(json, Json)
        ?? throw new InvalidOperationException("Empty appraisal configuration.");

    /// <summary>The configuration in force and the id of its row (null while the defaults apply).</summary>
    public async Task<(AppraisalConfig Config, int? SettingId)> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.AppraisalSettings.AsNoTracking().OrderByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return row is null ? (AppraisalConfig.Default, null) : (Deserialize(row.Json), row.Id);
    }

    /// <summary>Saves a new configuration after checking it; returns resource keys of what is wrong, none when saved.</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(AppraisalConfig config, string? userId, string userName, CancellationToken ct = default)
    {
        var problems = Check(config);
        if (problems.Count > 0)
        {
            return problems;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = Serialize(config);
        var row = new AppraisalSetting { Json = json, CreatedAt = clock.GetUtcNow(), CreatedByUserId = userId, CreatedByName = userName };
        db.AppraisalSettings.Add(row);
        db.AuditEntries.Add(audit.Create("appraisal.config", userId, userName, "appraisal", json.Length > 1800 ? json[..1800] : json));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// Weights of each kind add up to 100 %, grade bands start at 0 and are distinct, score tables grow in their bounds and
    /// end with "any more", every score lies in 0–100, and the minimum case count is not negative.
    /// </summary>
    public static IReadOnlyList<string> Check(AppraisalConfig config)
    {
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<AppraisedKind>())
        {
            if (!config.Weights.TryGetValue(kind, out var weights) || weights.Values.Any(w => w < 0 || w > 1) || Math.Abs(weights.Values.Sum() - 1) > 0.0001)
            {
                problems.Add($"Appraisal.Config.Error.Weights:{kind}");
            }
        }
        var bands = config.Bands.OrderByDescending(b => b.From).ToList();
        if (bands.Count != 5 || bands[^1].From != 0 || bands.Select(b => b.From).Distinct().Count() != bands.Count || bands.Any(b => b.From is < 0 or > 100))
        {
            problems.Add("Appraisal.Config.Error.Bands");
        }
        foreach (var (name, table) in new[] { ("Volume", config.VolumeTable), ("Department", config.DepartmentFiledTable), ("GridUrban", config.GridFiledUrbanTable), ("GridRural", config.GridFiledRuralTable) })
        {
            var ascending = table.Zip(table.Skip(1)).All(p => p.First.UpTo < p.Second.UpTo);
            if (table.Count == 0 || !ascending || table[^1].UpTo != int.MaxValue || table.Any(s => s.Score is < 0 or > 100 || s.UpTo < 0))
            {
                problems.Add($"Appraisal.Config.Error.Table:{name}");
            }
        }
        if (config.MinimumCases < 0)
        {
            problems.Add("Appraisal.Config.Error.Minimum");
        }
        return problems;
    }
}

/// <summary>A month ("2026-10"), quarter ("2026-Q3") or year ("2026") as the reports name them.</summary>
public static class AppraisalPeriods
{
    public static AppraisalPeriod Of(AppraisalPeriodKind kind, DateOnly anyDay) => kind switch
    {
        AppraisalPeriodKind.Month => new(new DateOnly(anyDay.Year, anyDay.Month, 1), new DateOnly(anyDay.Year, anyDay.Month, 1).AddMonths(1)),
        AppraisalPeriodKind.Quarter => new(new DateOnly(anyDay.Year, ((anyDay.Month - 1) / 3 * 3) + 1, 1), new DateOnly(anyDay.Year, ((anyDay.Month - 1) / 3 * 3) + 1, 1).AddMonths(3)),
        _ => new(new DateOnly(anyDay.Year, 1, 1), new DateOnly(anyDay.Year + 1, 1, 1)),
    };

    public static string Name(AppraisalPeriodKind kind, AppraisalPeriod period) => kind switch
    {
        AppraisalPeriodKind.Month => period.From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        AppraisalPeriodKind.Quarter => $"{period.From.Year}-Q{((period.From.Month - 1) / 3) + 1}",
        _ => period.From.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The label in the reader's language: 2026年10月, 2026年第3季度, 2026年度 — October 2026, Q3 2026, Year 2026 (issue 16).</summary>
    public static string Label(AppraisalPeriodKind kind, AppraisalPeriod period) => (kind, Panlong.Data.LocalizedName.ReaderIsEnglish) switch
    {
        (AppraisalPeriodKind.Month, false) => $"{period.From.Year}年{period.From.Month}月",
        (AppraisalPeriodKind.Month, true) => period.From.ToString("MMMM yyyy", CultureInfo.InvariantCulture),
        (AppraisalPeriodKind.Quarter, false) => $"{period.From.Year}年第{((period.From.Month - 1) / 3) + 1}季度",
        (AppraisalPeriodKind.Quarter, true) => $"Q{((period.From.Month - 1) / 3) + 1} {period.From.Year}",
        (_, false) => $"{period.From.Year}年度",
        _ => $"Year {period.From.Year}",
    };

    /// <summary>Parses a name made by <see cref="Name"/>; null when it is not one.</summary>
    public static (AppraisalPeriodKind Kind, AppraisalPeriod Period)? Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        if (DateOnly.TryParseExact(name + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return (AppraisalPeriodKind.Month, Of(AppraisalPeriodKind.Month, month));
        }
        if (name.Length == 7 && name[4..6] == "-Q" && int.TryParse(name[..4], CultureInfo.InvariantCulture, out var y) && name[6] is >= '1' and <= '4' && y is > 2000 and < 2200)
        {
            return (AppraisalPeriodKind.Quarter, Of(AppraisalPeriodKind.Quarter, new DateOnly(y, ((name[6] - '1') * 3) + 1, 1)));
        }
        if (name.Length == 4 && int.TryParse(name, CultureInfo.InvariantCulture, out var year) && year is > 2000 and < 2200)
        {
            return (AppraisalPeriodKind.Year, Of(AppraisalPeriodKind.Year, new DateOnly(year, 1, 1)));
        }
        return null;
    }

    /// <summary>The periods that have ended by <paramref name="today"/> and are the latest of their kind: last month, last quarter, last year.</summary>
    public static IEnumerable<(AppraisalPeriodKind Kind, AppraisalPeriod Period)> LatestEnded(DateOnly today)
    {
        foreach (var kind in Enum.GetValues<AppraisalPeriodKind>())
        {
            var current = Of(kind, today);
            var previous = Of(kind, current.From.AddDays(-1));
            yield return (kind, previous);
        }
    }
}
