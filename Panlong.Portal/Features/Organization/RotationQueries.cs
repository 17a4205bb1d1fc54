using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Organization;

namespace Panlong.Portal.Features.Organization;

/// <summary>An inspector's stint in a street: the grids held and the days (until null: still held).</summary>
public sealed record StintView(int StaffId, string Name, IReadOnlyList<string> Grids, DateTimeOffset? From, DateTimeOffset? Until);

public sealed record StreetStints(string Code, string Name, int HeadCount, IReadOnlyList<StintView> Stints);

public sealed record PlanRow(int Id, DateTimeOffset EffectiveAt, RotationPlanStatus Status, int MoveCount, string CreatedBy, DateTimeOffset CreatedAt,
    string? DecidedBy, string? Reason);

public sealed record MoveView(string Name, string From, string To, IReadOnlyList<string> Grids);

/// <summary>A street's movers: <see cref="Out"/> leaving it, <see cref="In"/> arriving; equal when the head count is kept.</summary>
public sealed record StreetBalance(string Name, int Before, int Out, int In);

public sealed record PlanDetail(PlanRow Plan, RotationConfig Rules, IReadOnlyList<MoveView> Moves, IReadOnlyList<StreetBalance> Streets,
    IReadOnlyList<RotationProblem>? Broken);

/// <summary>
/// The rotation page's reads (docs/decisions/0073-inspector-rotation.md): the inspectors' stints by street in the viewer's
/// scope, and the district's plans for whoever's scope covers the district.
/// </summary>
public sealed class RotationQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<StreetStints>> StintsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.GridAssignments.AsNoTracking().InScope(scope).Where(a => a.Duty == GridDuty.Inspector)
            .Select(a => new { a.StaffMemberId, a.StaffMember!.Name, GridName = a.Grid!.Name, a.ScopePath, a.From, a.Until }).ToListAsync(ct);
        var streetCodes = rows.Select(r => InspectorAssignments.StreetOf(r.ScopePath)).Distinct().ToList();
        var streets = await db.OrgUnits.AsNoTracking().Where(u => streetCodes.Contains(u.Code)).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        var now = clock.GetUtcNow();
        return [.. rows.GroupBy(r => InspectorAssignments.StreetOf(r.ScopePath)).OrderBy(g => g.Key, StringComparer.Ordinal).Select(street => new StreetStints(
            street.Key, streets.GetValueOrDefault(street.Key, street.Key),
            street.Where(r => GridAssignment.Holds(r.From, r.Until, now)).Select(r => r.StaffMemberId).Distinct().Count(),
            [.. street.GroupBy(r => (r.StaffMemberId, r.Name, r.From, r.Until))
                .OrderBy(g => g.Key.Until == null ? 0 : 1).ThenByDescending(g => g.Key.From).ThenBy(g => g.Key.StaffMemberId)
                .Select(g => new StintView(g.Key.StaffMemberId, g.Key.Name, [.. g.Select(r => r.GridName).Order(StringComparer.Ordinal)], g.Key.From, g.Key.Until))]))];
    }

    public async Task<IReadOnlyList<PlanRow>> PlansAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.RotationPlans.AsNoTracking().InScope(scope).OrderByDescending(p => p.Id)
            .Select(p => new PlanRow(p.Id, p.EffectiveAt, p.Status, p.MoveCount, p.CreatedByName, p.CreatedAt, p.DecidedByName, p.Reason)).ToListAsync(ct);
    }

    /// <summary>A plan's moves with names, each street's outs and ins, and — while under review — the rules checked against the posts as they stand.</summary>
    public async Task<PlanDetail?> PlanAsync(DataScope scope, int id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.RotationPlans.AsNoTracking().InScope(scope).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return null;
        }
        var moves = RotationService.Moves(plan.MovesJson);
        var rule = plan.RuleId is { } ruleId ? await db.RotationRules.AsNoTracking().SingleAsync(r => r.Id == ruleId, ct) : null;
        var rules = rule is null ? RotationConfig.Default : new RotationConfig(rule.MaxMonthsInStreet, rule.NoReturnMonths, rule.PeriodMonths);
        var gridIds = moves.SelectMany(m => m.GridIds).ToList();
        var grids = await db.OrgUnits.AsNoTracking().Where(u => gridIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        var streets = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Street).ToDictionaryAsync(u => u.Code, u => u.Name, ct);
        string Street(string code) => streets.GetValueOrDefault(code, code);
        // Before the plan's day: the heads each street had under the posts the plan closed (or, under review, the open ones).
        var before = await db.GridAssignments.AsNoTracking().Where(a => a.Duty == GridDuty.Inspector)
            .Where(GridAssignment.HeldAt(plan.EffectiveAt.AddTicks(-1))).Select(a => new { a.StaffMemberId, a.ScopePath }).ToListAsync(ct);
        var heads = before.Select(b => (b.StaffMemberId, Street: InspectorAssignments.StreetOf(b.ScopePath))).Distinct()
            .GroupBy(b => b.Street).ToDictionary(g => g.Key, g => g.Count());
        var balance = heads.Keys.Union(moves.Select(m => m.ToStreet)).Order(StringComparer.Ordinal)
            .Select(s => new StreetBalance(Street(s), heads.GetValueOrDefault(s), moves.Count(m => m.FromStreet == s), moves.Count(m => m.ToStreet == s))).ToList();
        IReadOnlyList<RotationProblem>? broken = null;
        if (plan.Status == RotationPlanStatus.Reviewing)
        {
            var (config, _) = await RotationSettings.CurrentAsync(db, ct);
            broken = RotationPlanner.Check(moves, await InspectorAssignments.StateAsync(db, ct), config, plan.EffectiveAt);
            rules = config;
        }
        var row = new PlanRow(plan.Id, plan.EffectiveAt, plan.Status, plan.MoveCount, plan.CreatedByName, plan.CreatedAt, plan.DecidedByName, plan.Reason);
        return new PlanDetail(row, rules,
            [.. moves.Select(m => new MoveView(m.Name, Street(m.FromStreet), Street(m.ToStreet), [.. m.GridIds.Select(g => grids.GetValueOrDefault(g, "?"))]))],
            balance, broken);
    }
}
