using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Organization;

namespace Panlong.Workflows.Organization;

/// <summary>
/// The rotation rules in force (the newest saved row, or <see cref="RotationConfig.Default"/>) and their changes: checked, saved
/// as a new row and audited, as the appraisal configuration is (ADR 73). A plan keeps the id of the row it was checked against.
/// </summary>
public sealed class RotationSettings(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string AuditAction = "Rotation.Rules";

    public async Task<(RotationConfig Config, int? RuleId)> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CurrentAsync(db, ct);
    }

    public static async Task<(RotationConfig Config, int? RuleId)> CurrentAsync(PanlongDbContext db, CancellationToken ct = default)
    {
        var row = await db.RotationRules.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return row is null ? (RotationConfig.Default, null) : (new RotationConfig(row.MaxMonthsInStreet, row.NoReturnMonths, row.PeriodMonths), row.Id);
    }

    public async Task<IReadOnlyList<string>> SaveAsync(RotationConfig config, string? userId, string userName, CancellationToken ct = default)
    {
        var problems = Check(config);
        if (problems.Count > 0)
        {
            return problems;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.RotationRules.Add(new RotationRule
        {
            MaxMonthsInStreet = config.MaxMonthsInStreet, NoReturnMonths = config.NoReturnMonths, PeriodMonths = config.PeriodMonths,
            CreatedAt = clock.GetUtcNow(), CreatedByUserId = userId, CreatedByName = userName,
        });
        db.AuditEntries.Add(audit.Create(AuditAction, userId, userName, "rotation",
            $"max {config.MaxMonthsInStreet} / no return {config.NoReturnMonths} / period {config.PeriodMonths} months"));
        await db.SaveChangesAsync(ct);
        return [];
    }

    /// <summary>
    /// Months are whole and within 1–120; the period is no longer than the longest stay, or every inspector would have to
    /// move at every plan.
    /// </summary>
    public static IReadOnlyList<string> Check(RotationConfig config)
    {
        var problems = new List<string>();
        if (config.MaxMonthsInStreet is < 1 or > 120 || config.NoReturnMonths is < 0 or > 120 || config.PeriodMonths is < 1 or > 120)
        {
            problems.Add("Rotation.Config.Error.Range");
        }
        else if (config.PeriodMonths > config.MaxMonthsInStreet)
        {
            problems.Add("Rotation.Config.Error.Period");
        }
        return problems;
    }
}
