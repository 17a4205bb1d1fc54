using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.KeySites;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.KeySites;

/// <summary>A site as the keeper enters it; <see cref="Id"/> null for a new one.</summary>
public sealed record KeySiteForm(int? Id, string? Name, KeySiteKind Kind, double? Lat, double? Lng, long? BuildingId, string? ResponsibleUnit, int? RadiusMeters);

/// <summary>The saved id, or per-field resource keys saying what is wrong (nothing saved).</summary>
public sealed record KeySiteResult(long? Id, IReadOnlyDictionary<string, string> Errors)
{
    public bool Ok => Id is not null;

    public static KeySiteResult Refused(string field, string key) => new(null, new Dictionary<string, string> { [field] = key });
}

public enum CheckInStatus
{
    Done,
    AlreadyDone,
    NotFound,
    NotOnRoster,
    OutsideWindow,
    TooFar,
    Invalid,
}

/// <param name="Distance">Metres from the site, when a position was given.</param>
/// <param name="Window">The guard's windows at the site ("08:00–09:00, 20:00–21:00"), for the refusal's message.</param>
public sealed record CheckInResult(CheckInStatus Status, int? Distance = null, int Radius = 0, string? Window = null);

/// <summary>
/// Key sites (要害部位, issue 21 part 2, docs/decisions/0088-key-sites.md): the one write path for sites, rosters and
/// check-ins, used by the pages and the demo alike. Sites lie in the keeper's scope (the grid located from the position);
/// a check-in outside the window or beyond the radius is refused with the reason, never stored; a window that passes
/// without one alerts the street center once (the miss's key), whichever node's sweep sees it first.
/// </summary>
public sealed class KeySiteService(IDbContextFactory<PanlongDbContext> dbFactory, GridLocator grids, KeySiteSettings settings, AuditLog audit,
    IChangeSignal signal, TimeProvider clock)
{
    public const string Subject = "keysites";
    public const string CreatedAudit = "KeySite.Create";
    public const string EditedAudit = "KeySite.Edit";
    public const string DutyAddedAudit = "KeySite.DutyAdd";
    public const string DutyRemovedAudit = "KeySite.DutyRemove";
    public const string CheckInAudit = "KeySite.CheckIn";
    public const string MissedAudit = "KeySite.Missed";
    public static readonly IReadOnlyList<string> AuditActions = [CreatedAudit, EditedAudit, DutyAddedAudit, DutyRemovedAudit, CheckInAudit, MissedAudit];

    /// <summary>How far back the sweep looks: a day and a margin, so a window is told even after a restart, but a node down for days does not flood the center.</summary>
    private static readonly TimeSpan SweepLookBack = TimeSpan.FromHours(26);

    public async Task<KeySiteResult> SaveAsync(KeySiteForm form, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(KeySiteSettings.Keepers))
        {
            return KeySiteResult.Refused("form", "Refusal.NotAllowedForRole");
        }
        var errors = new Dictionary<string, string>();
        var name = form.Name?.Trim() ?? "";
        var unit = form.ResponsibleUnit?.Trim() ?? "";
        var radius = form.RadiusMeters ?? settings.DefaultRadiusMeters;
        if (name.Length is 0 or > KeySite.NameLength)
        {
            errors["name"] = "KeySites.Name.Length";
        }
        if (unit.Length is 0 or > KeySite.NameLength)
        {
            errors["unit"] = "KeySites.Unit.Length";
        }
        if (!Enum.IsDefined(form.Kind))
        {
            errors["kind"] = "KeySites.Kind.Required";
        }
        if (radius is < KeySiteRules.MinRadius or > KeySiteRules.MaxRadius)
        {
            errors["radius"] = "KeySites.Radius.Range";
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (lat, lng) = (form.Lat, form.Lng);
        if (form.BuildingId is { } buildingId)
        {
            // A building of the registry gives the position when none is typed; it must be one the keeper may see.
            if (await db.Buildings.AsNoTracking().InScope(actor.Scope).Where(b => b.Id == buildingId).Select(b => new { b.Lat, b.Lng }).SingleOrDefaultAsync(ct) is { } building)
            {
                (lat, lng) = (lat ?? building.Lat, lng ?? building.Lng);
            }
            else
            {
                errors["building"] = "KeySites.Building.NotFound";
            }
        }
        GridHit? grid = null;
        if (lat is not { } la || lng is not { } ln || !double.IsFinite(la) || !double.IsFinite(ln))
        {
            errors["position"] = "KeySites.Position.Required";
        }
        else if ((grid = await grids.LocateAsync(la, ln, ct)) is null)
        {
            errors["position"] = "KeySites.Position.Outside";
        }
        else if (!actor.Scope.Covers(grid.ScopePath))
        {
            errors["position"] = "KeySites.Position.OutOfScope";
        }
        var site = form.Id is { } id ? await db.KeySites.InScope(actor.Scope).SingleOrDefaultAsync(s => s.Id == id, ct) : null;
        if (form.Id is not null && site is null)
        {
            return KeySiteResult.Refused("form", "KeySites.NotFound");
        }
        if (errors.Count > 0)
        {
            return new KeySiteResult(null, errors);
        }
        var isNew = site is null;
        site ??= db.KeySites.Add(new KeySite { Name = name, ScopePath = grid!.ScopePath, ResponsibleUnit = unit }).Entity;
        (site.Name, site.Kind, site.Lat, site.Lng, site.BuildingId) = (name, form.Kind, Math.Round(lat!.Value, 6), Math.Round(lng!.Value, 6), form.BuildingId);
        (site.ResponsibleUnit, site.RadiusMeters, site.GridId, site.ScopePath, site.UpdatedAt) = (unit, radius, grid!.Id, grid.ScopePath, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        await audit.WriteAsync(isNew ? CreatedAudit : EditedAudit, actor.UserId, actor.Name, $"keysite:{site.Id}", $"{name} · {grid.Code} · {radius} m", ct: ct);
        signal.Changed(Subject);
        return new KeySiteResult(site.Id, errors);
    }

    /// <summary>Puts an account on the site's roster for a daily window from its next start; the account must be a guard of the keeper's area.</summary>
    public async Task<KeySiteResult> AddDutyAsync(int siteId, string? userName, int startMinute, int endMinute, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(KeySiteSettings.Keepers))
        {
            return KeySiteResult.Refused("form", "Refusal.NotAllowedForRole");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.KeySites.AsNoTracking().InScope(actor.Scope).SingleOrDefaultAsync(s => s.Id == siteId, ct) is not { } site)
        {
            return KeySiteResult.Refused("form", "KeySites.NotFound");
        }
        if (!KeySiteRules.ValidWindow(startMinute, endMinute))
        {
            return KeySiteResult.Refused("window", "KeySites.Window.Invalid");
        }
        var guards = KeySiteSettings.Guards.Split(',');
        var name = userName?.Trim() ?? "";
        // A guard of the keeper's own area: a street's roster never names another street's people.
        var root = actor.Scope.RootPath ?? "\0";
        var user = await db.Users.AsNoTracking().Where(u => u.UserName == name && u.DisabledAt == null && u.OrgUnit != null && u.OrgUnit.ScopePath.StartsWith(root))
            .Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && guards.Contains(r.Name!))))
            .Select(u => new { u.Id, u.DisplayName }).SingleOrDefaultAsync(ct);
        if (user is null)
        {
            return KeySiteResult.Refused("guard", "KeySites.Guard.NotFound");
        }
        var duty = new KeySiteDuty
        {
            SiteId = site.Id, UserId = user.Id, UserName = user.DisplayName.Length > 50 ? user.DisplayName[..50] : user.DisplayName,
            StartMinute = startMinute, EndMinute = endMinute, From = ChinaTime.Today(clock),
        };
        // A window already begun when the guard is put on the roster is not theirs to keep: the duty starts tomorrow.
        if (KeySiteRules.Window(duty, duty.From).Start <= clock.GetUtcNow())
        {
            duty.From = duty.From.AddDays(1);
        }
        db.KeySiteDuties.Add(duty);
        db.AuditEntries.Add(audit.Create(DutyAddedAudit, actor.UserId, actor.Name, $"keysite:{site.Id}", $"{duty.UserName} {KeySiteRules.Format(startMinute, endMinute)}"));
        await db.SaveChangesAsync(ct);
        return new KeySiteResult(duty.Id, new Dictionary<string, string>());
    }

    /// <summary>Takes a roster line off from today on: its past windows stay due in the figures, its future ones are not.</summary>
    public async Task<bool> RemoveDutyAsync(long dutyId, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(KeySiteSettings.Keepers))
        {
            return false;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var sites = db.KeySites.InScope(actor.Scope);
        if (await db.KeySiteDuties.Where(d => d.Id == dutyId && d.Until == null && sites.Any(s => s.Id == d.SiteId)).SingleOrDefaultAsync(ct) is not { } duty)
        {
            return false;
        }
        // Today's window counts only when it has already ended.
        var today = ChinaTime.Today(clock);
        duty.Until = KeySiteRules.Window(duty, today).End <= clock.GetUtcNow() ? today.AddDays(1) : today;
        db.AuditEntries.Add(audit.Create(DutyRemovedAudit, actor.UserId, actor.Name, $"keysite:{duty.SiteId}", $"{duty.UserName} {KeySiteRules.Format(duty.StartMinute, duty.EndMinute)}"));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The guard checks in at the site from where the phone stands: on the roster, inside one of their windows and within the
    /// site's radius, or refused with the reason (nothing stored). A second check-in in the same window is told it is done.
    /// </summary>
    public async Task<CheckInResult> CheckInAsync(int siteId, WorkflowActor actor, double lat, double lng, string? note, CancellationToken ct = default)
    {
        if (actor.UserId is not { } userId || !double.IsFinite(lat) || !double.IsFinite(lng) || lat is < -90 or > 90 || lng is < -180 or > 180
            || note?.Length > KeySiteCheckIn.NoteLength)
        {
            return new CheckInResult(CheckInStatus.Invalid);
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.KeySites.AsNoTracking().SingleOrDefaultAsync(s => s.Id == siteId && s.IsActive, ct) is not { } site)
        {
            return new CheckInResult(CheckInStatus.NotFound);
        }
        var now = clock.GetUtcNow();
        var duties = (await db.KeySiteDuties.AsNoTracking().Where(d => d.SiteId == siteId && d.UserId == userId).ToListAsync(ct))
            .Where(d => KeySiteRules.OnRoster(d, ChinaTime.DateOf(now))).OrderBy(d => d.StartMinute).ToList();
        if (duties.Count == 0)
        {
            return new CheckInResult(CheckInStatus.NotOnRoster);
        }
        var windows = string.Join(", ", duties.Select(d => KeySiteRules.Format(d.StartMinute, d.EndMinute)));
        var distance = (int)Math.Round(ServiceOrderRules.Meters(site.Lat, site.Lng, lat, lng));
        if (duties.Select(d => (Duty: d, Day: KeySiteRules.DayOf(d, now))).FirstOrDefault(x => x.Day is not null) is not { Duty: { } duty, Day: { } day })
        {
            return new CheckInResult(CheckInStatus.OutsideWindow, distance, site.RadiusMeters, windows);
        }
        if (distance > site.RadiusMeters)
        {
            return new CheckInResult(CheckInStatus.TooFar, distance, site.RadiusMeters, windows);
        }
        if (await db.KeySiteCheckIns.AnyAsync(c => c.DutyId == duty.Id && c.Day == day, ct))
        {
            return new CheckInResult(CheckInStatus.AlreadyDone, distance, site.RadiusMeters, windows);
        }
        db.KeySiteCheckIns.Add(new KeySiteCheckIn
        {
            DutyId = duty.Id, SiteId = siteId, UserId = userId, Day = day, At = now, Lat = Math.Round(lat, 6), Lng = Math.Round(lng, 6),
            DistanceMeters = distance, Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        });
        db.AuditEntries.Add(audit.Create(CheckInAudit, userId, actor.Name, $"keysite:{siteId}", $"{KeySiteRules.Format(duty.StartMinute, duty.EndMinute)} · {distance} m"));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same window checked in from a second tap at the same moment: the key kept one.
            return new CheckInResult(CheckInStatus.AlreadyDone, distance, site.RadiusMeters, windows);
        }
        signal.Changed(Subject);
        return new CheckInResult(CheckInStatus.Done, distance, site.RadiusMeters, windows);
    }

    /// <summary>
    /// One run of the periodic job <c>keysite-sweep</c> (docs/decisions/0076-periodic-jobs.md): each window of the last day that
    /// ended without a check-in becomes a miss, and the street center's shift lead is told in the same transaction. The miss's
    /// key (duty, day) is the once-only rule: a second sweep, on this node or another, fails to insert it and tells nobody.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var fromDay = ChinaTime.DateOf(now - SweepLookBack).AddDays(-1);
        var rows = await (from d in db.KeySiteDuties.AsNoTracking()
                          join s in db.KeySites.AsNoTracking() on d.SiteId equals s.Id
                          where s.IsActive && (d.Until == null || d.Until > fromDay)
                          select new { Duty = d, s.Name, s.ScopePath }).ToListAsync(ct);
        var told = 0;
        foreach (var row in rows)
        {
            foreach (var day in KeySiteRules.DueDays(row.Duty, now - SweepLookBack, now))
            {
                var dutyId = row.Duty.Id;
                if (await db.KeySiteCheckIns.AnyAsync(c => c.DutyId == dutyId && c.Day == day, ct) || await db.KeySiteMisses.AnyAsync(m => m.DutyId == dutyId && m.Day == day, ct))
                {
                    continue;
                }
                told += await MissAsync(db, row.Duty, row.Name, row.ScopePath, day, now, ct);
            }
        }
        if (told > 0)
        {
            signal.Changed(Subject);
        }
        return told;
    }

    private async Task<int> MissAsync(PanlongDbContext db, KeySiteDuty duty, string siteName, string scopePath, DateOnly day, DateTimeOffset now, CancellationToken ct)
    {
        var window = KeySiteRules.Format(duty.StartMinute, duty.EndMinute);
        var path = OrgPath.Parse(scopePath);
        var region = path.CodeAt(OrgLevel.Street) ?? path.CodeAt(OrgLevel.District) ?? DistrictPlan.DistrictCode;
        var message = Outbox.Message("keysite.missed", $"unit:{DistrictPlan.CenterCode(region)}:{Roles.ShiftLead}",
            $"要害部位 {siteName} 漏签到：{duty.UserName} {day:yyyy-MM-dd} {window}", null, $"/sites/{duty.SiteId}", now);
        db.ChangeTracker.Clear();
        db.KeySiteMisses.Add(new KeySiteMiss { DutyId = duty.Id, Day = day, SiteId = duty.SiteId, AlertedAt = now });
        db.OutboxMessages.Add(message);
        db.AuditEntries.Add(audit.Create(MissedAudit, null, "系统", $"keysite:{duty.SiteId}", $"{duty.UserName} {day:yyyy-MM-dd} {window}"));
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateException)
        {
            // Another node's sweep recorded this miss first, and told the center: nothing more to say.
            db.ChangeTracker.Clear();
            return 0;
        }
    }
}
