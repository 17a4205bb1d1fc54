using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Incidents;
using Panlong.Data.Notifications;
using Panlong.Data.Organization;
using Panlong.Data.Workflows;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Workflows.Incidents;

public enum IncidentOutcome
{
    Done,
    NotFound,
    Refused,
    Invalid,
}

/// <summary>What an incident action came to: the incident's id when done, or a resource key saying what is wrong.</summary>
public sealed record IncidentResult(IncidentOutcome Outcome, long? Id = null, string? Error = null, IReadOnlyDictionary<string, string>? Errors = null)
{
    public bool Ok => Outcome == IncidentOutcome.Done;

    public static IncidentResult Invalid(string error) => new(IncidentOutcome.Invalid, Error: error);

    public static readonly IncidentResult NotFound = new(IncidentOutcome.NotFound);
}

/// <summary>Everything about one incident: the room shows it live and the report prints it.</summary>
public sealed record IncidentRecord(Incident Incident, IReadOnlyList<IncidentUnit> Units, IReadOnlyList<IncidentOrder> Orders, IReadOnlyList<IncidentEntry> Entries)
{
    public string UnitName(string code) => Units.FirstOrDefault(u => u.UnitCode == code)?.UnitName ?? code;

    /// <summary>An order not yet reported back whose deadline (wall clock) has passed: shown red.</summary>
    public static bool IsOverdue(IncidentOrder order, DateTimeOffset now) =>
        order.State is IncidentContract.Ordered or IncidentContract.Acting && order.DueAt is { } due && due < now;
}

/// <summary>
/// Major incidents (issue 19 part 5, docs/decisions/0075-major-incident-command.md). The shift lead raises a case to a major
/// incident, or the acceptor opens one from a call (the case goes in through the loop's report path); the lead department
/// and the involved units are told at once by high-priority outbox messages. The shift lead gives orders — each a short
/// task on the engine with a deadline in wall-clock minutes — that units acknowledge and report back on; units check in on
/// the scene; closing withdraws what is still open and stores the incident report. Every change writes a line to the live
/// log, whose rows notify every node (ADR 45).
/// </summary>
public sealed class IncidentService(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, CaseService cases, AuditLog audit,
    IChangeSignal signal, TimeProvider clock)
{
    public const int MaxTextLength = 500;
    public const int MaxSummaryLength = 1000;

    public static string? IncidentOf(string subject) =>
        subject.StartsWith(IncidentContract.LogSubject + ":", StringComparison.Ordinal) ? subject[(IncidentContract.LogSubject.Length + 1)..] : null;

    /// <summary>The units a command center may call out: where its level may send work (the case loop's dispatch rule).</summary>
    public static async Task<List<(string Code, string Name)>> ReachableUnitsAsync(PanlongDbContext db, string hubCode, CancellationToken ct)
    {
        var (ownRegion, departments) = CaseGuards.DispatchTarget.DispatchReach(CaseVariables.LevelOf(hubCode));
        var rows = await db.OrgUnits.AsNoTracking()
            .Where(u => (ownRegion && u.Code == hubCode) || (departments && u.Kind == OrgUnitKind.Department && u.IsActive))
            .OrderBy(u => u.Kind).ThenBy(u => u.Code).Select(u => new { u.Code, u.Name }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Code, r.Name))];
    }

    /// <summary>The region whose center the actor works in: the leaf of their scope (a street's or the district's code).</summary>
    public static string? HubOf(WorkflowActor actor) => actor.Scope.Root is { } root && root.IsRegion && root.Depth > 0 ? root.Leaf : null;

    public static bool MayCommand(WorkflowActor actor, Incident incident) =>
        actor.HoldsAny(IncidentContract.Commanders) && actor.Scope.Covers(incident.ScopePath);

    /// <summary>The command center in scope, or a handler of one of the units called out (the unit is the leaf of their scope).</summary>
    public static bool MaySee(WorkflowActor actor, Incident incident, IEnumerable<string> unitCodes) =>
        (actor.HoldsAny(IncidentContract.Watchers) && actor.Scope.Covers(incident.ScopePath)) || UnitOf(actor, unitCodes) is not null;

    /// <summary>The incident's unit the actor acts for, if they are a handler of one.</summary>
    public static string? UnitOf(WorkflowActor actor, IEnumerable<string> unitCodes) =>
        actor.Roles.Contains(Roles.DepartmentHandler) && actor.Scope.Root is { } root && unitCodes.Contains(root.Leaf) ? root.Leaf : null;

    /// <summary>The shift lead raises a case of their area to a major incident; raising it again opens the same one.</summary>
    public async Task<IncidentResult> RaiseAsync(string caseNumber, string? leadUnit, IReadOnlyList<string> involved, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(IncidentContract.Commanders))
        {
            return new IncidentResult(IncidentOutcome.Refused, Error: "Incidents.NotCommander");
        }
        return await RaiseCoreAsync(caseNumber, leadUnit, involved, actor, AuditActions.IncidentRaised, ct);
    }

    /// <summary>
    /// The acceptor opens an incident from a call: the units are checked first, then the case is reported through the loop
    /// (a hotline case, with the caller's masked phone), then raised. Bad input reports nothing and says what is wrong.
    /// </summary>
    public async Task<IncidentResult> OpenFromCallAsync(CaseReport report, string? leadUnit, IReadOnlyList<string> involved, WorkflowActor actor, CancellationToken ct = default)
    {
        if (!actor.HoldsAny(IncidentContract.CallTakers) || HubOf(actor) is not { } hub)
        {
            return new IncidentResult(IncidentOutcome.Refused, Error: "Incidents.NotCallTaker");
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await CheckUnitsAsync(db, hub, leadUnit, involved, ct) is { } error)
            {
                return new IncidentResult(IncidentOutcome.Invalid, Errors: new Dictionary<string, string> { ["units"] = error });
            }
        }
        var reported = await cases.ReportAsync(report, actor, ct);
        if (!reported.Ok)
        {
            return new IncidentResult(IncidentOutcome.Invalid, Errors: reported.Errors);
        }
        return await RaiseCoreAsync(reported.Number!, leadUnit, involved, actor, AuditActions.IncidentOpened, ct);
    }

    private async Task<IncidentResult> RaiseCoreAsync(string caseNumber, string? leadUnit, IReadOnlyList<string> involved, WorkflowActor actor, string auditAction,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Number == caseNumber, ct);
        if (item is null || !actor.Scope.Covers(item.ScopePath) || HubOf(actor) is not { } hub)
        {
            return IncidentResult.NotFound;
        }
        if (await db.Incidents.Where(i => i.CaseId == item.Id && i.Status == IncidentStatus.Open).Select(i => (long?)i.Id).FirstOrDefaultAsync(ct) is { } open)
        {
            return new IncidentResult(IncidentOutcome.Done, open);
        }
        if (await CheckUnitsAsync(db, hub, leadUnit, involved, ct) is { } error)
        {
            return IncidentResult.Invalid(error);
        }
        var reachable = (await ReachableUnitsAsync(db, hub, ct)).ToDictionary(u => u.Code, u => u.Name);
        var codes = involved.Prepend(leadUnit!).Distinct().ToList();
        var now = clock.GetUtcNow();
        var name = IncidentText.Name(actor.Name);
        for (var attempt = 0; ; attempt++)
        {
            var number = await DailyNumbers.NextAsync(db.Incidents.AsNoTracking().Select(i => (string?)i.Number), DailyNumbers.Prefix(IncidentContract.NumberLetters, now), ct);
            var incident = new Incident
            {
                Number = number,
                CaseId = item.Id,
                CaseNumber = item.Number,
                Description = item.Description,
                Address = item.Address,
                Lat = item.Lat,
                Lng = item.Lng,
                ScopePath = item.ScopePath,
                HubCode = hub,
                LeadUnitCode = leadUnit!,
                Status = IncidentStatus.Open,
                RaisedAt = now,
                RaisedById = actor.UserId ?? "",
                RaisedByName = name,
            };
            db.Incidents.Add(incident);
            db.IncidentUnits.AddRange(codes.Select(c => new IncidentUnit { Incident = incident, UnitCode = c, UnitName = reachable[c], IsLead = c == leadUnit }));
            db.IncidentEntries.Add(new IncidentEntry { Incident = incident, At = now, Kind = IncidentEntryKind.Raised, ActorName = name, Text = $"{item.Number} {item.Description}" });
            foreach (var code in codes)
            {
                // The call-out goes before every routine message waiting in the outbox (OutboxPriority.High).
                var message = Outbox.Message(IncidentContract.RaisedTopic, $"unit:{code}:{Roles.DepartmentHandler}",
                    $"重大突发事件 {number}：{(code == leadUnit ? "牵头处置" : "协同处置")}", item.Description, IncidentLinks.Room(number), now);
                message.Priority = OutboxPriority.High;
                db.OutboxMessages.Add(message);
                db.IncidentEntries.Add(new IncidentEntry { Incident = incident, At = now, Kind = IncidentEntryKind.Notified, UnitName = reachable[code], ActorName = name,
                    Text = code == leadUnit ? "牵头单位" : "协同单位" });
            }
            db.AuditEntries.Add(audit.Create(auditAction, actor.UserId, actor.Name, number, $"{item.Number} lead={leadUnit} units={string.Join(',', codes)}"));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 10)
            {
                // Two incidents numbered at once: the loser takes the next serial.
                db.ChangeTracker.Clear();
                continue;
            }
            signal.Changed($"{IncidentContract.LogSubject}:{incident.Id}");
            return new IncidentResult(IncidentOutcome.Done, incident.Id);
        }
    }

    /// <summary>The lead unit is required; every unit must be one the center may send work to.</summary>
    private static async Task<string?> CheckUnitsAsync(PanlongDbContext db, string hub, string? leadUnit, IReadOnlyList<string> involved, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(leadUnit))
        {
            return "Incidents.Lead.Required";
        }
        var reachable = (await ReachableUnitsAsync(db, hub, ct)).Select(u => u.Code).ToHashSet();
        return involved.Prepend(leadUnit).All(reachable.Contains) ? null : "Incidents.Unit.Unknown";
    }

    /// <summary>An order to one of the incident's units, with a deadline in minutes: a task on the engine.</summary>
    public async Task<IncidentResult> OrderAsync(long incidentId, string? unitCode, string? text, int minutes, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null || !MayCommand(actor, incident))
        {
            return IncidentResult.NotFound;
        }
        if (incident.Status != IncidentStatus.Open)
        {
            return IncidentResult.Invalid("Incidents.Closed");
        }
        var unit = await db.IncidentUnits.AsNoTracking().SingleOrDefaultAsync(u => u.IncidentId == incidentId && u.UnitCode == unitCode, ct);
        if (unit is null)
        {
            return IncidentResult.Invalid("Incidents.Unit.Unknown");
        }
        text = text?.Trim() ?? "";
        if (text.Length is < 2 or > MaxTextLength)
        {
            return IncidentResult.Invalid("Incidents.Order.Text.Invalid");
        }
        if (minutes is < IncidentContract.MinMinutes or > IncidentContract.MaxMinutes)
        {
            return IncidentResult.Invalid("Incidents.Order.Minutes.Invalid");
        }
        var now = clock.GetUtcNow();
        var name = IncidentText.Name(actor.Name);
        var order = new IncidentOrder
        {
            IncidentId = incidentId, UnitCode = unit.UnitCode, UnitName = unit.UnitName, Text = text, Minutes = minutes, State = IncidentContract.Ordered,
            GivenAt = now, GivenByName = name,
        };
        var variables = new Dictionary<string, object?> { [IncidentContract.UnitVariable] = unit.UnitCode, [IncidentContract.MinutesVariable] = minutes };
        await runner.StartAsync(db, IncidentContract.Key, new WorkflowSubject(IncidentContract.Subject, incident.Number, unit.UnitCode), actor, variables, (tx, instance) =>
        {
            order.InstanceId = instance.Id;
            tx.IncidentOrders.Add(order);
            tx.IncidentEntries.Add(new IncidentEntry
            {
                IncidentId = incidentId, At = now, Kind = IncidentEntryKind.Order, UnitName = unit.UnitName, ActorName = name, Text = $"{text}（{minutes} 分钟）",
            });
        }, ct);
        signal.Changed($"{IncidentContract.LogSubject}:{incidentId}");
        return new IncidentResult(IncidentOutcome.Done, order.Id);
    }

    /// <summary>The unit acknowledges an order (its handler, on the phone).</summary>
    public Task<IncidentResult> AcknowledgeAsync(long orderId, WorkflowActor actor, CancellationToken ct = default) =>
        FireAsync(orderId, IncidentContract.Acknowledge, null, actor, ct);

    /// <summary>The unit reports back on an order it acknowledged.</summary>
    public Task<IncidentResult> ReportBackAsync(long orderId, string? report, WorkflowActor actor, CancellationToken ct = default) =>
        string.IsNullOrWhiteSpace(report) || report.Trim().Length > MaxTextLength
            ? Task.FromResult(IncidentResult.Invalid("Incidents.Report.Text.Invalid"))
            : FireAsync(orderId, IncidentContract.Report, report.Trim(), actor, ct);

    private async Task<IncidentResult> FireAsync(long orderId, string trigger, string? comment, WorkflowActor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var order = await db.IncidentOrders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        var version = order is null ? null : await db.ProcessInstances.Where(i => i.Id == order.InstanceId).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        if (order is null || version is null || UnitOf(actor, [order.UnitCode]) is null)
        {
            return IncidentResult.NotFound;
        }
        var result = await runner.FireAsync(db, order.InstanceId, version.Value, trigger, actor, new FireInput(comment), ct: ct);
        if (!result.Ok)
        {
            return new IncidentResult(IncidentOutcome.Refused, Error: "Refusal." + result.Refusal);
        }
        signal.Changed($"{IncidentContract.LogSubject}:{order.IncidentId}");
        return new IncidentResult(IncidentOutcome.Done, order.IncidentId);
    }

    /// <summary>A unit's handler checks in on the scene with the phone's position; the first check-in is the unit's arrival.</summary>
    public async Task<IncidentResult> CheckInAsync(long incidentId, double? lat, double? lng, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        var units = await db.IncidentUnits.Where(u => u.IncidentId == incidentId).ToListAsync(ct);
        if (incident is null || UnitOf(actor, units.Select(u => u.UnitCode)) is not { } code)
        {
            return IncidentResult.NotFound;
        }
        if (incident.Status != IncidentStatus.Open)
        {
            return IncidentResult.Invalid("Incidents.Closed");
        }
        if (lat is not { } la || lng is not { } ln || !double.IsFinite(la) || !double.IsFinite(ln) || !PatrolTrack.InChina(la, ln))
        {
            return IncidentResult.Invalid("Incidents.CheckIn.Position");
        }
        var unit = units.Single(u => u.UnitCode == code);
        var now = clock.GetUtcNow();
        var name = IncidentText.Name(actor.Name);
        var meters = (int)Math.Round(Community.ServiceOrderRules.Meters(incident.Lat, incident.Lng, la, ln));
        if (unit.ArrivedAt is null)
        {
            unit.ArrivedAt = now;
            unit.ArrivedLat = Math.Round(la, 6);
            unit.ArrivedLng = Math.Round(ln, 6);
            unit.ArrivedByName = name;
        }
        db.IncidentEntries.Add(new IncidentEntry
        {
            IncidentId = incidentId, At = now, Kind = IncidentEntryKind.CheckIn, UnitName = unit.UnitName, ActorName = name,
            Text = FormattableString.Invariant($"{la:F5}, {ln:F5}（距事发点 {meters} 米）"),
        });
        await db.SaveChangesAsync(ct);
        signal.Changed($"{IncidentContract.LogSubject}:{incidentId}");
        return new IncidentResult(IncidentOutcome.Done, incidentId);
    }

    /// <summary>Everything about the incident, or null when it does not exist.</summary>
    public async Task<IncidentRecord?> RecordAsync(long incidentId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await RecordAsync(db, incidentId, ct);
    }

    private static async Task<IncidentRecord?> RecordAsync(PanlongDbContext db, long incidentId, CancellationToken ct)
    {
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null)
        {
            return null;
        }
        var units = await db.IncidentUnits.AsNoTracking().Where(u => u.IncidentId == incidentId).OrderByDescending(u => u.IsLead).ThenBy(u => u.UnitCode).ToListAsync(ct);
        var orders = await db.IncidentOrders.AsNoTracking().Where(o => o.IncidentId == incidentId).OrderBy(o => o.Id).ToListAsync(ct);
        var entries = await db.IncidentEntries.AsNoTracking().Where(e => e.IncidentId == incidentId).OrderBy(e => e.Id).ToListAsync(ct);
        return new IncidentRecord(incident, units, orders, entries);
    }

    /// <summary>
    /// The shift lead closes the incident: orders still open are withdrawn on the engine, the closing is logged, and the
    /// incident report (<paramref name="render"/>: the portal's PDF toolkit) is made from the final record and stored with it.
    /// </summary>
    public async Task<IncidentResult> CloseAsync(long incidentId, string? summary, WorkflowActor actor, Func<IncidentRecord, byte[]> render, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, ct);
        if (incident is null || !MayCommand(actor, incident))
        {
            return IncidentResult.NotFound;
        }
        if (incident.Status != IncidentStatus.Open)
        {
            return IncidentResult.Invalid("Incidents.Closed");
        }
        summary = summary?.Trim() ?? "";
        if (summary.Length is < 2 or > MaxSummaryLength)
        {
            return IncidentResult.Invalid("Incidents.Summary.Length");
        }
        var open = await db.IncidentOrders.AsNoTracking().Where(o => o.IncidentId == incidentId)
            .Join(db.ProcessInstances.Where(i => i.Status == InstanceStatus.Running), o => o.InstanceId, i => i.Id, (o, i) => new { i.Id, i.Version }).ToListAsync(ct);
        foreach (var instance in open)
        {
            await runner.FireAsync(db, instance.Id, instance.Version, IncidentContract.Withdraw, WorkflowActor.System, new FireInput("事件结束，指令撤回"), ct: ct);
        }
        var now = clock.GetUtcNow();
        var name = IncidentText.Name(actor.Name);
        db.ChangeTracker.Clear();
        db.IncidentEntries.Add(new IncidentEntry { IncidentId = incidentId, At = now, Kind = IncidentEntryKind.Closed, ActorName = name, Text = summary });
        await db.SaveChangesAsync(ct);
        var record = (await RecordAsync(db, incidentId, ct))!;
        record.Incident.Status = IncidentStatus.Closed;
        record.Incident.ClosedAt = now;
        record.Incident.ClosedByName = name;
        record.Incident.Summary = summary;
        var pdf = render(record);
        var closed = await db.Incidents.Where(i => i.Id == incidentId && i.Status == IncidentStatus.Open && i.Version == incident.Version)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, IncidentStatus.Closed).SetProperty(i => i.ClosedAt, now).SetProperty(i => i.ClosedByName, name)
                .SetProperty(i => i.Summary, summary).SetProperty(i => i.ReportPdf, pdf).SetProperty(i => i.Version, Guid.NewGuid()), ct);
        if (closed == 0)
        {
            return new IncidentResult(IncidentOutcome.Refused, Error: "Refusal.ChangedBySomeoneElse");
        }
        await audit.WriteAsync(AuditActions.IncidentClosed, actor.UserId, actor.Name, incident.Number, $"orders={record.Orders.Count} withdrawn={open.Count}", ct: ct);
        signal.Changed($"{IncidentContract.LogSubject}:{incidentId}");
        return new IncidentResult(IncidentOutcome.Done, incidentId);
    }
}
