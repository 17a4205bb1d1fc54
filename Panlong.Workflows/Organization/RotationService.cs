using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Organization;

/// <summary>An outcome: the plan's id when done; otherwise the reason (a resource key) and the rules the plan breaks.</summary>
public sealed record RotationResult(bool Ok, int? PlanId = null, string? Problem = null, IReadOnlyList<RotationProblem>? Broken = null)
{
    public static RotationResult Refused(string problem, IReadOnlyList<RotationProblem>? broken = null) => new(false, null, problem, broken);
}

/// <summary>
/// The inspectors' periodic rotation (docs/decisions/0073-inspector-rotation.md): an administrator asks the system for the next
/// period's plan, which is checked against the rules and sent to the district's leaders on the engine; a leader approves or
/// returns it. Approval closes the movers' posts on the plan's day and opens their new ones from it, in the engine's transaction
/// (<see cref="RotationListener"/>), so every "who held it on day D" answer changes on that day and history is never rewritten.
/// </summary>
public sealed class RotationService(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, AuditLog audit, TimeProvider clock)
{
    /// <summary>Who asks for a plan (and sets the rules): the system administrator.</summary>
    public const string ProposingRoles = Roles.SystemAdmin;

    /// <summary>Who reads the assignments and the plans: the system administrator who asks for plans, the leaders who decide them.</summary>
    public const string ReadingRoles = "SystemAdmin,Leader";

    /// <summary>Who decides a plan: a leader of the district (the engine's task names the district's Leader role).</summary>
    public const string DecidingRole = Roles.Leader;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Serialize(IReadOnlyList<RotationMove> moves) => JsonSerializer.Serialize(moves, Json);

    public static IReadOnlyList<RotationMove> Moves(string json) => JsonSerializer.Deserialize<List<RotationMove>>(json, Json) ?? [];

    /// <summary>The system's plan for the period starting on the China day, under the rules in force, sent for review.</summary>
    public async Task<RotationResult> ProposeAsync(WorkflowActor actor, DateOnly effectiveOn, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (config, _) = await RotationSettings.CurrentAsync(db, ct);
        var state = await InspectorAssignments.StateAsync(db, ct);
        var moves = RotationPlanner.Propose(state, config, ChinaTime.StartOf(effectiveOn));
        return moves is null
            ? RotationResult.Refused("Rotation.Problem.NoPlan", [new(RotationPlanner.NoPlan, "")])
            : await SubmitAsync(actor, effectiveOn, moves, ct);
    }

    /// <summary>A plan (the system's or anyone's moves) checked against every rule and sent for review; a plan breaking one is refused with it named.</summary>
    public async Task<RotationResult> SubmitAsync(WorkflowActor actor, DateOnly effectiveOn, IReadOnlyList<RotationMove> moves, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(ProposingRoles) || actor.Scope.Root is not { } root)
        {
            return RotationResult.Refused("Rotation.Problem.NotAllowed");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var district = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.District).Select(u => new { u.Code, u.ScopePath }).FirstOrDefaultAsync(ct);
        if (district is null || !root.Covers(OrgPath.Parse(district.ScopePath)))
        {
            return RotationResult.Refused("Rotation.Problem.NotAllowed");
        }
        var effectiveAt = ChinaTime.StartOf(effectiveOn);
        if (await DateProblemAsync(db, effectiveAt, ct) is { } dateProblem)
        {
            return RotationResult.Refused(dateProblem);
        }
        if (await db.RotationPlans.AnyAsync(p => p.Status == RotationPlanStatus.Reviewing, ct))
        {
            return RotationResult.Refused("Rotation.Problem.PlanUnderReview");
        }
        var (config, ruleId) = await RotationSettings.CurrentAsync(db, ct);
        var broken = RotationPlanner.Check(moves, await InspectorAssignments.StateAsync(db, ct), config, effectiveAt);
        if (broken.Count > 0)
        {
            return RotationResult.Refused("Rotation.Problem.BreaksRules", broken);
        }
        var now = clock.GetUtcNow();
        var plan = new RotationPlan
        {
            EffectiveAt = effectiveAt, Status = RotationPlanStatus.Reviewing, MovesJson = Serialize(moves), MoveCount = moves.Count, RuleId = ruleId,
            ScopePath = district.ScopePath, CreatedAt = now, CreatedByName = actor.Name,
        };
        db.RotationPlans.Add(plan);
        var subject = new WorkflowSubject(RotationContract.Subject, $"{effectiveOn:yyyyMMdd}-{now.ToUnixTimeMilliseconds()}", district.Code);
        await runner.StartAsync(db, RotationContract.Key, subject, actor, alongside: (tx, instance) =>
        {
            plan.InstanceId = instance.Id;
            tx.AuditEntries.Add(audit.Create("Rotation.Propose", actor.UserId, actor.Name, $"rotation:{effectiveOn:yyyy-MM-dd}", $"{moves.Count} moves"));
        }, ct: ct);
        return new RotationResult(true, plan.Id);
    }

    /// <summary>
    /// 批准 or 退回 (a reason required) by a leader whose scope covers the district. Approval checks the plan again against the
    /// posts as they stand now, so a plan overtaken by another change is refused rather than applied.
    /// </summary>
    public async Task<RotationResult> DecideAsync(int planId, string trigger, WorkflowActor actor, string? reason, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var plan = await db.RotationPlans.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(p => p.Id == planId, ct);
        var version = plan?.InstanceId is not { } id ? null
            : await db.ProcessInstances.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        if (plan is null || version is null || !actor.Roles.Contains(DecidingRole))
        {
            return RotationResult.Refused("Rotation.Problem.NotFound");
        }
        if (reason?.Trim().Length > 400)
        {
            return RotationResult.Refused("Rotation.Problem.ReasonTooLong");
        }
        if (trigger == RotationContract.Approve)
        {
            if (await DateProblemAsync(db, plan.EffectiveAt, ct) is { } dateProblem)
            {
                return RotationResult.Refused(dateProblem);
            }
            var (config, _) = await RotationSettings.CurrentAsync(db, ct);
            var broken = RotationPlanner.Check(Moves(plan.MovesJson), await InspectorAssignments.StateAsync(db, ct), config, plan.EffectiveAt);
            if (broken.Count > 0)
            {
                return RotationResult.Refused("Rotation.Problem.BreaksRules", broken);
            }
        }
        var result = await runner.FireAsync(db, plan.InstanceId!.Value, version.Value, trigger, actor, new FireInput(reason?.Trim()),
            (tx, _) => tx.AuditEntries.Add(audit.Create("Rotation." + trigger, actor.UserId, actor.Name, $"rotation-plan:{planId}", reason)), ct);
        return result.Ok ? new RotationResult(true, planId) : RotationResult.Refused("Refusal." + result.Refusal);
    }

    /// <summary>A plan's day lies after today and after every post's start: the future is planned, the past never rewritten.</summary>
    private async Task<string?> DateProblemAsync(PanlongDbContext db, DateTimeOffset effectiveAt, CancellationToken ct)
    {
        var latest = await InspectorAssignments.LatestStartAsync(db, ct);
        return effectiveAt <= clock.GetUtcNow() || latest is { } l && effectiveAt <= l ? "Rotation.Problem.EffectiveDate" : null;
    }
}
