using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Organization;
using Panlong.Data.Identity;
using Panlong.Data.Services;
using Panlong.Data.Workflows;
using Panlong.Portal.Features.Cases;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Services;

public sealed record ApplicationRow(long Id, string? Number, string ServiceCode, string ServiceName, string ApplicantName, string State, string StateName,
    ApplicationOutcome Outcome, ApplicationChannel Channel, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DueAt, DateTimeOffset? PausedAt,
    DateTimeOffset? CompletedAt, bool? OnTime)
{
    public TrafficLight? Light { get; init; }
}

public sealed record TimelineEntry(DateTimeOffset At, string Title, string? Detail, string? ActorName, bool IsStep);

public sealed record ApplicationDetail(ServiceApplication Application, ServiceItem Item, IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<VerifiedFact> Facts, IReadOnlyList<ApplicationDocument> Documents, IReadOnlyList<TimelineEntry> Timeline, ServiceRating? Rating,
    string WindowName, IReadOnlyList<string> ApprovingNames, bool IsApplicant, bool CanAnswerRating, TrafficLight? Light, string Diagram,
    Guid? InstanceVersion);

public enum DeskList
{
    Waiting,
    Supplementing,
    Reviewing,
    Finished,
}

/// <summary>The public progress page (from the receipt's QR): no personal data beyond the masked name.</summary>
public sealed record TrackView(string Number, string ServiceName, string ApplicantMasked, string StateName, ApplicationOutcome Outcome, DateTimeOffset? SubmittedAt,
    DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, IReadOnlyList<TimelineEntry> Steps);

/// <summary>The public verify page (from a certificate's QR).</summary>
public sealed record VerifyView(string Title, string DocumentNumber, string IssuerName, DateTimeOffset IssuedAt, string ApplicationNumber, string ServiceName,
    string ApplicantMasked, ApplicationOutcome Outcome);

/// <summary>
/// Reading applications. Who sees one: its applicant (or the clerk who entered it), and staff whose scope covers its
/// window or one of the units that approve it (<see cref="ApplicationVisibility"/>); anyone else is told "not found".
/// </summary>
public sealed class ApplicationQueries(IDbContextFactory<PanlongDbContext> dbFactory, ApplicationService service, DefinitionStore definitions,
    CalendarProvider calendars, TimeProvider clock, AuditLog audit, Microsoft.Extensions.Localization.IStringLocalizer<Panlong.Portal.Resources.SharedResource> strings)
{
    /// <summary>
    /// The full value of a masked form field (ID number, phone — the window calls about 补齐补正 — or a field marked
    /// personal), for the window clerk or approver who sees the application; null for anyone else or any other field.
    /// Each reveal is audited: who, when, which application and field (docs/decisions/0010-personal-data-at-rest.md).
    /// </summary>
    public async Task<string?> RevealFieldAsync(WorkflowActor actor, string number, string key, CancellationToken ct = default)
    {
        if (!Roles.FormFieldRevealers.Any(actor.Roles.Contains))
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await ApplicationVisibility.Visible(db, actor).AsNoTracking().SingleOrDefaultAsync(a => a.Number == number, ct);
        var fields = application is null ? [] : (await db.ServiceItems.AsNoTracking().SingleAsync(s => s.Id == application.ServiceItemId, ct)).FieldList;
        if (application is null || !fields.Any(f => f.Key == key && ServiceForm.IsMasked(f)))
        {
            return null;
        }
        await audit.WriteAsync(AuditActions.PersonalDataRevealed, actor.UserId, actor.Name, target: $"application:{number}", detail: key, ct: ct);
        return service.FormValues(application).GetValueOrDefault(key);
    }

    /// <summary>
    /// 我的办件: the account's own applications, drafts first. Walk-ins received before the account existed are linked to
    /// it first — the same ID number (or credit code) under the same name, on an account proven to be its holder's
    /// (docs/decisions/0029-registration-second-factor.md) — so they can be followed and rated.
    /// </summary>
    public async Task<IReadOnlyList<ApplicationRow>> MineAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Users.AsNoTracking().Where(u => u.Id == actor.UserId && u.IdentityVerifiedAt != null)
                .Select(u => new { u.DisplayName, u.IdHash, u.CreditCode }).SingleOrDefaultAsync(ct) is { } me
            && (me.IdHash is not null || me.CreditCode is not null))
        {
            await db.ServiceApplications.Where(a => a.ApplicantUserId == null && a.Channel == ApplicationChannel.WalkIn && a.ApplicantName == me.DisplayName
                    && ((me.IdHash != null && a.ApplicantIdHash == me.IdHash) || (me.CreditCode != null && a.CreditCode == me.CreditCode)))
                .ExecuteUpdateAsync(u => u.SetProperty(a => a.ApplicantUserId, actor.UserId), ct);
        }
        var rows = await db.ServiceApplications.AsNoTracking().Where(a => a.ApplicantUserId == actor.UserId)
            .OrderBy(a => a.Outcome == ApplicationOutcome.Draft ? 0 : 1).ThenByDescending(a => a.CreatedAt).Take(200).Select(Row).ToListAsync(ct);
        return await LightAsync(rows, ct);
    }

    /// <summary>The window clerk's desk: applications received at windows in the clerk's area.</summary>
    public async Task<IReadOnlyList<ApplicationRow>> DeskAsync(WorkflowActor actor, DeskList list, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (actor.Scope.RootPath is not { } root)
        {
            return [];
        }
        var query = db.ServiceApplications.AsNoTracking().Where(a => a.ScopePath.StartsWith(root) && a.Outcome != ApplicationOutcome.Draft);
        query = list switch
        {
            DeskList.Waiting => query.Where(a => a.State == ApprovalContract.Submitted),
            DeskList.Supplementing => query.Where(a => a.State == ApprovalContract.Supplementing),
            DeskList.Reviewing => query.Where(a => a.Outcome == ApplicationOutcome.InProgress && a.State != ApprovalContract.Submitted && a.State != ApprovalContract.Supplementing),
            _ => query.Where(a => a.Outcome != ApplicationOutcome.InProgress),
        };
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim();
            query = query.Where(a => a.Number!.Contains(t) || a.ServiceName.Contains(t) || a.ApplicantName.Contains(t));
        }
        var rows = await (list == DeskList.Finished ? query.OrderByDescending(a => a.CompletedAt) : query.OrderBy(a => a.SubmittedAt)).Take(200).Select(Row).ToListAsync(ct);
        return await LightAsync(rows, ct);
    }

    /// <summary>The approver's inbox: open review/countersign tasks of the approver's unit (and units below it).</summary>
    public async Task<IReadOnlyList<ApplicationRow>> InboxAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (actor.Scope.RootPath is not { } root)
        {
            return [];
        }
        var instances = db.WorkTasks.Where(t => t.Status == WorkTaskStatus.Open && t.Role == Roles.Approver && t.ScopePath.StartsWith(root)).Select(t => t.InstanceId);
        var rows = await db.ServiceApplications.AsNoTracking().Where(a => a.InstanceId != null && instances.Contains(a.InstanceId.Value))
            .OrderBy(a => a.DueAt).Take(200).Select(Row).ToListAsync(ct);
        return await LightAsync(rows, ct);
    }

    /// <summary>Bad ratings the actor's unit must answer (差评整改), oldest first.</summary>
    public async Task<IReadOnlyList<(string Number, string ServiceName, int Level, string? Comment, DateTimeOffset? DueAt)>> RectificationsAsync(WorkflowActor actor,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (actor.Scope.RootPath is not { } root)
        {
            return [];
        }
        var instances = db.WorkTasks.Where(t => t.Status == WorkTaskStatus.Open && t.Role == Roles.Approver && t.ScopePath.StartsWith(root)).Select(t => t.InstanceId);
        var rows = await db.ServiceRatings.AsNoTracking().Where(r => r.RectificationInstanceId != null && r.RectifiedAt == null && instances.Contains(r.RectificationInstanceId.Value))
            .OrderBy(r => r.RectifyDueAt).Select(r => new { r.Application!.Number, r.Application.ServiceName, r.Level, r.Comment, r.RectifyDueAt }).ToListAsync(ct);
        return rows.Select(r => (r.Number!, r.ServiceName, r.Level, r.Comment, r.RectifyDueAt)).ToList();
    }

    public async Task<ApplicationDetail?> DetailAsync(WorkflowActor actor, string number, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await ApplicationVisibility.Visible(db, actor).AsNoTracking().Where(a => a.Number == number).Include(a => a.Materials).SingleOrDefaultAsync(ct);
        if (application is null)
        {
            return null;
        }
        var item = await db.ServiceItems.AsNoTracking().SingleAsync(s => s.Id == application.ServiceItemId, ct);
        // One masking on the whole page (issue 16): the form's ID numbers, phones and personal fields as masked as the
        // applicant's number in the header, for everyone; the window and the approver reveal a field through RevealFieldAsync.
        var isApplicant = application.ApplicantUserId is not null && application.ApplicantUserId == actor.UserId;
        var form = JsonSerializer.Deserialize<Dictionary<string, string>>(application.FormDisplay, ServiceItem.Json) ?? [];
        var documents = await db.ApplicationDocuments.AsNoTracking().Where(d => d.ApplicationId == application.Id).OrderBy(d => d.Id).ToListAsync(ct);
        var rating = await db.ServiceRatings.AsNoTracking().SingleOrDefaultAsync(r => r.ApplicationId == application.Id, ct);
        var codes = (application.ApprovingUnitCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Append(application.WindowUnitCode).ToList();
        var names = await db.UnitNamesAsync(codes, ct);
        var (timeline, diagram) = await TimelineAsync(db, application, ct);
        var canAnswer = rating is { RectificationInstanceId: { } rid, RectifiedAt: null } && actor.Roles.Contains(Roles.Approver)
            && await db.WorkTasks.AnyAsync(t => t.InstanceId == rid && t.Status == WorkTaskStatus.Open && actor.Scope.RootPath != null && t.ScopePath.StartsWith(actor.Scope.RootPath), ct);
        var light = await LightOfAsync(application, ct);
        // The version the page shows is the one a decision is taken on (docs/decisions/0017-one-service-per-feature.md).
        var version = await db.ProcessInstances.AsNoTracking().Where(i => i.Id == application.InstanceId).Select(i => (Guid?)i.Version).SingleOrDefaultAsync(ct);
        return new ApplicationDetail(application, item, form, JsonSerializer.Deserialize<List<VerifiedFact>>(application.VerifiedFacts, ServiceItem.Json) ?? [],
            documents, timeline, rating, names.GetValueOrDefault(application.WindowUnitCode, application.WindowUnitCode),
            (application.ApprovingUnitCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => names.GetValueOrDefault(c, c)).ToList(),
            isApplicant, canAnswer, light, diagram, version);
    }

    /// <summary>A draft of the actor's own, to continue filling in.</summary>
    public async Task<(ServiceApplication Draft, IReadOnlyDictionary<string, string> Values)?> DraftAsync(WorkflowActor actor, long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var draft = await db.ServiceApplications.AsNoTracking().Include(a => a.Materials).Include(a => a.ServiceItem)
            .SingleOrDefaultAsync(a => a.Id == id && a.Outcome == ApplicationOutcome.Draft && (a.ApplicantUserId == actor.UserId || a.EnteredByUserId == actor.UserId), ct);
        return draft is null ? null : (draft, service.FormValues(draft));
    }

    public async Task<TrackView?> TrackAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var application = await db.ServiceApplications.AsNoTracking().SingleOrDefaultAsync(a => a.TrackCode == code && a.Number != null, ct);
        if (application is null)
        {
            return null;
        }
        var (timeline, _) = await TimelineAsync(db, application, ct);
        // Only the steps: comments and events can name people and reasons that are not for a public page.
        var steps = timeline.Where(t => t.IsStep).Select(t => t with { Detail = null, ActorName = null }).ToList();
        return new TrackView(application.Number!, application.ServiceName, Panlong.Data.Registry.PersonalDataMask.Name(application.ApplicantName), application.StateName,
            application.Outcome, application.SubmittedAt, application.DueAt, application.CompletedAt, steps);
    }

    public async Task<VerifyView?> VerifyAsync(string code, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var document = await db.ApplicationDocuments.AsNoTracking().Include(d => d.Application)
            .SingleOrDefaultAsync(d => d.VerifyCode == code && (d.Kind == ServiceDocumentKind.Certificate || d.Kind == ServiceDocumentKind.DenialNotice), ct);
        return document is null ? null : new VerifyView(document.Title, document.DocumentNumber, document.IssuerName, document.IssuedAt, document.Application!.Number!,
            document.Application.ServiceName, Panlong.Data.Registry.PersonalDataMask.Name(document.Application.ApplicantName), document.Application.Outcome);
    }

    /// <summary>Process steps and the application's own events, in time order, plus the process diagram at the current state.</summary>
    private async Task<(IReadOnlyList<TimelineEntry> Timeline, string Diagram)> TimelineAsync(PanlongDbContext db, ServiceApplication application, CancellationToken ct)
    {
        var entries = new List<TimelineEntry>
        {
            new(application.CreatedAt, strings["Services.Timeline.Created"], application.Channel == ApplicationChannel.WalkIn
                ? strings["Services.Timeline.WalkIn", application.EnteredByName ?? ""] : strings["Services.Timeline.Online"], null, false),
        };
        var diagram = "";
        if (application.InstanceId is { } instanceId)
        {
            var instance = await db.ProcessInstances.AsNoTracking().SingleAsync(i => i.Id == instanceId, ct);
            var model = (await definitions.GetAsync(instance.DefinitionId, ct)).Model;
            diagram = MermaidDiagram.Draw(model, instance.State);
            string Name(string id) => model.StateName(id);
            string Trigger(string? trigger) => trigger is null ? "" : model.TriggerName(trigger);
            var steps = await db.ProcessSteps.AsNoTracking().Where(s => s.InstanceId == instanceId).OrderBy(s => s.Id).ToListAsync(ct);
            entries.AddRange(steps.Select(s => new TimelineEntry(s.At, s.Kind switch
            {
                StepKind.Started => strings["Services.Timeline.Submitted", Name(s.ToState)],
                StepKind.Paused => strings["Services.Timeline.Paused", Name(s.ToState)],
                StepKind.Resumed => strings["Services.Timeline.Resumed"],
                StepKind.Vote => strings["Services.Timeline.Vote", Trigger(s.Trigger)],
                _ => strings["Services.Timeline.Step", Trigger(s.Trigger), Name(s.ToState)],
            }, s.Comment, s.ActorName, true)));
        }
        var events = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == application.Id).ToListAsync(ct);
        entries.AddRange(events.Select(e => new TimelineEntry(e.At, e.Text, null, e.ActorName, false)));
        return (entries.OrderBy(e => e.At).ThenBy(e => e.IsStep ? 0 : 1).ToList(), diagram);
    }

    private static readonly System.Linq.Expressions.Expression<Func<ServiceApplication, ApplicationRow>> Row = a => new ApplicationRow(a.Id, a.Number, a.ServiceCode,
        a.ServiceName, a.ApplicantName, a.State, a.StateName, a.Outcome, a.Channel, a.CreatedAt, a.SubmittedAt, a.DueAt, a.PausedAt, a.CompletedAt, a.OnTime);

    private async Task<IReadOnlyList<ApplicationRow>> LightAsync(List<ApplicationRow> rows, CancellationToken ct)
    {
        var calendar = await calendars.GetAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => r with { Light = Light(calendar, r.Outcome, r.SubmittedAt, r.DueAt, r.PausedAt, now) }).ToList();
    }

    private async Task<TrafficLight?> LightOfAsync(ServiceApplication a, CancellationToken ct) =>
        Light(await calendars.GetAsync(ct), a.Outcome, a.SubmittedAt, a.DueAt, a.PausedAt, clock.GetUtcNow());

    /// <summary>Green, yellow, red against the promised deadline; a paused application is judged as of the moment it stopped.</summary>
    private static TrafficLight? Light(WorkingCalendar calendar, ApplicationOutcome outcome, DateTimeOffset? submitted, DateTimeOffset? due, DateTimeOffset? paused,
        DateTimeOffset now) =>
        outcome == ApplicationOutcome.InProgress && submitted is { } s && due is { } d ? TrafficLights.For(calendar, s, d, paused ?? now) : null;
}
