using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Cases;

/// <summary>A photo already checked and stored by the portal (content type by content, thumbnail made).</summary>
public sealed record StoredPhoto(PhotoStage Stage, string FileName, string ContentType, long Size, string StoredPath, string ThumbnailPath,
    double? ExifLat = null, double? ExifLng = null);

/// <summary>
/// What a reporter sends. Hotline calls carry the caller's name and phone. <see cref="Source"/> is set only where the channel,
/// not the reporter's role, tells where the case came from (Open311: <see cref="CaseSource.Partner"/>).
/// </summary>
public sealed record CaseReport(int? CategoryId, string? Description, double? Lat, double? Lng, string? Address, string? ClientKey,
    bool SelfHandled = false, IReadOnlyList<StoredPhoto>? Photos = null, string? CallerName = null, string? CallerPhone = null, CaseSource? Source = null);

/// <summary>The outcome of a report: the case number, or per-field resource keys saying what is wrong.</summary>
public sealed record ReportResult(string? Number, IReadOnlyDictionary<string, string> Errors, bool Duplicate = false)
{
    public bool Ok => Number is not null;
}

public sealed record NearbyCase(string Number, string CategoryName, string Description, string StateName, int DistanceMeters, DateTimeOffset ReportedAt);

public enum CaseActOutcome
{
    Done,
    NotFound,
    Refused,
}

/// <summary>What an action came to; when done, <see cref="Version"/> is the case's new version (the next action's If-Match).</summary>
public sealed record CaseActResult(CaseActOutcome Outcome, Refusal? Refusal = null, string? Detail = null, Guid? Version = null);

/// <summary>
/// The case feature's one service, called by pages and APIs alike. Reporting validates, finds the grid from the
/// position, numbers the case and starts the loop in one transaction; acting checks that the actor can see the case and
/// goes through the workflow runner (role, scope, state, the version the user saw) in one context and one SaveChanges,
/// the audit row included. After a change the portal is signalled (docs/decisions/0017-one-service-per-feature.md).
/// </summary>
public sealed class CaseService(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, GridLocator grids, AuditLog audit, IChangeSignal signal,
    TimeProvider clock)
{
    /// <summary>Decisions that end or suspend a case, and a higher level's 上收 and 督办, are also written to the audit log.</summary>
    private static readonly HashSet<string> Audited =
    [
        CaseLoopContract.ApproveVoid, CaseLoopContract.Decline, CaseLoopContract.ApproveShelve, CaseLoopContract.ConfirmSelfHandled,
        CaseLoopContract.ApproveExtension, CaseLoopContract.Escalate, CaseLoopContract.TakeOver, CaseLoopContract.Urge,
    ];

    public const int MaxPhotos = 9;
    public const int DuplicateRadiusMeters = 100;

    // The columns' lengths (Panlong.Data/Cases/CaseConfiguration.cs), refused here with a message rather than by the
    // database with a 500; the messages (Entities.Address.TooLong, Cases.ClientKey.TooLong) name the same numbers.
    public const int MaxAddressLength = 200;
    public const int MaxClientKeyLength = 64;

    // Every report reads its class: compiled once (docs/decisions/0071-the-demo-year-in-four-minutes.md).
    private static readonly CompiledPerModel<Func<PanlongDbContext, int, CancellationToken, Task<CaseCategory?>>> ActiveCategory = new(() =>
        EF.CompileAsyncQuery((PanlongDbContext db, int id, CancellationToken ct) => db.CaseCategories.AsNoTracking().SingleOrDefault(c => c.Id == id && c.IsActive)));

    public Task<ReportResult> ReportAsync(CaseReport report, WorkflowActor actor, CancellationToken ct = default) =>
        ReportAsync(report, actor, demoBatch: null, leavesAt: null, ct);

    /// <summary>A report with rows of the caller's saved in the same transaction as the case (a spot check's finding and its 漏报 fact).</summary>
    public Task<ReportResult> ReportAsync(CaseReport report, WorkflowActor actor, Action<PanlongDbContext, Case> alongside, CancellationToken ct = default) =>
        ReportAsync(report, actor, demoBatch: null, leavesAt: null, ct, alongside);

    /// <param name="demoBatch">
    /// The demo generator's context: the report is started and saved in it (its transaction, its simulated clock) and the
    /// case is marked as generated, so a rerun can replace it (docs/decisions/0022-demo-cases-through-the-loop.md).
    /// </param>
    /// <param name="leavesAt">The generator's next step from the start state, for its timers (<see cref="HeldInstance.LeavesAt"/>).</param>
    /// <param name="alongside">Rows of the caller's saved in the case's transaction (a spot check's finding and its 漏报 fact).</param>
    internal async Task<ReportResult> ReportAsync(CaseReport report, WorkflowActor actor, PanlongDbContext? demoBatch,
        Func<string, DateTimeOffset?, DateTimeOffset?>? leavesAt, CancellationToken ct, Action<PanlongDbContext, Case>? alongside = null)
    {
        var errors = new Dictionary<string, string>();
        if (report.ClientKey?.Length > MaxClientKeyLength)
        {
            return new ReportResult(null, new Dictionary<string, string> { ["clientKey"] = "Cases.ClientKey.TooLong" });
        }
        await using var own = demoBatch is null ? await dbFactory.CreateDbContextAsync(ct) : null;
        var db = demoBatch ?? own!;
        if (!string.IsNullOrWhiteSpace(report.ClientKey) && actor.UserId is not null
            && await db.Cases.AsNoTracking().Where(c => c.ReporterUserId == actor.UserId && c.ClientKey == report.ClientKey).Select(c => c.Number).FirstOrDefaultAsync(ct) is { } existing)
        {
            return new ReportResult(existing, errors, Duplicate: true);
        }
        var category = report.CategoryId is { } id ? await ActiveCategory.For(db)(db, id, ct) : null;
        if (category is null)
        {
            errors["category"] = "Cases.Category.Required";
        }
        var description = report.Description?.Trim() ?? "";
        if (description.Length is < 5 or > 1000)
        {
            errors["description"] = "Cases.Description.Length";
        }
        if (report.Address?.Trim().Length > MaxAddressLength)
        {
            errors["address"] = "Entities.Address.TooLong";
        }
        GridHit? grid = null;
        if (report.Lat is not { } lat || report.Lng is not { } lng)
        {
            errors["position"] = "Cases.Position.Required";
        }
        else if ((grid = await grids.LocateAsync(lat, lng, ct)) is null)
        {
            errors["position"] = "Cases.Position.Outside";
        }
        var photos = report.Photos ?? [];
        if (photos.Count > MaxPhotos)
        {
            errors["photos"] = "Cases.Photos.TooMany";
        }
        if (report.SelfHandled && !photos.Any(p => p.Stage == PhotoStage.After))
        {
            errors["photos"] = "Cases.SelfHandled.NeedsAfterPhoto";
        }
        var hotline = actor.Roles.Contains(Roles.Acceptor);
        string? callerPhoneMasked = null;
        if (hotline && !string.IsNullOrWhiteSpace(report.CallerPhone))
        {
            if (PhoneNumber.IsValid(report.CallerPhone))
            {
                callerPhoneMasked = PersonalDataMask.Phone(PhoneNumber.Normalize(report.CallerPhone));
            }
            else
            {
                errors["callerPhone"] = "Registry.Phone.Invalid";
            }
        }
        if (errors.Count > 0)
        {
            return new ReportResult(null, errors);
        }

        var source = report.Source ?? SourceOf(actor);
        var hub = HubFor(actor, grid!.ScopePath);
        var staffReporter = actor.UserId is not null && (actor.Roles.Contains(Roles.Inspector) || actor.Roles.Contains(Roles.Supervisor) || actor.Roles.Contains(Roles.GridWorker)
            || actor.Roles.Contains(Roles.SpotChecker));
        var variables = new Dictionary<string, object?>
        {
            [CaseVariables.Hub] = hub,
            [CaseVariables.SelfHandled] = report.SelfHandled,
            [CaseVariables.VerifyHours] = category!.VerifyHours,
            [CaseVariables.DispatchHours] = category.DispatchHours,
            [CaseVariables.HandleHours] = category.HandleHours,
            [CaseVariables.CategoryHandleHours] = category.HandleHours,
            [CaseVariables.CheckHours] = category.CheckHours,
        };
        if (staffReporter)
        {
            // Field staff and the district's 督察员 check their own report's fix; anyone else's report gets its checker at 核实.
            variables[CaseVariables.CheckerId] = actor.UserId;
        }
        var now = clock.GetUtcNow();
        var shiftId = await PatrolShiftOfAsync(db, actor, now, ct);
        // The number is the day's next serial; two reports at the same moment collide on the unique index, and the loser retries.
        for (var attempt = 0; ; attempt++)
        {
            var number = await DailyNumbers.NextAsync(db.Cases.AsNoTracking().Select(c => (string?)c.Number), DailyNumbers.Prefix("AJ", now), ct);
            try
            {
                var subject = new WorkflowSubject(CaseListener.Subject, number, grid.Code);
                void AddCase(PanlongDbContext tx, Data.Workflows.ProcessInstance instance)
                {
                    var item = new Case
                    {
                        Number = number,
                        CategoryId = category.Id,
                        Description = description,
                        Address = string.IsNullOrWhiteSpace(report.Address) ? null : report.Address.Trim(),
                        Lat = Math.Round(report.Lat!.Value, 6),
                        Lng = Math.Round(report.Lng!.Value, 6),
                        GridId = grid.Id,
                        ScopePath = grid.ScopePath,
                        Source = source,
                        Level = CaseVariables.LevelOf(hub),
                        HubCode = hub,
                        SelfHandled = report.SelfHandled,
                        ReporterUserId = actor.UserId,
                        ReporterName = actor.Name,
                        PatrolShiftId = shiftId,
                        CallerName = hotline ? report.CallerName?.Trim() : null,
                        CallerPhoneMasked = callerPhoneMasked,
                        ClientKey = string.IsNullOrWhiteSpace(report.ClientKey) ? null : report.ClientKey,
                        InstanceId = instance.Id,
                        State = instance.State,
                        StateName = instance.State,
                        ReportedAt = now,
                        StepStartedAt = now,
                        Photos = photos.Select(p => Photo(p, actor, now)).ToList(),
                        IsDemo = demoBatch is not null,
                    };
                    tx.Cases.Add(item);
                    alongside?.Invoke(tx, item);
                }
                _ = demoBatch is null
                    ? await runner.StartAsync(CaseLoopContract.Key, subject, actor, variables, AddCase, ct)
                    : await runner.StartAsync(demoBatch, CaseLoopContract.Key, subject, actor, variables, AddCase, leavesAt, ct);
                signal.Changed(CaseListener.Subject);
                return new ReportResult(number, errors);
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                if (!string.IsNullOrWhiteSpace(report.ClientKey) && actor.UserId is not null)
                {
                    await using var check = await dbFactory.CreateDbContextAsync(ct);
                    if (await check.Cases.Where(c => c.ReporterUserId == actor.UserId && c.ClientKey == report.ClientKey).Select(c => c.Number).FirstOrDefaultAsync(ct) is { } twin)
                    {
                        return new ReportResult(twin, errors, Duplicate: true);
                    }
                }
                #pragma warning disable CA5394 // retry jitter against a concurrent twin, not a secret
                await Task.Delay(Random.Shared.Next(5, 30), ct);
                #pragma warning restore CA5394
            }
        }
    }

    /// <summary>
    /// Fires a trigger on a case the actor can see (anyone else is told "not found"); photos given are saved with the step
    /// (e.g. the after-photos of 处置反馈). <paramref name="seenVersion"/> is the instance version the page or client showed:
    /// if someone acted since, the action is refused (<see cref="Refusal.ChangedBySomeoneElse"/>). Without one (no page:
    /// the demo generator, rule tests) the current version is used.
    /// </summary>
    public async Task<CaseActResult> ActAsync(string number, string trigger, WorkflowActor actor, FireInput input, IReadOnlyList<StoredPhoto>? photos = null,
        Guid? seenVersion = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var item = await CaseVisibility.Visible(db, actor).AsNoTracking().Where(c => c.Number == number).Select(c => new { c.Id, c.InstanceId }).SingleOrDefaultAsync(ct);
        var version = item is null ? null : seenVersion
            ?? await db.ProcessInstances.AsNoTracking().Where(i => i.Id == item.InstanceId).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        if (item is null || version is null)
        {
            return new CaseActResult(CaseActOutcome.NotFound);
        }
        var now = clock.GetUtcNow();
        var stored = photos ?? [];
        var attachments = (input.Attachments ?? []).Concat(stored.Select(p => p.StoredPath)).ToList();
        var result = await runner.FireAsync(db, item.InstanceId, version.Value, trigger, actor, input with { Attachments = attachments }, (tx, _) =>
        {
            tx.CasePhotos.AddRange(stored.Select(p =>
            {
                var photo = Photo(p, actor, now);
                photo.CaseId = item.Id;
                return photo;
            }));
            if (Audited.Contains(trigger))
            {
                // In the decision's own transaction: a refused or failed decision leaves no audit row, a done one exactly one.
                tx.AuditEntries.Add(audit.Create("Case." + trigger, actor.UserId, actor.Name, number, input.Comment));
            }
        }, ct);
        if (!result.Ok)
        {
            return new CaseActResult(CaseActOutcome.Refused, result.Refusal, result.Detail);
        }
        signal.Changed(CaseListener.Subject);
        return new CaseActResult(CaseActOutcome.Done, Version: result.Version);
    }

    /// <summary>The actions the actor may take on the case now (role and scope; guards are checked when acted).</summary>
    public Task<IReadOnlyList<PermittedTrigger>> ActionsAsync(Guid instanceId, WorkflowActor actor, CancellationToken ct = default) =>
        runner.PermittedTriggersAsync(instanceId, actor, ct);

    /// <summary>
    /// Open cases of the category near a position: shown before submitting, as possible duplicates. Only cases the actor may
    /// open anyway (<see cref="CaseVisibility"/>): staff those of their area, a resident his own reports — the list is no way
    /// to read other areas' cases (docs/decisions/0030-admin-two-person-rule.md, issue 15 hole 8).
    /// </summary>
    public async Task<IReadOnlyList<NearbyCase>> NearbyOpenAsync(WorkflowActor actor, int categoryId, double lat, double lng, int radiusMeters = DuplicateRadiusMeters,
        CancellationToken ct = default)
    {
        var dLat = radiusMeters / 111_320.0;
        var dLng = radiusMeters / (111_320.0 * Math.Cos(lat * Math.PI / 180));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await CaseVisibility.Visible(db, actor).AsNoTracking()
            .Where(c => c.CategoryId == categoryId && c.Status == CaseStatus.Open
                && c.Lat >= lat - dLat && c.Lat <= lat + dLat && c.Lng >= lng - dLng && c.Lng <= lng + dLng)
            .OrderByDescending(c => c.ReportedAt).Take(20)
            .Select(c => new { c.Number, Category = c.Category!.Name, c.Description, c.StateName, c.Lat, c.Lng, c.ReportedAt })
            .ToListAsync(ct);
        return rows.Select(r => new NearbyCase(r.Number, r.Category, r.Description, r.StateName, (int)Math.Round(Distance(lat, lng, r.Lat, r.Lng)), r.ReportedAt))
            .Where(r => r.DistanceMeters <= radiusMeters).OrderBy(r => r.DistanceMeters).ToList();
    }

    /// <summary>Great-circle distance in meters: the one haversine, <see cref="Community.ServiceOrderRules.Meters"/>.</summary>
    public static double Distance(double lat1, double lng1, double lat2, double lng2) => Community.ServiceOrderRules.Meters(lat1, lng1, lat2, lng2);

    /// <summary>The patrol shift the reporter is on now, if any: a case reported during a shift is linked to it (issue 19 part 1).</summary>
    private static Task<long?> PatrolShiftOfAsync(PanlongDbContext db, WorkflowActor actor, DateTimeOffset now, CancellationToken ct) =>
        actor.UserId is { } reporter && actor.HoldsAny(Patrol.PatrolSettings.Patrollers)
            ? db.PatrolShifts.AsNoTracking().Where(s => s.UserId == reporter && s.EndedAt == null && s.StartedAt <= now).Select(s => (long?)s.Id).FirstOrDefaultAsync(ct)
            : Task.FromResult<long?>(null);

    public static CaseSource SourceOf(WorkflowActor actor) =>
        actor.Roles.Contains(Roles.Acceptor) ? CaseSource.Hotline
        : actor.Roles.Contains(Roles.SpotChecker) ? CaseSource.SpotCheck
        : actor.Roles.Contains(Roles.Inspector) ? CaseSource.Inspector
        : actor.Roles.Contains(Roles.Supervisor) ? CaseSource.Supervisor
        : actor.Roles.Contains(Roles.GridWorker) ? CaseSource.GridWorker
        : actor.Roles.Contains(Roles.SecurityPatroller) ? CaseSource.Patroller
        : actor.Roles.Contains(Roles.Volunteer) ? CaseSource.Volunteer
        : CaseSource.Resident;

    /// <summary>
    /// Where a case enters the loop: the command center of the reporter's own level when the case lies in the reporter's
    /// area (an inspector of the district → district center, a street supervisor → street sub-center, a grid worker →
    /// community station); otherwise (volunteers, residents, reports outside one's area) the community station of the grid.
    /// </summary>
    public static string HubFor(WorkflowActor actor, string gridPath)
    {
        var grid = OrgPath.Parse(gridPath);
        if (actor.Scope.Root is not { } root || !root.Covers(grid))
        {
            return grid.CodeAtOrLeaf(OrgLevel.Community);
        }
        // A community's or a grid's people report into the community station. A department's root (/530103/530103-BM01/)
        // never covers a grid, so it never gets here; the whole tree (/) counts as the district.
        var level = root.Level switch
        {
            null or OrgLevel.District => OrgLevel.District,
            OrgLevel.Street => OrgLevel.Street,
            _ => OrgLevel.Community,
        };
        return grid.CodeAtOrLeaf(level);
    }

    /// <summary>A stored photo as a case's row; <paramref name="caseId"/> when it joins a case already saved (a spot check's on-site photo).</summary>
    internal static CasePhoto Photo(StoredPhoto p, WorkflowActor actor, DateTimeOffset now, long caseId = 0) => new()
    {
        CaseId = caseId,
        Stage = p.Stage,
        FileName = p.FileName.Length > 200 ? p.FileName[^200..] : p.FileName,
        ContentType = p.ContentType,
        Size = p.Size,
        StoredPath = p.StoredPath,
        ThumbnailPath = p.ThumbnailPath,
        ExifLat = p.ExifLat,
        ExifLng = p.ExifLng,
        UploadedByUserId = actor.UserId,
        UploadedByName = actor.Name,
        UploadedAt = now,
    };
}
