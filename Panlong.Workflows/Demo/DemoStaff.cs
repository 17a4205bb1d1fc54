using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Workflows.Demo;

/// <summary>
/// Who did each step of a generated case, and whether in time, so the appraisal of demo data ranks real-looking people
/// and units: the grid's own supervisor, inspector and grid worker (the seeded 1+1+1+N staff), two invented people per
/// post at each command center and a handler per unit. Units differ in how well they work (a stable quality per unit),
/// and the department with the most case classes is a weak one, so the dashboard shows every grade band.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
internal sealed class DemoStaff
{
    public sealed record Post(int GridId, GridDuty Duty, int StaffId, string Name);

    private readonly Dictionary<(int, GridDuty), Post> _grid = [];
    private readonly Dictionary<string, (string Key, string Name)> _center = [];
    private readonly Random _random = new(292);
    private readonly DemoPeople _names = new(2922008);
    private readonly string? _weak;

    public DemoStaff(IEnumerable<Post> posts, IReadOnlyList<CaseCategory> categories)
    {
        foreach (var post in posts)
        {
            _grid.TryAdd((post.GridId, post.Duty), post);
        }
        _weak = categories.Where(c => c.DefaultDepartmentCode is not null).GroupBy(c => c.DefaultDepartmentCode)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key).Select(g => g.Key).FirstOrDefault();
    }

    /// <summary>Share of steps a unit does in time: most units 0.9–0.99, the weak department 0.15 (and half its fixes sent back).</summary>
    private double Quality(string unit) => unit == _weak ? 0.15 : 0.90 + (unit.Sum(c => c) % 10 / 100.0);

    private (string Key, string Name) Center(string hub, string role)
    {
        var key = $"demo:{hub}:{role}:{_random.Next(2)}";
        if (!_center.TryGetValue(key, out var person))
        {
            person = (key, _names.NextName());
            _center[key] = person;
        }
        return person;
    }

    private (string? Key, string? Name) Field(int grid, GridDuty duty) =>
        _grid.TryGetValue((grid, duty), out var p) ? ($"staff:{p.StaffId}", p.Name) : (null, null);

    public void AddFacts(List<CaseFact> facts, Case item, int gridId, string hub, string handler, CaseCategory category, string state,
        DateTimeOffset reported, DateTimeOffset filed, DateTimeOffset dispatched, DateTimeOffset handled, DateTimeOffset closedAt, WorkingCalendar calendar)
    {
        var isPublic = CaseFacts.IsPublic(item.Source);
        var hubQuality = Quality(hub);
        void Add(CaseFactKind kind, DateTimeOffset at, (string? Key, string? Name) who, string? role, string? unit, bool? onTime = null, bool? caseOnTime = null) =>
            facts.Add(new CaseFact
            {
                Case = item, Kind = kind, At = at, PersonKey = who.Key, PersonName = who.Name, PersonRole = role, UnitCode = unit, GridId = gridId,
                ScopePath = item.ScopePath, Public = isPublic, OnTime = onTime, CaseOnTime = caseOnTime, IsDemo = true,
            });
        bool InTime(double quality) => _random.NextDouble() < quality;

        var reporterRole = CaseFacts.ReporterRole(item.Source);
        var reporter = item.Source switch
        {
            CaseSource.Inspector => Field(gridId, GridDuty.Inspector),
            CaseSource.Supervisor => Field(gridId, GridDuty.Supervisor),
            CaseSource.GridWorker => Field(gridId, GridDuty.GridWorker),
            _ => (null, null),
        };
        Add(CaseFactKind.Reported, reported, reporter, reporterRole, hub);
        var accepted = calendar.AddWorkingTime(reported, TimeSpan.FromMinutes(3));
        var supervisor = Field(gridId, GridDuty.Supervisor);
        if (isPublic)
        {
            Add(CaseFactKind.VerifySent, accepted, Center(hub, Roles.Acceptor), Roles.Acceptor, hub, InTime(hubQuality + 0.05));
            Add(CaseFactKind.Verified, calendar.AddWorkingTime(accepted, TimeSpan.FromMinutes(20)), supervisor, Roles.Supervisor, hub, InTime(0.93));
        }
        else
        {
            Add(CaseFactKind.Accepted, accepted, Center(hub, Roles.Acceptor), Roles.Acceptor, hub, InTime(hubQuality + 0.05));
        }
        if (item.Status == CaseStatus.NotFiled)
        {
            Add(CaseFactKind.NotFiled, filed, Center(hub, Roles.ShiftLead), Roles.ShiftLead, hub, true);
            return;
        }
        if (item.Status == CaseStatus.Voided)
        {
            Add(CaseFactKind.Voided, filed, (null, null), Roles.ShiftLead, hub);
            return;
        }
        var shiftLead = Center(hub, Roles.ShiftLead);
        Add(CaseFactKind.Filed, filed, shiftLead, Roles.ShiftLead, hub, InTime(hubQuality));
        if (item.DispatchedAt is null)
        {
            return;
        }
        var dispatcher = Center(hub, Roles.Dispatcher);
        Add(CaseFactKind.Dispatched, dispatched, dispatcher, Roles.Dispatcher, handler, dispatched <= calendar.AddWorkingTime(filed, TimeSpan.FromHours(category.DispatchHours)) && InTime(hubQuality + 0.03));
        var quality = Quality(handler);
        var reworked = item.ReworkCount > 0 || (handler == _weak && _random.NextDouble() < 0.5);
        var handlerPerson = ($"demo:{handler}:handler", $"{handler[^4..]}处置员");
        if (reworked)
        {
            var first = calendar.AddWorkingTime(dispatched, TimeSpan.FromHours(category.HandleHours * 0.5));
            Add(CaseFactKind.Handled, first, handlerPerson, Roles.DepartmentHandler, handler, InTime(quality));
            Add(CaseFactKind.Reworked, calendar.AddWorkingTime(first, TimeSpan.FromMinutes(30)), dispatcher, Roles.Dispatcher, handler);
        }
        if (state is CaseLoopContract.Dispatching or CaseLoopContract.Handling)
        {
            return;
        }
        var handledOnTime = handled <= calendar.AddWorkingTime(dispatched, TimeSpan.FromHours(category.HandleHours)) && InTime(quality);
        Add(CaseFactKind.Handled, handled, handlerPerson, Roles.DepartmentHandler, handler, handledOnTime);
        var checker = reporterRole is null ? supervisor : reporter;
        Add(CaseFactKind.Checked, calendar.AddWorkingTime(handled, TimeSpan.FromMinutes(20)), checker, reporterRole ?? Roles.Supervisor, hub, InTime(0.95));
        if (item.Status == CaseStatus.Closed)
        {
            Add(CaseFactKind.Closed, closedAt, shiftLead, Roles.ShiftLead, handler, InTime(hubQuality), handledOnTime);
        }
    }
}
