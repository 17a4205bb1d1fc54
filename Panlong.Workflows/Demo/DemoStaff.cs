using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Demo;

/// <summary>
/// Who does each step of a generated case, and how fast: the grid's own supervisor, inspector and grid worker (the seeded
/// 1+1+1+N staff), two invented people per post at each command center, a handler per unit, invented residents and
/// volunteers. Each is a <see cref="WorkflowActor"/> with the role and the scope a signed-in person of that post has, so
/// the engine checks them as it checks real users. Units differ in how well they work (a stable quality per unit), and the
/// department with the most case classes is a weak one, so the dashboard shows every grade band.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
internal sealed class DemoStaff
{
    /// <summary>A grid's post and the days it was held (docs/decisions/0073-inspector-rotation.md).</summary>
    public sealed record Post(int GridId, GridDuty Duty, int StaffId, string? UserId, string Name, DateTimeOffset? From = null, DateTimeOffset? Until = null);

    public sealed record Unit(string Code, string ScopePath, OrgUnitKind Kind);

    private readonly Dictionary<(int, GridDuty), List<Post>> _grid = [];
    private readonly Dictionary<string, WorkflowActor> _actors = [];
    private readonly IReadOnlyDictionary<string, Unit> _units;
    private readonly Random _random;
    private readonly DemoPeople _names = new(2922008);

    public DemoStaff(IEnumerable<Post> posts, IReadOnlyDictionary<string, Unit> units, IReadOnlyList<CaseCategory> categories, Random random)
    {
        foreach (var post in posts)
        {
            if (!_grid.TryGetValue((post.GridId, post.Duty), out var held))
            {
                _grid[(post.GridId, post.Duty)] = held = [];
            }
            held.Add(post);
        }
        _units = units;
        _random = random;
        Weak = categories.Where(c => c.DefaultDepartmentCode is not null).GroupBy(c => c.DefaultDepartmentCode)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault();
    }

    /// <summary>The weak department: few steps in time, and half its fixes fail 核查.</summary>
    public string? Weak { get; }

    /// <summary>Share of steps a unit does in time: most units 0.9–0.99, the weak department 0.15.</summary>
    public double Quality(string unit) => unit == Weak ? 0.15 : 0.90 + (unit.Sum(c => c) % 10 / 100.0);

    public WorkflowActor Scoped(string key, string name, string role, string scopeCode) =>
        Cached($"{key}|{role}|{scopeCode}", () => new WorkflowActor(key, name, new HashSet<string> { role }, new DataScope(_units[scopeCode].ScopePath)));

    /// <summary>One of two people holding a post at a command center (the hub's region), as the center's accounts are scoped.</summary>
    public WorkflowActor Center(string hub, string role)
    {
        var key = $"demo:{hub}:{role}:{_random.Next(2)}";
        return Cached(key, () => new WorkflowActor(key, _names.NextName(), new HashSet<string> { role }, new DataScope(_units[hub].ScopePath)));
    }

    /// <summary>The handler of a unit (a department, a street's team, a community station).</summary>
    public WorkflowActor Handler(string unit) => Scoped($"demo:{unit}:handler", $"{unit[^4..]}处置员", Roles.DepartmentHandler, unit);

    /// <summary>
    /// The grid's field post held at the moment (the inspector of the day, after a rotation), scoped as its account is: an
    /// inspector the district, a supervisor the street, a grid worker the community.
    /// </summary>
    public WorkflowActor? Field(int grid, string gridPath, GridDuty duty, DateTimeOffset at)
    {
        if (!_grid.TryGetValue((grid, duty), out var held) || held.FirstOrDefault(p => GridAssignment.Holds(p.From, p.Until, at)) is not { } post)
        {
            return null;
        }
        var path = OrgPath.Parse(gridPath);
        var (role, level) = duty switch
        {
            GridDuty.Inspector => (Roles.Inspector, OrgLevel.District),
            GridDuty.Supervisor => (Roles.Supervisor, OrgLevel.Street),
            _ => (Roles.GridWorker, OrgLevel.Community),
        };
        return Scoped(Organization.InspectorAssignments.PersonKey(post.UserId, post.StaffId), post.Name, role, path.CodeAtOrLeaf(level));
    }

    /// <summary>A member of the public: a resident without any scope, or a volunteer of the grid's community.</summary>
    public WorkflowActor Public(string role, string gridPath)
    {
        var n = _random.Next(200);
        var key = $"demo:{role.ToLowerInvariant()}:{n}";
        var community = OrgPath.Parse(gridPath).CodeAtOrLeaf(OrgLevel.Community);
        return role == Roles.Volunteer
            ? Cached(key + community, () => new WorkflowActor(key, _names.NextName(), new HashSet<string> { role }, new DataScope(_units[community].ScopePath)))
            : Cached(key, () => new WorkflowActor(key, _names.NextName(), new HashSet<string> { role }, DataScope.None));
    }

    /// <summary>
    /// When a person acts on a task that has <paramref name="left"/> working time before its deadline: in time with the
    /// given chance (most of it early, some near the end), otherwise late by up to 90 % of the limit.
    /// </summary>
    public DateTimeOffset When(DateTimeOffset now, TimeSpan left, double quality, WorkingCalendar calendar)
    {
        var r = _random.NextDouble();
        var share = _random.NextDouble() < quality ? 0.04 + (0.9 * r * r) : 1.02 + (0.9 * r);
        return calendar.AddWorkingTime(now, TimeSpan.FromMinutes(Math.Max(2, left.TotalMinutes * share)));
    }

    private WorkflowActor Cached(string key, Func<WorkflowActor> make)
    {
        if (!_actors.TryGetValue(key, out var actor))
        {
            actor = make();
            _actors[key] = actor;
        }
        return actor;
    }
}
