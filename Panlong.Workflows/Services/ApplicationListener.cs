using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Services;
using Panlong.Data.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

using Panlong.Workflows.Registry;

namespace Panlong.Workflows.Services;

/// <summary>The words of an issued notice or certificate (stored as <see cref="ApplicationDocument.Content"/>).</summary>
public sealed record DocumentContent(IReadOnlyList<KeyValuePair<string, string>> Facts, IReadOnlyList<string> Paragraphs);

/// <summary>
/// Keeps each application's projection (state, deadline, pauses, outcome, working days used) in step with its
/// process, issues the notice each decision produces (受理回执, 受理通知书, 不予受理通知书, 补齐补正通知书, 办结 or
/// 不予许可), records 就近办 forwarding on the timeline, and tells the applicant and the next unit — all in the
/// engine's transaction. Also records the answer to a bad rating.
/// </summary>
public sealed class ApplicationListener(CalendarProvider calendars) : IWorkflowListener
{
    public const string Subject = "application";
    public const string RatingSubject = "service-rating";

    public string SubjectType => Subject;

    public IReadOnlyList<ProcessContract> Contracts { get; } = [ApprovalContract.SingleDepartment, ApprovalContract.Countersign];

    public async Task OnChangedAsync(WorkflowChange change)
    {
        var db = change.Db;
        var application = db.ServiceApplications.Local.FirstOrDefault(a => a.InstanceId == change.Instance.Id)
            ?? await db.ServiceApplications.SingleAsync(a => a.InstanceId == change.Instance.Id);
        var calendar = await calendars.GetAsync();
        var state = change.Model.FindState(change.Instance.State)!;
        var now = change.Now;
        var item = await db.ServiceItems.AsNoTracking().SingleAsync(s => s.Id == application.ServiceItemId);
        var units = await UnitNamesAsync(db, application);
        var window = units.GetValueOrDefault(application.WindowUnitCode, application.WindowUnitCode);
        var approvers = (application.ApprovingUnitCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => units.GetValueOrDefault(c, c)).ToList();

        // Working time is counted like the deadline: from the close of the day of receipt (受理之日起), so a pause counts
        // only from then on; the deadline itself moves by the whole pause (the engine's rule, never to the applicant's loss).
        var countFrom = calendar.AddWorkingDays(application.SubmittedAt ?? now, 0);
        if (application.PausedAt is { } pausedAt && change.Instance.PausedAt is null && now > countFrom)
        {
            application.PausedMinutes += (long)calendar.WorkingTimeBetween(pausedAt > countFrom ? pausedAt : countFrom, now).TotalMinutes;
        }
        application.State = state.Id;
        application.StateName = state.Name;
        application.DueAt = change.Instance.DueAt;
        application.PausedAt = change.Instance.PausedAt;

        var issuer = WindowIssuer(window);
        switch (change.Trigger)
        {
            case null:
                Issue(db, application, ServiceDocumentKind.Receipt, "申请材料接收凭证", "收", issuer, now, ReceiptFacts(application, window), [
                    $"您于 {Day(application.SubmittedAt ?? now)} 提交的“{application.ServiceName}”申请及材料已收到。窗口将在 1 个工作日内审查材料，决定是否受理。",
                    "可扫描下方二维码或登录“我的办件”查看办理进度。",
                ]);
                break;
            case ApprovalContract.Accept:
                application.AcceptedAt = now;
                Issue(db, application, ServiceDocumentKind.AcceptanceNotice, "受理通知书", "受", issuer, now, ReceiptFacts(application, window), [
                    $"你（单位）提出的“{application.ServiceName}”申请，申请材料齐全、符合法定形式，本窗口决定予以受理。",
                    $"承诺办结时限为 {item.PromisedDays.ToString(CultureInfo.InvariantCulture)} 个工作日（补齐补正、挂起期间不计），预计 {Day(application.DueAt)} 前办结。",
                ]);
                if (approvers.Count > 0 && !(application.ApprovingUnitCodes ?? "").Split(',').SequenceEqual([application.WindowUnitCode]))
                {
                    db.ApplicationEvents.Add(ApplicationService.Event(application, "Forwarded",
                        $"就近办：{window} 受理后转 {string.Join("、", approvers)} {(approvers.Count > 1 ? "并联审批" : "审批")}", change.Actor.Name, now));
                }
                break;
            case ApprovalContract.Reject:
                Issue(db, application, ServiceDocumentKind.RejectionNotice, "不予受理通知书", "不受", issuer, now, ReceiptFacts(application, window), [
                    $"你（单位）提出的“{application.ServiceName}”申请，经审查，决定不予受理。",
                    $"理由：{change.Input.Comment}",
                    "如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
                ]);
                break;
            case ApprovalContract.RequestSupplement:
                var count = await db.ApplicationDocuments.CountAsync(d => d.ApplicationId == application.Id && d.Kind == ServiceDocumentKind.SupplementNotice) + 1;
                Issue(db, application, ServiceDocumentKind.SupplementNotice, "补齐补正材料通知书", $"补{count}-", issuer, now, ReceiptFacts(application, window),
                    [
                        $"你（单位）提出的“{application.ServiceName}”申请，材料不齐全或者不符合法定形式，请补齐补正以下材料后重新提交：",
                        .. (change.Input.Comment ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select((line, i) => $"{i + 1}. {line}"),
                        "补齐补正期间不计入办理时限；重新提交后窗口将再次审查。",
                    ]);
                break;
            case ApprovalContract.Approve:
                Issue(db, application, ServiceDocumentKind.Certificate, CertificateTitle(item.Kind), "准", DecisionIssuer(approvers), now,
                    DecisionFacts(application, item, window, approvers, now), [
                        $"你（单位）于 {Day(application.SubmittedAt)} 提出的“{application.ServiceName}”申请，经审查，符合法定条件和标准，决定予以准予。",
                        .. string.IsNullOrWhiteSpace(change.Input.Comment) ? Array.Empty<string>() : [$"审批意见：{change.Input.Comment}"],
                        "本文书可通过扫描二维码在盘龙区政务服务网核验真伪。",
                    ]);
                break;
            case ApprovalContract.Deny:
                Issue(db, application, ServiceDocumentKind.DenialNotice, "不予许可决定书", "不许", DecisionIssuer(approvers), now, DecisionFacts(application, item, window, approvers, now), [
                    $"你（单位）于 {Day(application.SubmittedAt)} 提出的“{application.ServiceName}”申请，经审查，决定不予准予。",
                    $"理由：{change.Input.Comment}",
                    "如对本决定不服，可以自收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法提起行政诉讼。",
                ]);
                break;
        }
        if (change.Instance.Status == InstanceStatus.Completed)
        {
            application.CompletedAt = now;
            application.DueAt = change.Instance.DueAt;
            application.Outcome = state.Id switch
            {
                ApprovalContract.Approved => ApplicationOutcome.Approved,
                ApprovalContract.Denied => ApplicationOutcome.Denied,
                _ => ApplicationOutcome.Rejected,
            };
            var used = (now > countFrom ? calendar.WorkingTimeBetween(countFrom, now) : TimeSpan.Zero) - TimeSpan.FromMinutes(application.PausedMinutes);
            application.WorkingDaysUsed = Math.Round(Math.Max(0, used / calendar.DayLength), 2);
            application.OnTime = application.DueAt is not { } due || now <= due;
        }
        await WriteOutboxAsync(change, application, state.Name);
    }

    /// <summary>The department's answer to a bad rating closes its rectification.</summary>
    public sealed class RatingListener : IWorkflowListener
    {
        public string SubjectType => RatingSubject;

        public IReadOnlyList<ProcessContract> Contracts { get; } = [RectificationContract.Contract];

        public async Task OnChangedAsync(WorkflowChange change)
        {
            if (change.Trigger != RectificationContract.Answer)
            {
                return;
            }
            var db = change.Db;
            var rating = await db.ServiceRatings.Include(r => r.Application).SingleAsync(r => r.RectificationInstanceId == change.Instance.Id);
            rating.RectifiedAt = change.Now;
            rating.RectificationAnswer = change.Input.Comment;
            db.ApplicationEvents.Add(ApplicationService.Event(rating.Application!, "Rectified", $"差评整改答复：{change.Input.Comment}", change.Actor.Name, change.Now));
            if (rating.Application!.ApplicantUserId is { } applicant)
            {
                db.OutboxMessages.Add(Outbox.Message("service.progress", $"user:{applicant}", $"您对办件 {rating.Application.Number} 的评价已整改答复",
                    change.Input.Comment, $"/applications/{rating.Application.Number}", change.Now));
            }
        }
    }

    private static void Issue(PanlongDbContext db, ServiceApplication application, ServiceDocumentKind kind, string title, string mark, string issuer,
        DateTimeOffset now, IReadOnlyList<KeyValuePair<string, string>> facts, IReadOnlyList<string> paragraphs)
    {
        var year = ChinaTime.ToChina(now).Year;
        db.ApplicationDocuments.Add(new ApplicationDocument
        {
            ApplicationId = application.Id,
            Application = application.Id == 0 ? application : null,
            Kind = kind,
            Title = title,
            DocumentNumber = $"盘政服〔{year}〕{mark}{application.Number}号",
            IssuerName = issuer,
            IssuedAt = now,
            Content = JsonSerializer.Serialize(new DocumentContent(facts, paragraphs), ServiceItem.Json),
            VerifyCode = ApplicationService.Token(),
        });
        db.ApplicationEvents.Add(ApplicationService.Event(application, "DocumentIssued", $"出具《{title}》", issuer, now));
    }

    private static List<KeyValuePair<string, string>> ReceiptFacts(ServiceApplication a, string window) =>
    [
        new("办件编号", a.Number ?? ""),
        new("申请事项", $"{a.ServiceName}（{a.ServiceCode}）"),
        new("申请人", a.ApplicantName),
        new(a.ApplicantKind == ApplicantKind.Entity ? "统一社会信用代码" : "证件号码", a.CreditCode ?? a.ApplicantIdMasked ?? ""),
        new("受理窗口", window),
        new("申请方式", a.Channel == ApplicationChannel.Online ? "网上申请" : "窗口申请"),
        new("提交时间", Time(a.SubmittedAt)),
        new("承诺办结", a.DueAt is { } due ? Day(due) : "—"),
    ];

    /// <summary>The decision's table: who and what was decided — the application's own fields (ID numbers and phones masked) included.</summary>
    private static List<KeyValuePair<string, string>> DecisionFacts(ServiceApplication a, ServiceItem item, string window, List<string> approvers,
        DateTimeOffset now)
    {
        var form = JsonSerializer.Deserialize<Dictionary<string, string>>(a.FormDisplay, ServiceItem.Json) ?? [];
        var asked = item.FieldList.Where(f => f.Type is not (FieldType.IdNumber or FieldType.Phone or FieldType.CreditCode) && f.RegistryFact is not (RegistryFacts.PersonName or RegistryFacts.EntityName))
            .Where(f => !string.IsNullOrWhiteSpace(form.GetValueOrDefault(f.Key))).Select(f => new KeyValuePair<string, string>(f.Label, form[f.Key]));
        return
        [
            new("办件编号", a.Number ?? ""),
            new("申请事项", $"{a.ServiceName}（{a.ServiceCode}）"),
            new("申请人", a.ApplicantName),
            new(a.ApplicantKind == ApplicantKind.Entity ? "统一社会信用代码" : "证件号码", a.CreditCode ?? a.ApplicantIdMasked ?? ""),
            .. asked,
            new("受理窗口", window),
            new(approvers.Count > 1 ? "并联审批部门" : "审批部门", string.Join("、", approvers)),
            new("办结日期", Day(now)),
        ];
    }

    private static string CertificateTitle(ServiceKind kind) => kind switch
    {
        ServiceKind.Permit => "准予行政许可决定书",
        ServiceKind.Benefit => "准予给付决定书",
        ServiceKind.Confirmation => "行政确认办结通知书",
        _ => "办结通知书",
    };

    private static string WindowIssuer(string window) =>
        window.EndsWith("社区", StringComparison.Ordinal) ? $"盘龙区{window}便民服务站" : $"盘龙区{window}便民服务中心";

    /// <summary>The lead approver's full name: "区民政局" → "盘龙区民政局", "拓东街道" → "盘龙区拓东街道".</summary>
    private static string DecisionIssuer(List<string> approvers) => approvers.Count == 0 ? "昆明市盘龙区人民政府" : approvers[0] switch
    {
        var name when name.StartsWith("盘龙区", StringComparison.Ordinal) => name,
        var name when name.StartsWith('区') => "盘龙" + name,
        var name => "盘龙区" + name,
    };

    private static async Task<Dictionary<string, string>> UnitNamesAsync(PanlongDbContext db, ServiceApplication application)
    {
        var codes = (application.ApprovingUnitCodes ?? "").Split(',').Append(application.WindowUnitCode).ToList();
        return await db.UnitNamesAsync(codes);
    }

    private static async Task WriteOutboxAsync(WorkflowChange change, ServiceApplication application, string stateName)
    {
        var db = change.Db;
        var link = $"/applications/{application.Number}";
        foreach (var (task, recipient) in Outbox.TaskRecipients(change.OpenedTasks))
        {
            db.OutboxMessages.Add(Outbox.Message("service.task", recipient, $"新办件：{task.Name} {application.Number}", application.ServiceName, link, change.Now));
        }
        if (application.ApplicantUserId is { } applicant && applicant != change.Actor.UserId && !change.OpenedTasks.Any(t => t.AssigneeUserId == applicant))
        {
            db.OutboxMessages.Add(Outbox.Message("service.progress", $"user:{applicant}", $"您的办件 {application.Number}：{stateName}", application.ServiceName, link, change.Now));
        }
    }


    internal static string Day(DateTimeOffset? at) => at is { } t ? ChinaTime.ChineseDate(t) : "—";

    private static string Time(DateTimeOffset? at) => at is { } t ? ChinaTime.ChineseDateTime(t) : "—";
}
