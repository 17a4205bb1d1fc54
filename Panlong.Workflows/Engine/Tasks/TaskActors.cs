using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Engine.Tasks;

/// <summary>
/// The one rule of who can act on an open task, written once as query expressions: the inbox, the case desk's 我的待办 and
/// the runner's action buttons (<see cref="WorkflowActor.CanTake"/>, <see cref="WorkflowActor.IsAbove"/>) all use it
/// (docs/decisions/0037-who-can-act-on-a-task.md).
/// </summary>
public static class TaskActors
{
    /// <summary>The task's own work: addressed to the actor, or for one of their roles IN the unit it names (ADR 11).</summary>
    public static Expression<Func<WorkTask, bool>> Does(WorkflowActor actor)
    {
        var (user, roles, root) = (actor.UserId, actor.Roles.ToList(), actor.Scope.RootPath);
        return t => (t.AssigneeUserId != null && t.AssigneeUserId == user)
            || (t.AssigneeUserId == null && root != null && t.Role != null && roles.Contains(t.Role) && t.ScopePath == root);
    }

    /// <summary>Work of a unit below the actor's own: a higher level steps in there only by 上收 or 督办.</summary>
    public static Expression<Func<WorkTask, bool>> Below(WorkflowActor actor)
    {
        var root = actor.Scope.RootPath;
        return t => t.AssigneeUserId == null && root != null && t.ScopePath.StartsWith(root) && t.ScopePath != root;
    }

    /// <summary>
    /// Work below the actor at a step where one of their roles has an oversight transition (上收, 督办);
    /// <paramref name="steps"/> are those steps as "definition/state" (<see cref="OversightStepsAsync"/>).
    /// </summary>
    public static Expression<Func<WorkTask, bool>> Oversees(WorkflowActor actor, IReadOnlyList<string> steps) =>
        And(Below(actor), t => steps.Contains(t.Instance!.DefinitionKey + "/" + t.State));

    /// <summary>Same-role work of the units below (a district dispatcher looking into the streets' dispatching).</summary>
    public static Expression<Func<WorkTask, bool>> SameRoleBelow(WorkflowActor actor)
    {
        var roles = actor.Roles.ToList();
        return And(Below(actor), t => t.Role != null && roles.Contains(t.Role));
    }

    /// <summary>
    /// Nobody can do the task: no enabled account holds its role in its unit (a unit's own people, or those of the command
    /// center sitting in the region, as <see cref="Data.Identity.DataScope.RootPathFor"/> scopes them), or its addressee is gone.
    /// Such work waits for the level above, so it is in that level's inbox.
    /// </summary>
    public static Expression<Func<WorkTask, bool>> Unstaffed(PanlongDbContext db) => t => !db.Users.Any(u => u.DisabledAt == null
        && (t.AssigneeUserId != null
            ? u.Id == t.AssigneeUserId
            : u.OrgUnit != null
              && (u.OrgUnit.Kind == OrgUnitKind.CommandCenter && u.OrgUnit.Parent != null ? u.OrgUnit.Parent.ScopePath : u.OrgUnit.ScopePath) == t.ScopePath
              && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == t.Role))));

    /// <summary>
    /// 我的待办: the actor's own work, and the work of the units just below them that they may take over and nobody there can do; with
    /// <paramref name="includeBelow"/>, all the work below that they may take over or that is their role's.
    /// </summary>
    public static async Task<Expression<Func<WorkTask, bool>>> InboxAsync(PanlongDbContext db, DefinitionStore definitions, WorkflowActor actor,
        bool includeBelow, CancellationToken ct = default)
    {
        var oversees = Oversees(actor, await OversightStepsAsync(db, definitions, actor, ct));
        if (includeBelow)
        {
            return Or(Or(Does(actor), oversees), SameRoleBelow(actor));
        }
        // Unstaffed work waits for the level just above it (a community's for its street), not for every level up to the district.
        var root = actor.Scope.RootPath;
        var children = root is null ? new List<string>() : await db.OrgUnits.AsNoTracking().Where(u => u.Parent != null && u.Parent.ScopePath == root).Select(u => u.ScopePath).ToListAsync(ct);
        return Or(Does(actor), And(And(oversees, t => children.Contains(t.ScopePath)), await UnstaffedInAsync(db, children, ct)));
    }

    /// <summary>
    /// <see cref="Unstaffed"/> for tasks of the units <paramref name="scopes"/>, with those units' staffing read beforehand: the
    /// (scope, role) pairs an enabled account holds there — a few dozen — so the database tests membership instead of probing
    /// users, units and roles once per open task (13.8 s for a district dispatcher's work at ten times the district;
    /// docs/benchmarks.md, issue 17 — ten times the district). Same rows as <see cref="Unstaffed"/> for tasks of those units.
    /// </summary>
    public static async Task<Expression<Func<WorkTask, bool>>> UnstaffedInAsync(PanlongDbContext db, IReadOnlyList<string> scopes, CancellationToken ct = default)
    {
        var staffed = await StaffedAsync(db, scopes, ct);
        return t => t.AssigneeUserId != null
            ? !db.Users.Any(u => u.DisabledAt == null && u.Id == t.AssigneeUserId)
            : t.Role == null || !staffed.Contains(t.ScopePath + StaffedSeparator + t.Role);
    }

    private const string StaffedSeparator = "|";

    private static string StaffedKey(string scopePath, string role) => scopePath + StaffedSeparator + role;

    /// <summary>The (scope, role) pairs of <paramref name="scopes"/> that an enabled account holds, in <see cref="Unstaffed"/>'s terms.</summary>
    private static async Task<List<string>> StaffedAsync(PanlongDbContext db, IReadOnlyList<string> scopes, CancellationToken ct)
    {
        if (scopes.Count == 0)
        {
            return [];
        }
        var pairs = await (from u in db.Users.AsNoTracking()
                           where u.DisabledAt == null && u.OrgUnit != null
                           let scope = u.OrgUnit!.Kind == OrgUnitKind.CommandCenter && u.OrgUnit.Parent != null ? u.OrgUnit.Parent.ScopePath : u.OrgUnit.ScopePath
                           where scopes.Contains(scope)
                           from ur in db.UserRoles
                           where ur.UserId == u.Id
                           from r in db.Roles
                           where r.Id == ur.RoleId && r.Name != null
                           select new { Scope = scope, Role = r.Name! }).Distinct().ToListAsync(ct);
        return pairs.Select(p => StaffedKey(p.Scope, p.Role)).ToList();
    }

    /// <summary>The steps ("definition/state", sub-states included) where one of the actor's roles has an oversight transition.</summary>
    public static async Task<IReadOnlyList<string>> OversightStepsAsync(PanlongDbContext db, DefinitionStore definitions, WorkflowActor actor, CancellationToken ct = default)
    {
        var steps = new List<string>();
        foreach (var key in await db.ProcessDefinitions.AsNoTracking().Select(d => d.Key).Distinct().ToListAsync(ct))
        {
            if (await definitions.LatestAsync(key, ct) is not { } definition)
            {
                continue;
            }
            var model = definition.Model;
            steps.AddRange(model.States
                .Where(s => model.StateAndAncestors(s.Id).Any(from => model.Transitions.Any(t => t.From == from && t.Oversight && t.Roles.Any(actor.Roles.Contains))))
                .Select(s => $"{key}/{s.Id}"));
        }
        return steps;
    }

    /// <summary>A sort key that puts the rows of <paramref name="rule"/> first.</summary>
    public static Expression<Func<WorkTask, int>> OwnFirst(Expression<Func<WorkTask, bool>> rule) =>
        Expression.Lambda<Func<WorkTask, int>>(Expression.Condition(rule.Body, Expression.Constant(0), Expression.Constant(1)), rule.Parameters);

    public static Expression<Func<WorkTask, bool>> Or(Expression<Func<WorkTask, bool>> left, Expression<Func<WorkTask, bool>> right) =>
        Expression.Lambda<Func<WorkTask, bool>>(Expression.OrElse(left.Body, new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters);

    public static Expression<Func<WorkTask, bool>> And(Expression<Func<WorkTask, bool>> left, Expression<Func<WorkTask, bool>> right) =>
        Expression.Lambda<Func<WorkTask, bool>>(Expression.AndAlso(left.Body, new Rebind(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
