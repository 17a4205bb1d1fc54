using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;

namespace Panlong.Workflows.Community;

/// <summary>
/// The earning rules (docs/decisions/0052-volunteers-and-points-ledger.md): versioned rows, the one with the latest
/// EffectiveFrom not after the event applies; a change adds a row and an audit entry, never edits one. The migration
/// seeds the article's figures: a closed 疑似吸毒 (G-02) report earns 50.
/// </summary>
public sealed class PointRules(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const string Editors = "SystemAdmin";

    /// <summary>Points for an event of <paramref name="kind"/> at <paramref name="at"/>: the category's own rule, else the kind's default (no category).</summary>
    public static async Task<int> PointsAsync(PanlongDbContext db, PointRuleKind kind, string? categoryCode, DateTimeOffset at, CancellationToken ct = default)
    {
        var rules = db.PointRules.AsNoTracking().Where(r => r.Kind == kind && r.EffectiveFrom <= at);
        var own = categoryCode is null ? null
            : await rules.Where(r => r.CategoryCode == categoryCode).OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        own ??= await rules.Where(r => r.CategoryCode == null).OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return own?.Points ?? 0;
    }

    public static async Task<int?> DailyCapAsync(PanlongDbContext db, DateTimeOffset at, CancellationToken ct = default)
    {
        var cap = await db.PointRules.AsNoTracking().Where(r => r.Kind == PointRuleKind.DailyCap && r.EffectiveFrom <= at)
            .OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return cap is { Points: > 0 } ? cap.Points : null;
    }

    /// <summary>The rules in force now, one per kind and category, for the administrator's page.</summary>
    public async Task<IReadOnlyList<PointRule>> CurrentAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var all = await db.PointRules.AsNoTracking().ToListAsync(ct);
        return all.Where(r => r.EffectiveFrom <= now).GroupBy(r => (r.Kind, r.CategoryCode))
            .Select(g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).First())
            .OrderBy(r => r.Kind).ThenBy(r => r.CategoryCode).ToList();
    }

    public async Task<IReadOnlyList<PointRule>> HistoryAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PointRules.AsNoTracking().OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).Take(200).ToListAsync(ct);
    }

    /// <summary>A new version of one rule, effective from <paramref name="effectiveFrom"/> (now when null; never in the past, so history stays true).</summary>
    public async Task<VolunteerResult> PublishAsync(PointRuleKind kind, string? categoryCode, int points, DateTimeOffset? effectiveFrom, string userId, string userName,
        CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (points is < 0 or > 10_000 || (kind != PointRuleKind.CaseClosed && categoryCode is not null))
        {
            return VolunteerResult.Refused("Points.Rules.Problem.Points");
        }
        if (effectiveFrom < now.AddMinutes(-1))
        {
            return VolunteerResult.Refused("Points.Rules.Problem.Past");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (categoryCode is not null && !await db.CaseCategories.AnyAsync(c => c.Code == categoryCode, ct))
        {
            return VolunteerResult.Refused("Points.Rules.Problem.Category");
        }
        var rule = new PointRule { Kind = kind, CategoryCode = categoryCode, Points = points, EffectiveFrom = effectiveFrom ?? now, CreatedAt = now, CreatedBy = userName };
        db.PointRules.Add(rule);
        db.AuditEntries.Add(audit.Create("PointRule.Publish", userId, userName, categoryCode is null ? kind.ToString() : $"{kind} {categoryCode}",
            $"{points} from {ChinaTime.FormatMinutes(rule.EffectiveFrom)}"));
        await db.SaveChangesAsync(ct);
        return new VolunteerResult(true, Id: rule.Id);
    }
}
