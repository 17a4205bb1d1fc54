using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Workflows.Engine.Runtime;

using Panlong.Workflows.Registry;

namespace Panlong.Workflows.Services;

/// <summary>A material already checked (type by content, size) and stored by the portal.</summary>
public sealed record StoredMaterial(string MaterialName, string FileName, string ContentType, long Size, string StoredPath, string Sha256);

/// <summary>Who a walk-in application is for, as the window clerk types it from the applicant's papers.</summary>
public sealed record WalkInApplicant(string? Name, string? IdNumber, string? CreditCode);

/// <summary>
/// The form as sent. <see cref="DraftId"/> continues a draft; <see cref="ClientKey"/> is the form's random key, so a
/// second submit of the same form finds the first application; <see cref="WalkIn"/> is set by a window clerk.
/// </summary>
public sealed record ApplicationInput(string ServiceCode, IReadOnlyDictionary<string, string?> Values, string? WindowUnitCode, string? ClientKey,
    long? DraftId = null, IReadOnlyList<StoredMaterial>? Materials = null, WalkInApplicant? WalkIn = null);

/// <summary>The outcome: the application (id, and number once submitted), or per-field resource keys.</summary>
public sealed record ApplicationResult(long? Id, string? Number, IReadOnlyDictionary<string, string> Errors, bool Duplicate = false)
{
    public bool Ok => Errors.Count == 0 && Id is not null;

    public static ApplicationResult Fail(string field, string key) => new(null, null, new Dictionary<string, string> { [field] = key });
}

public enum ApplicationActOutcome
{
    Done,
    NotFound,
    Refused,
}

public sealed record ApplicationActResult(ApplicationActOutcome Outcome, Refusal? Refusal = null, string? Detail = null);

/// <summary>
/// 一网通办 and 一窗受理, the feature's one service for pages and APIs: drafts, prefill, submission (form rules, registry
/// facts, materials, number, process start and audit row in one transaction), the window's and departments' decisions
/// through the workflow engine (visibility, the version the user saw and the audit row in one context and one
/// SaveChanges), and the applicant's rating. After a change the portal is signalled (docs/decisions/0017-one-service-per-feature.md).
/// </summary>
public sealed class ApplicationService(IDbContextFactory<PanlongDbContext> dbFactory, WorkflowRunner runner, RegistryFacts registry,
    PersonalDataProtector protector, AuditLog audit, IChangeSignal signal, TimeProvider clock)
{
    /// <summary>Window and department decisions are also written to the audit log.</summary>
    private static readonly HashSet<string> Audited =
    [
        ApprovalContract.Accept, ApprovalContract.Reject, ApprovalContract.RequestSupplement, ApprovalContract.Resubmit,
        ApprovalContract.Approve, ApprovalContract.Deny, ApprovalContract.Suspend, ApprovalContract.Resume,
    ];

    public const int MaxMaterials = 20;
    public const int RectificationDays = 15;
    public const int MaxCommentLength = 1000;

    /// <summary>Saves the form as it is (field formats are checked only where filled in); nothing is lost on a bad value.</summary>
    public async Task<ApplicationResult> SaveDraftAsync(ApplicationInput input, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (application, item, problem) = await OpenAsync(db, input, actor, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (application is { Outcome: not ApplicationOutcome.Draft })
        {
            // Submitted from another tab: what was submitted stays as it was.
            return new ApplicationResult(application.Id, application.Number, new Dictionary<string, string>(), Duplicate: true);
        }
        if (input.Materials?.Count + (application?.Materials.Count ?? 0) > MaxMaterials)
        {
            return ApplicationResult.Fail("materials", "Services.Materials.TooMany");
        }
        var today = Today();
        var errors = new Dictionary<string, string>();
        foreach (var field in item!.FieldList)
        {
            if (!string.IsNullOrWhiteSpace(input.Values.GetValueOrDefault(field.Key)) && ServiceForm.Check(field, input.Values[field.Key], today) is { } key)
            {
                errors[field.Key] = key;
            }
        }
        var identity = await IdentityAsync(db, input, actor, item, errors, ct);
        application ??= NewApplication(item, actor, identity, input);
        Fill(application, item, identity, input);
        AddMaterials(db, application, input.Materials, actor, isSupplement: false);
        if (application.Id == 0)
        {
            db.ServiceApplications.Add(application);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApplicationResult.Fail("", "Refusal.ChangedBySomeoneElse");
        }
        catch (DbUpdateException) when (input.ClientKey is not null)
        {
            // The same form saved twice at once: the first save made the draft.
            return await TwinAsync(input.ClientKey, ct) ?? throw new InvalidOperationException("Draft save failed without a twin.");
        }
        // Format problems are reported but the draft is kept as typed.
        return new ApplicationResult(application.Id, null, errors);
    }

    /// <summary>Submits a new application or a draft: checks everything, numbers it and starts its approval process.</summary>
    public async Task<ApplicationResult> SubmitAsync(ApplicationInput input, WorkflowActor actor, CancellationToken ct = default)
    {
        if (input.ClientKey is not null && await TwinAsync(input.ClientKey, ct) is { Number: not null } twin)
        {
            return twin;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (application, item, problem) = await OpenAsync(db, input, actor, ct);
        if (problem is not null)
        {
            return problem;
        }
        if (application is { Outcome: not ApplicationOutcome.Draft })
        {
            return new ApplicationResult(application.Id, application.Number, new Dictionary<string, string>(), Duplicate: true);
        }
        var errors = new Dictionary<string, string>();
        var today = Today();
        foreach (var field in item!.FieldList)
        {
            if (ServiceForm.Check(field, input.Values.GetValueOrDefault(field.Key), today) is { } key)
            {
                errors[field.Key] = key;
            }
        }
        var identity = await IdentityAsync(db, input, actor, item, errors, ct);
        var window = await WindowAsync(db, input, actor, errors, ct);
        if (input.Materials?.Count + (application?.Materials.Count ?? 0) > MaxMaterials)
        {
            errors["materials"] = "Services.Materials.TooMany";
        }
        // Every problem in one answer, the missing materials with the fields (issue 16): the registry is asked whenever the
        // applicant is known, since what it confirms need not be handed in.
        var lookup = identity is null || errors.Keys.Any(k => k.StartsWith("applicant", StringComparison.Ordinal)) ? null
            : await registry.LookUpAsync(identity, actor, $"申请 {item.Code} {item.Name}", ct);
        var handedIn = (application?.Materials.Select(m => m.MaterialName) ?? []).Concat(input.Materials?.Select(m => m.MaterialName) ?? []).ToHashSet();
        foreach (var material in item.MaterialList.Where(m => m.Mandatory && !handedIn.Contains(m.Name)))
        {
            // Without a known applicant a material the registry may confirm is not called missing: that waits for the identity.
            if (material.RegistryFact is null || (lookup is not null && !lookup.Facts.ContainsKey(material.RegistryFact)))
            {
                errors["material:" + material.Name] = "Services.Material.Missing";
            }
        }
        if (errors.Count > 0 || lookup is null)
        {
            return new ApplicationResult(application?.Id, null, errors);
        }

        // Fields the registry knows are the registry's, not what was typed (a typed-over name or number would otherwise
        // ride on facts verified for someone else); the applicant's own number is always the identity's.
        var values = input.Values.ToDictionary(v => v.Key, v => v.Value);
        foreach (var field in item.FieldList)
        {
            if (field.RegistryFact is { } fact && lookup.Prefill.TryGetValue(fact, out var known))
            {
                values[field.Key] = known;
            }
            else if (field.RegistryFact == RegistryFacts.PersonIdNumber && identity!.IdNumber is { Length: > 0 } own)
            {
                values[field.Key] = own;
            }
        }
        input = input with { Values = values };
        var approving = await ApplicationRouting.DecidingUnitsAsync(db, item, window!, lookup.CommunityCode, ct);
        application ??= NewApplication(item, actor, identity!, input);
        Fill(application, item, identity!, input);
        await PlaceAsync(db, application, window!, approving, lookup, input, ct);
        if (application.Id == 0)
        {
            AddMaterials(db, application, input.Materials, actor, isSupplement: false);
        }
        var variables = new Dictionary<string, object?>
        {
            ["promisedDays"] = item.PromisedDays,
            ["reviewDays"] = Math.Max(1, item.PromisedDays - 1),
            // Who hands in what 补齐补正 asks for: the applicant online, the clerk who entered a walk-in.
            ["applicantId"] = actor.UserId,
            ["department"] = approving[0],
            ["departments"] = approving,
        };
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            var number = await DailyNumbers.NextAsync(db.ServiceApplications.AsNoTracking().Select(a => a.Number), DailyNumbers.Prefix("BJ", now), ct);
            try
            {
                await runner.StartAsync(item.ProcessKey, new WorkflowSubject(ApplicationListener.Subject, number, window!.Code), actor, variables, (tx, instance) =>
                {
                    application.Number = number;
                    application.InstanceId = instance.Id;
                    application.SubmittedAt = now;
                    application.Outcome = ApplicationOutcome.InProgress;
                    if (application.Id == 0)
                    {
                        tx.ServiceApplications.Add(application);
                    }
                    else
                    {
                        tx.ServiceApplications.Attach(application);
                        tx.Entry(application).State = EntityState.Modified;
                        AddMaterials(tx, application, input.Materials, actor, isSupplement: false);
                    }
                    if (lookup.Facts.Count > 0)
                    {
                        tx.ApplicationEvents.Add(Event(application, "RegistryVerified",
                            $"信息多跑路：{string.Join("、", lookup.Facts.Values.Select(f => $"{f.Label}（{f.Source}）"))} 已由登记库核验，免交证明", actor.Name, now));
                    }
                    tx.AuditEntries.Add(audit.Create("Application.Submit", actor.UserId, actor.Name, number,
                        input.WalkIn is { } walkIn ? $"窗口代录：{walkIn.Name}" : "网上申请"));
                }, ct);
                signal.Changed(ApplicationListener.Subject);
                return new ApplicationResult(application.Id, number, errors);
            }
            catch (DbUpdateConcurrencyException)
            {
                return ApplicationResult.Fail("", "Refusal.ChangedBySomeoneElse");
            }
            catch (DbUpdateException) when (attempt < 20)
            {
                if (input.ClientKey is not null && await TwinAsync(input.ClientKey, ct) is { } other)
                {
                    // The same form submitted twice: the first one's application; or saved as a draft at the same moment.
                    return other.Number is not null ? other : ApplicationResult.Fail("", "Refusal.ChangedBySomeoneElse");
                }
                if (!await NumberTakenAsync(number, ct))
                {
                    // Not the number's unique index: a real failure, not a race to retry.
                    throw;
                }
                // Another submission took the number: reload what this one changed and try the next.
                foreach (var entry in db.ChangeTracker.Entries().ToList())
                {
                    entry.State = EntityState.Detached;
                }
                if (application.Id != 0)
                {
                    application = await db.ServiceApplications.Include(a => a.Materials).SingleAsync(a => a.Id == application.Id, ct);
                    if (application.Outcome != ApplicationOutcome.Draft)
                    {
                        return new ApplicationResult(application.Id, application.Number, new Dictionary<string, string>(), Duplicate: true);
                    }
                    Fill(application, item, identity!, input);
                    await PlaceAsync(db, application, window!, approving, lookup, input, ct);
                }
                #pragma warning disable CA5394 // retry jitter against a concurrent twin, not a secret
                await Task.Delay(Random.Shared.Next(5, 30), ct);
                #pragma warning restore CA5394
            }
        }
    }

    /// <summary>
    /// 信息多跑路 before the form is filled: the signed-in applicant's own registry facts, or — at the window — those of the
    /// person or entity the clerk names. Audited like every look-up.
    /// </summary>
    public async Task<RegistryLookup> PrefillAsync(ServiceItem item, WorkflowActor actor, WalkInApplicant? walkIn, CancellationToken ct = default)
    {
        var kind = ServiceForm.ApplicantKindOf(item.FieldList);
        ApplicantIdentity? who;
        if (walkIn is not null)
        {
            who = new ApplicantIdentity(kind, walkIn.Name ?? "", walkIn.IdNumber, walkIn.CreditCode);
        }
        else
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var account = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actor.UserId, ct);
            who = account is null ? null : AccountIdentity(account, kind);
        }
        return who is null ? RegistryLookup.Empty : await registry.LookUpAsync(who, actor, $"预填 {item.Code} {item.Name}", ct);
    }

    /// <summary>
    /// Fires a decision (受理, 不予受理, 补齐补正, 准予, …) on an application the actor can see (anyone else is told "not
    /// found"); materials given come with a resubmission. <paramref name="seenVersion"/> is the instance version the page
    /// showed: if someone decided since, the decision is refused (<see cref="Refusal.ChangedBySomeoneElse"/>); without one
    /// (no page: tools, rule tests) the current version is used.
    /// </summary>
    public async Task<ApplicationActResult> ActAsync(string number, string trigger, WorkflowActor actor, string? comment, IReadOnlyList<StoredMaterial>? materials = null,
        Guid? seenVersion = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await ApplicationVisibility.Visible(db, actor).AsNoTracking().Where(a => a.Number == number).Select(a => new { a.Id, a.InstanceId })
            .SingleOrDefaultAsync(ct);
        var version = application?.InstanceId is not { } id ? null : seenVersion
            ?? await db.ProcessInstances.AsNoTracking().Where(i => i.Id == id).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        if (application is null || version is null)
        {
            return new ApplicationActResult(ApplicationActOutcome.NotFound);
        }
        if (comment?.Trim().Length > MaxCommentLength)
        {
            return new ApplicationActResult(ApplicationActOutcome.Refused, Refusal.ConditionNotMet, "Services.Comment.TooLong");
        }
        var now = clock.GetUtcNow();
        var added = materials ?? [];
        var result = await runner.FireAsync(db, application.InstanceId!.Value, version.Value, trigger, actor, new FireInput(comment?.Trim(), added.Select(m => m.StoredPath).ToList()),
            (tx, _) =>
            {
                tx.ApplicationMaterials.AddRange(added.Select(m => Material(application.Id, m, actor, now, isSupplement: true)));
                if (Audited.Contains(trigger))
                {
                    // In the decision's own transaction: a refused or failed decision leaves no audit row, a done one exactly one.
                    tx.AuditEntries.Add(audit.Create("Application." + trigger, actor.UserId, actor.Name, number, comment));
                }
            }, ct);
        return Acted(result);
    }

    /// <summary>
    /// 好差评: the applicant rates a finished application once. A bad rating (不满意, 非常不满意) starts a rectification
    /// for the department that decided (the window for 不予受理), due in 15 working days.
    /// </summary>
    public async Task<(bool Ok, string? Problem)> RateAsync(string number, int level, IReadOnlyDictionary<string, int> dimensions, string? comment,
        WorkflowActor actor, CancellationToken ct = default)
    {
        if (level is < 1 or > 5)
        {
            return (false, "Services.Rating.Level");
        }
        if (ServiceRating.DimensionNames.Any(d => dimensions.GetValueOrDefault(d) is < 1 or > 5) || dimensions.Keys.Any(k => !ServiceRating.DimensionNames.Contains(k)))
        {
            return (false, "Services.Rating.Dimensions");
        }
        if (comment?.Trim().Length > 500)
        {
            return (false, "Services.Field.TooLong");
        }
        if (level <= 2 && string.IsNullOrWhiteSpace(comment))
        {
            return (false, "Services.Rating.CommentRequired");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.ServiceApplications.AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, ct);
        if (application is null || application.ApplicantUserId is null || application.ApplicantUserId != actor.UserId)
        {
            return (false, "Refusal.NotFound");
        }
        if (application.CompletedAt is null)
        {
            return (false, "Services.Rating.NotFinished");
        }
        if (await db.ServiceRatings.AnyAsync(r => r.ApplicationId == application.Id, ct))
        {
            return (false, "Services.Rating.AlreadyRated");
        }
        var now = clock.GetUtcNow();
        var rating = new ServiceRating
        {
            ApplicationId = application.Id,
            Level = level,
            Dimensions = JsonSerializer.Serialize(dimensions, ServiceItem.Json),
            Comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim(),
            RatedAt = now,
        };
        var rated = Event(application, "Rated", $"申请人评价：{ServiceRating.LevelNames[level]}", actor.Name, now);
        try
        {
            if (!rating.IsBad)
            {
                db.ServiceRatings.Add(rating);
                db.ApplicationEvents.Add(rated);
                await db.SaveChangesAsync(ct);
                signal.Changed(ApplicationListener.Subject);
                return (true, null);
            }
            var unit = application.Outcome == ApplicationOutcome.Rejected ? application.WindowUnitCode : application.ApprovingUnitCodes!.Split(',')[0];
            rating.RectifyUnitCode = unit;
            await runner.StartAsync(RectificationContract.Key, new WorkflowSubject(ApplicationListener.RatingSubject, application.Number!, unit), actor,
                new Dictionary<string, object?> { ["department"] = unit }, (tx, instance) =>
                {
                    rating.RectificationInstanceId = instance.Id;
                    rating.RectifyDueAt = instance.DueAt;
                    tx.ServiceRatings.Add(rating);
                    tx.ApplicationEvents.Add(rated);
                    var opened = Event(application, "RectificationOpened", $"差评整改：已转责任单位，{RectificationDays} 个工作日内整改并答复", actor.Name, now);
                    tx.ApplicationEvents.Add(opened);
                }, ct);
            signal.Changed(ApplicationListener.Subject);
            return (true, null);
        }
        catch (DbUpdateException)
        {
            // The unique index on the application: the same rating form sent twice.
            return (false, "Services.Rating.AlreadyRated");
        }
    }

    /// <summary>The department answers a bad rating (整改答复); the rating records the answer.</summary>
    public async Task<ApplicationActResult> AnswerRatingAsync(string number, string? answer, WorkflowActor actor, CancellationToken ct = default)
    {
        if (answer?.Trim().Length > MaxCommentLength)
        {
            return new ApplicationActResult(ApplicationActOutcome.Refused, Refusal.ConditionNotMet, "Services.Comment.TooLong");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rating = await db.ServiceRatings.AsNoTracking().Where(r => r.Application!.Number == number).SingleOrDefaultAsync(ct);
        var instance = rating?.RectificationInstanceId is { } id ? await db.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct) : null;
        if (instance is null)
        {
            return new ApplicationActResult(ApplicationActOutcome.NotFound);
        }
        var result = await runner.FireAsync(db, instance.Id, instance.Version, RectificationContract.Answer, actor, new FireInput(answer?.Trim()),
            (tx, _) => tx.AuditEntries.Add(audit.Create("Application.AnswerRating", actor.UserId, actor.Name, number, answer)), ct);
        return Acted(result);
    }

    /// <summary>Staff opening an applicant's material (ID scans, contracts) is written to the audit log.</summary>
    public async Task AuditMaterialViewAsync(string number, string materialName, WorkflowActor actor, bool isApplicant, CancellationToken ct = default)
    {
        if (!isApplicant)
        {
            await audit.WriteAsync("Application.MaterialView", actor.UserId, actor.Name, number, materialName, ct: ct);
        }
    }

    /// <summary>送达: the applicant has fetched the decision; recorded once, on the timeline.</summary>
    public async Task MarkDeliveredAsync(long applicationId, WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.ServiceApplications.SingleAsync(a => a.Id == applicationId, ct);
        if (application.DeliveredAt is not null)
        {
            return;
        }
        application.DeliveredAt = clock.GetUtcNow();
        db.ApplicationEvents.Add(new ApplicationEvent { ApplicationId = applicationId, At = application.DeliveredAt.Value, Kind = "Delivered", Text = "送达：申请人已下载办理结果", ActorName = actor.Name });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Two downloads at once: the other one recorded it.
        }
    }

    /// <summary>The actions the actor may take on the application now (role and scope; guards are checked when acted).</summary>
    public Task<IReadOnlyList<PermittedTrigger>> ActionsAsync(Guid instanceId, WorkflowActor actor, CancellationToken ct = default) =>
        runner.PermittedTriggersAsync(instanceId, actor, ct);

    private ApplicationActResult Acted(FireResult result)
    {
        if (!result.Ok)
        {
            return new ApplicationActResult(ApplicationActOutcome.Refused, result.Refusal, result.Detail);
        }
        signal.Changed(ApplicationListener.Subject);
        return new ApplicationActResult(ApplicationActOutcome.Done);
    }

    private static async Task<(ServiceApplication? Application, ServiceItem? Item, ApplicationResult? Problem)> OpenAsync(PanlongDbContext db, ApplicationInput input,
        WorkflowActor actor, CancellationToken ct)
    {
        if (input.DraftId is { } draftId)
        {
            var draft = await db.ServiceApplications.Include(a => a.Materials).Include(a => a.ServiceItem).SingleOrDefaultAsync(a => a.Id == draftId, ct);
            var owner = draft is not null && (draft.Channel == ApplicationChannel.WalkIn ? draft.EnteredByUserId : draft.ApplicantUserId) == actor.UserId;
            if (draft is null || !owner)
            {
                return (null, null, ApplicationResult.Fail("", "Refusal.NotFound"));
            }
            // A draft is not running yet: it is checked and submitted against the item as it is now (a changed item may
            // ask for another material); once submitted, the application keeps that version.
            if (draft.Outcome == ApplicationOutcome.Draft && draft.ServiceItem is { IsCurrent: false } old
                && await db.ServiceItems.SingleOrDefaultAsync(s => s.Code == old.Code && s.IsCurrent, ct) is { } current)
            {
                draft.ServiceItem = current;
                draft.ServiceItemId = current.Id;
                draft.ServiceVersion = current.Version;
                draft.ServiceName = current.Name;
            }
            return (draft, draft.ServiceItem, null);
        }
        if (input.WalkIn is not null && !actor.Roles.Contains(Roles.WindowClerk))
        {
            return (null, null, ApplicationResult.Fail("", "Refusal.NotAllowedForRole"));
        }
        var item = await db.ServiceItems.AsNoTracking().SingleOrDefaultAsync(s => s.Code == input.ServiceCode && s.IsCurrent, ct);
        return item is null ? (null, null, ApplicationResult.Fail("", "Services.Item.NotFound")) : (null, item, null);
    }

    /// <summary>The applicant: the signed-in account's real-name identity online, or what the clerk typed for a walk-in.</summary>
    private async Task<ApplicantIdentity?> IdentityAsync(PanlongDbContext db, ApplicationInput input, WorkflowActor actor, ServiceItem item,
        Dictionary<string, string> errors, CancellationToken ct)
    {
        var kind = ServiceForm.ApplicantKindOf(item.FieldList);
        if (input.WalkIn is { } walkIn)
        {
            var name = walkIn.Name?.Trim() ?? "";
            if (name.Length is < 2 or > 100)
            {
                errors["applicantName"] = "Services.Applicant.Name";
            }
            if (kind == ApplicantKind.Person)
            {
                var problem = ResidentIdNumber.Check(walkIn.IdNumber, Today());
                if (problem != NumberProblem.None)
                {
                    errors["applicantId"] = "Registry.IdNumber." + problem;
                }
                return new ApplicantIdentity(kind, name, ResidentIdNumber.Normalize(walkIn.IdNumber), null);
            }
            var codeProblem = SocialCreditCode.Check(walkIn.CreditCode);
            if (codeProblem != NumberProblem.None)
            {
                errors["applicantCreditCode"] = "Entities.CreditCode." + codeProblem;
            }
            return new ApplicantIdentity(kind, name, null, SocialCreditCode.Normalize(walkIn.CreditCode));
        }
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == actor.UserId, ct);
        if (user is null)
        {
            errors[""] = "Refusal.NotFound";
            return null;
        }
        if (kind == ApplicantKind.Person ? user.IdCipher is null : user.CreditCode is null)
        {
            errors[""] = kind == ApplicantKind.Person ? "Services.Applicant.NeedsIdentity" : "Services.Applicant.NeedsEntity";
            return null;
        }
        return AccountIdentity(user, kind);
    }

    /// <summary>An account's own identity for an item of this kind; the registry is asked about it only once the holder proved it.</summary>
    private ApplicantIdentity AccountIdentity(PanlongUser user, ApplicantKind kind) => kind == ApplicantKind.Person
        ? new ApplicantIdentity(kind, user.DisplayName, user.IdCipher is null ? null : protector.Decrypt(user.IdCipher), null, user.IdentityVerifiedAt is not null)
        : new ApplicantIdentity(kind, user.DisplayName, null, user.CreditCode, user.IdentityVerifiedAt is not null);

    private static async Task<OrgUnit?> WindowAsync(PanlongDbContext db, ApplicationInput input, WorkflowActor actor, Dictionary<string, string> errors, CancellationToken ct)
    {
        if (input.WalkIn is not null)
        {
            // A walk-in is received at the clerk's own window.
            var root = actor.Scope.RootPath;
            var own = root is null ? null : await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.ScopePath == root, ct);
            if (own is not { Kind: OrgUnitKind.Street or OrgUnitKind.Community })
            {
                errors["window"] = "Services.Window.NotAWindow";
                return null;
            }
            return own;
        }
        var window = await ApplicationRouting.WindowAsync(db, input.WindowUnitCode, ct);
        if (window is null)
        {
            errors["window"] = "Services.Window.Required";
            return null;
        }
        return window;
    }

    /// <summary>Where the application goes (window, approvers), what the registry confirmed, and — for a walk-in — the account it belongs to.</summary>
    private static async Task PlaceAsync(PanlongDbContext db, ServiceApplication application, OrgUnit window, IReadOnlyList<string> approving, RegistryLookup lookup,
        ApplicationInput input, CancellationToken ct)
    {
        application.WindowUnitCode = window.Code;
        application.ScopePath = window.ScopePath;
        application.ApprovingUnitCodes = string.Join(',', approving);
        application.VerifiedFacts = JsonSerializer.Serialize(lookup.Facts.Values.ToList(), ServiceItem.Json);
        if (input.WalkIn is not null)
        {
            // 一号申请: a walk-in by someone with an account shows in that account's 我的办件 too — once the account is proven
            // to be theirs (docs/decisions/0029-registration-second-factor.md).
            var hash = application.ApplicantIdHash;
            var code = application.CreditCode;
            var name = application.ApplicantName;
            application.ApplicantUserId = await db.Users.AsNoTracking()
                .Where(u => u.DisplayName == name && u.IdentityVerifiedAt != null && ((hash != null && u.IdHash == hash) || (code != null && u.CreditCode == code)))
                .Select(u => u.Id).FirstOrDefaultAsync(ct);
        }
    }

    private ServiceApplication NewApplication(ServiceItem item, WorkflowActor actor, ApplicantIdentity? identity, ApplicationInput input) => new()
    {
        ServiceItemId = item.Id,
        ServiceCode = item.Code,
        ServiceVersion = item.Version,
        ServiceName = item.Name,
        ApplicantKind = ServiceForm.ApplicantKindOf(item.FieldList),
        ApplicantName = identity?.Name ?? actor.Name,
        Channel = input.WalkIn is null ? ApplicationChannel.Online : ApplicationChannel.WalkIn,
        ApplicantUserId = input.WalkIn is null ? actor.UserId : null,
        EnteredByUserId = input.WalkIn is null ? null : actor.UserId,
        EnteredByName = input.WalkIn is null ? null : Cap(actor.Name, 50),
        WindowUnitCode = "",
        ScopePath = actor.Scope.RootPath ?? "/",
        FormCipher = "",
        FormDisplay = "{}",
        ClientKey = string.IsNullOrWhiteSpace(input.ClientKey) ? null : input.ClientKey.Trim(),
        CreatedAt = clock.GetUtcNow(),
        TrackCode = Token(),
    };

    /// <summary>Writes the form (encrypted whole, masked for display) and the applicant's identity onto the application.</summary>
    private void Fill(ServiceApplication application, ServiceItem item, ApplicantIdentity? identity, ApplicationInput input)
    {
        var values = new Dictionary<string, string>();
        var display = new Dictionary<string, string>();
        foreach (var field in item.FieldList)
        {
            var value = ServiceForm.Normalize(field, input.Values.GetValueOrDefault(field.Key));
            values[field.Key] = value;
            display[field.Key] = ServiceForm.Display(field, value);
        }
        application.FormCipher = protector.Encrypt(JsonSerializer.Serialize(values, ServiceItem.Json));
        application.FormDisplay = JsonSerializer.Serialize(display, ServiceItem.Json);
        if (identity is null)
        {
            return;
        }
        application.ApplicantName = identity.Name.Length > 0 ? identity.Name : application.ApplicantName;
        if (identity.IdNumber is { Length: > 0 } id)
        {
            application.ApplicantIdHash = protector.Hash(id);
            application.ApplicantIdMasked = PersonalDataMask.IdNumber(id);
        }
        application.CreditCode = identity.CreditCode;
        if (!string.IsNullOrWhiteSpace(input.WindowUnitCode) && input.WalkIn is null)
        {
            application.WindowUnitCode = input.WindowUnitCode.Trim();
        }
    }

    /// <summary>The form's values as the applicant typed them (for the applicant and the draft).</summary>
    public IReadOnlyDictionary<string, string> FormValues(ServiceApplication application) =>
        application.FormCipher.Length == 0 ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Decrypt(application.FormCipher), ServiceItem.Json) ?? [];

    private static void AddMaterials(PanlongDbContext db, ServiceApplication application, IReadOnlyList<StoredMaterial>? materials, WorkflowActor actor, bool isSupplement)
    {
        foreach (var m in materials ?? [])
        {
            var row = Material(application.Id, m, actor, DateTimeOffset.UtcNow, isSupplement);
            if (application.Id == 0)
            {
                application.Materials.Add(row);
            }
            else
            {
                db.ApplicationMaterials.Add(row);
            }
        }
    }

    private static ApplicationMaterial Material(long applicationId, StoredMaterial m, WorkflowActor actor, DateTimeOffset now, bool isSupplement) => new()
    {
        ApplicationId = applicationId,
        MaterialName = m.MaterialName.Length > 100 ? m.MaterialName[..100] : m.MaterialName,
        FileName = m.FileName.Length > 200 ? m.FileName[^200..] : m.FileName,
        ContentType = m.ContentType,
        Size = m.Size,
        StoredPath = m.StoredPath,
        Sha256 = m.Sha256,
        IsSupplement = isSupplement,
        UploadedAt = now,
        UploadedByName = Cap(actor.Name, 50),
    };

    /// <summary>A timeline entry; linked by navigation so it can be saved with a new application in one go.</summary>
    internal static ApplicationEvent Event(ServiceApplication application, string kind, string text, string? actorName, DateTimeOffset now) => new()
    {
        ApplicationId = application.Id,
        Application = application.Id == 0 ? application : null,
        At = now,
        Kind = kind,
        Text = text.Length > 500 ? text[..500] : text,
        ActorName = actorName is null ? null : Cap(actorName, 50),
    };

    private static string Cap(string text, int length) => text.Length > length ? text[..length] : text;

    private async Task<bool> NumberTakenAsync(string number, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ServiceApplications.AnyAsync(a => a.Number == number, ct);
    }

    private async Task<ApplicationResult?> TwinAsync(string clientKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var twin = await db.ServiceApplications.AsNoTracking().Where(a => a.ClientKey == clientKey).Select(a => new { a.Id, a.Number }).FirstOrDefaultAsync(ct);
        return twin is null ? null : new ApplicationResult(twin.Id, twin.Number, new Dictionary<string, string>(), Duplicate: true);
    }

    /// <summary>A random, URL-safe token for public links (progress page, certificate check).</summary>
    public static string Token() => Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();

    private DateOnly Today() => ChinaTime.Today(clock);
}
