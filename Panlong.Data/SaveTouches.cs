using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Panlong.Data.Cases;
using Panlong.Data.Notifications;

namespace Panlong.Data;

/// <summary>
/// What one save writes that the save interceptors act on: the China-time days of the case facts and cases it touches
/// (stored figures go stale, docs/decisions/0041-stored-indicators.md), the cases it saves and the users whose bell it rings
/// (live notices, docs/decisions/0045-live-updates-across-nodes.md). Read in ONE pass over the tracked entries per save,
/// whichever interceptor asks first, and kept with that save's event data, which every interceptor of the save is handed
/// and the next save gets anew (docs/decisions/0047-one-pass-per-save.md).
/// </summary>
public sealed class SaveTouches
{
    private static readonly ConditionalWeakTable<DbContextEventData, SaveTouches> OfSave = [];

    private readonly List<string> _cases = [];
    private readonly List<string> _bells = [];
    private readonly List<string> _orders = [];
    private readonly List<string> _patrols = [];
    private readonly List<string> _incidents = [];
    private DateOnly? _first;
    private DateOnly _last;

    /// <summary>The first and last day touched; null when the save touches no fact or case.</summary>
    public (DateOnly First, DateOnly Last)? Days => _first is { } first ? (first, _last) : null;

    /// <summary>Numbers of the cases added, changed or deleted.</summary>
    public IReadOnlyList<string> Cases => _cases;

    /// <summary>Users with a notification added.</summary>
    public IReadOnlyList<string> Bells => _bells;

    /// <summary>Communities with a service order event added: every change to an order writes one (docs/decisions/0055-service-orders.md).</summary>
    public IReadOnlyList<string> Orders => _orders;

    /// <summary>Patrol shifts with positions added: the live map moves their markers (docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
    public IReadOnlyList<string> Patrols => _patrols;

    /// <summary>Incidents with a log line added: every incident room re-reads (docs/decisions/0075-major-incident-command.md).</summary>
    public IReadOnlyList<string> Incidents => _incidents;

    public static SaveTouches Of(DbContextEventData save) =>
        save.Context is null ? new SaveTouches() : OfSave.GetValue(save, s => Read(s.Context!.ChangeTracker));

    public static SaveTouches Read(ChangeTracker tracker)
    {
        // The context detected changes as it prepared this save (PanlongDbContext.PrepareSave); what was added since is Added.
        var touches = new SaveTouches();
        foreach (var entry in TrackedEntities.Entries(tracker))
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            switch (entry.Entity)
            {
                case CaseFact:
                    touches.Touch(entry, nameof(CaseFact.At), nameof(CaseFact.DueAt));
                    break;
                case Case item:
                    touches.Touch(entry, nameof(Case.ReportedAt), nameof(Case.StepDueAt));
                    touches._cases.Add(item.Number);
                    break;
                case Notification { UserId: var user } when entry.State == EntityState.Added:
                    touches._bells.Add(user);
                    break;
                case Community.ServiceOrderEvent { CommunityCode: var community } when entry.State == EntityState.Added:
                    touches._orders.Add(community);
                    break;
                case Patrol.PatrolFix { ShiftId: var shift } when entry.State == EntityState.Added:
                    touches._patrols.Add(shift.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case Panlong.Data.Incidents.IncidentEntry { IncidentId: var incident } when entry.State == EntityState.Added:
                    touches._incidents.Add(incident.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        return touches;
    }

    /// <summary>The current and (for a change) the original values of the named moments.</summary>
    private void Touch(EntityEntry entry, params string[] names)
    {
        foreach (var name in names)
        {
            var property = entry.Property(name);
            if (property.CurrentValue is DateTimeOffset current)
            {
                Touch(ChinaTime.DateOf(current));
            }
            if (entry.State == EntityState.Modified && property.OriginalValue is DateTimeOffset original)
            {
                Touch(ChinaTime.DateOf(original));
            }
        }
    }

    private void Touch(DateOnly day)
    {
        if (_first is not { } first)
        {
            (_first, _last) = (day, day);
            return;
        }
        _first = day < first ? day : first;
        _last = day > _last ? day : _last;
    }
}
