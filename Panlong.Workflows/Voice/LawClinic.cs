using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.Extensions.Configuration;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Data.Voice;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Voice;

/// <summary>What a publisher may tidy before the answer goes public; names, ID and phone numbers are removed whatever they write.</summary>
public sealed record PublishDraft(string? Title, string? Question, string? Answer);

/// <summary>
/// 法律诊所 (issue 21 part 5, docs/decisions/0089-community-voice.md): a resident asks; the community's volunteer lawyers (the
/// 法律 skill) see its open questions and one of them claims it by a conditional update; the claimer (or the street's 司法所)
/// answers, the asker follows up and rates. An answer is due within <c>LawClinic:AnswerWorkingDays</c> (3) working days; an
/// overdue question is sent to the street's 司法所 once. A good answer is published with the personal data removed.
/// </summary>
public sealed class LawClinic(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, CalendarProvider calendars, IConfiguration configuration,
    TimeProvider clock)
{
    public async Task<ForumResult> AskAsync(WorkflowActor resident, string? title, string? text, CancellationToken ct = default)
    {
        var (t, body) = (title?.Trim() ?? "", text?.Trim() ?? "");
        if (t.Length is 0 or > VoiceContract.TitleMax)
        {
            return ForumResult.Refused("Forum.Problem.Title");
        }
        if (body.Length is 0 or > VoiceContract.TextMax)
        {
            return ForumResult.Refused("Forum.Problem.Text");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The asker's own community, never a chosen one: its lawyers answer (real-name accounts only).
        if (await VoiceSeat.ForAsync(db, resident, null, ct) is not { } seat)
        {
            return ForumResult.Refused("Forum.Problem.NotResident");
        }
        var now = clock.GetUtcNow();
        var calendar = await calendars.GetAsync(ct);
        var question = new LegalQuestion
        {
            CommunityCode = seat.CommunityCode, ScopePath = seat.ScopePath, AskerUserId = seat.UserId!, AskerName = CommunityForum.Trim(seat.Name, 50),
            Title = t, Text = body, AskedAt = now, DueAt = calendar.AddWorkingDays(now, configuration.GetValue(VoiceContract.AnswerDaysKey, VoiceContract.DefaultAnswerWorkingDays)),
        };
        db.LegalQuestions.Add(question);
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: question.Id);
    }

    /// <summary>
    /// 抢答: exactly one lawyer wins. The lawyer must be an active volunteer of the question's community with the 法律 skill; the win
    /// is one UPDATE … WHERE Status = 'Open' AND LawyerVolunteerId IS NULL, and only the caller whose UPDATE changed the row is audited.
    /// </summary>
    public async Task<ForumResult> ClaimAsync(WorkflowActor lawyer, long questionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var volunteer = await LawyerAsync(db, lawyer, ct);
        var question = await db.LegalQuestions.AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (volunteer is null || question is null || question.CommunityCode != volunteer.CommunityCode)
        {
            return ForumResult.Refused("LawClinic.Problem.NotFound");
        }
        if (question.Status != LegalQuestionStatus.Open)
        {
            return ForumResult.Refused(question.LawyerVolunteerId == volunteer.Id ? "LawClinic.Problem.AlreadyYours" : "LawClinic.Problem.Taken");
        }
        var now = clock.GetUtcNow();
        var name = CommunityForum.Trim(lawyer.Name, 50);
        var won = await MoveAsync(db, questionId, q => q.Status == LegalQuestionStatus.Open && q.LawyerVolunteerId == null, s => s
            .SetProperty(q => q.Status, LegalQuestionStatus.Claimed)
            .SetProperty(q => q.LawyerVolunteerId, volunteer.Id)
            .SetProperty(q => q.LawyerUserId, volunteer.UserId)
            .SetProperty(q => q.LawyerName, name)
            .SetProperty(q => q.ClaimedAt, now),
            db => db.AuditEntries.Add(audit.Create(VoiceContract.Claim, lawyer.UserId, lawyer.Name, Target(questionId))), ct);
        return won ? new ForumResult(true, Id: questionId) : ForumResult.Refused("LawClinic.Problem.Taken");
    }

    /// <summary>The claiming lawyer, or the street's 司法所 (an unanswered question it took over), answers; the first answer is the answer time.</summary>
    public async Task<ForumResult> AnswerAsync(WorkflowActor actor, long questionId, string? text, CancellationToken ct = default)
    {
        var body = text?.Trim() ?? "";
        if (body.Length is 0 or > VoiceContract.AnswerMax)
        {
            return ForumResult.Refused("Forum.Problem.Text");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var question = await db.LegalQuestions.SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null || !(IsLawyerOf(question, actor) || IsJusticeOffice(question, actor)))
        {
            return ForumResult.Refused("LawClinic.Problem.NotFound");
        }
        var now = clock.GetUtcNow();
        db.LegalMessages.Add(new LegalMessage
        {
            QuestionId = question.Id, Kind = LegalMessageKind.Answer, AuthorUserId = actor.UserId!, AuthorName = CommunityForum.Trim(actor.Name, 50), Text = body, At = now,
        });
        if (question.AnsweredAt is null)
        {
            question.AnsweredAt = now;
            question.Status = LegalQuestionStatus.Answered;
            question.LawyerName ??= CommunityForum.Trim(actor.Name, 50);
        }
        db.OutboxMessages.Add(Outbox.Message(VoiceContract.AnsweredTopic, $"user:{question.AskerUserId}", $"法律诊所：您的问题“{question.Title}”有了答复", null,
            $"/law/{question.Id}", now));
        return await SaveAsync(db, question.Id, ct);
    }

    /// <summary>The asker adds a follow-up to a claimed or answered question; the lawyer answers it in the same thread.</summary>
    public async Task<ForumResult> FollowUpAsync(WorkflowActor asker, long questionId, string? text, CancellationToken ct = default)
    {
        var body = text?.Trim() ?? "";
        if (body.Length is 0 or > VoiceContract.TextMax)
        {
            return ForumResult.Refused("Forum.Problem.Text");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var question = await db.LegalQuestions.AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId && q.AskerUserId == asker.UserId, ct);
        if (question is null)
        {
            return ForumResult.Refused("LawClinic.Problem.NotFound");
        }
        if (question.Status == LegalQuestionStatus.Open)
        {
            return ForumResult.Refused("LawClinic.Problem.NotClaimed");
        }
        db.LegalMessages.Add(new LegalMessage
        {
            QuestionId = question.Id, Kind = LegalMessageKind.FollowUp, AuthorUserId = asker.UserId!, AuthorName = question.AskerName, Text = body, At = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: question.Id);
    }

    /// <summary>The asker rates an answered question once, 1 to 5.</summary>
    public async Task<ForumResult> RateAsync(WorkflowActor asker, long questionId, int stars, CancellationToken ct = default)
    {
        if (stars is < 1 or > 5)
        {
            return ForumResult.Refused("LawClinic.Problem.Rating");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await db.LegalQuestions
            .Where(q => q.Id == questionId && q.AskerUserId == asker.UserId && q.Status == LegalQuestionStatus.Answered && q.Rating == null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.Rating, stars).SetProperty(q => q.RatedAt, now).SetProperty(q => q.Version, Guid.NewGuid()), ct);
        return rows == 1 ? new ForumResult(true, Id: questionId) : ForumResult.Refused("LawClinic.Problem.Rated");
    }

    /// <summary>
    /// The 司法所 or the answering lawyer publishes an answered question to the public Q&amp;A: the asker's and the lawyer's names,
    /// ID and phone numbers are removed from the title, question and answers (the publisher's tidied text or the record's).
    /// </summary>
    public async Task<ForumResult> PublishAsync(WorkflowActor actor, long questionId, PublishDraft? draft = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var question = await db.LegalQuestions.SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null || !(IsLawyerOf(question, actor) || IsJusticeOffice(question, actor)))
        {
            return ForumResult.Refused("LawClinic.Problem.NotFound");
        }
        if (question.Status != LegalQuestionStatus.Answered)
        {
            return ForumResult.Refused("LawClinic.Problem.NotAnswered");
        }
        var published = await AnonymizedAsync(db, question, draft, ct);
        (question.PublishedTitle, question.PublishedQuestion, question.PublishedAnswer) = (published.Title, published.Question, published.Answer);
        question.PublishedAt = clock.GetUtcNow();
        db.AuditEntries.Add(audit.Create(VoiceContract.Publish, actor.UserId, actor.Name, Target(questionId)));
        return await SaveAsync(db, questionId, ct);
    }

    /// <summary>
    /// The anonymized text a publisher starts from and may tidy before <see cref="PublishAsync"/> (which anonymizes the tidied text
    /// again); null when the actor may not publish the question or it is not answered.
    /// </summary>
    public async Task<PublishDraft?> DraftAsync(WorkflowActor actor, long questionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var question = await db.LegalQuestions.AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, ct);
        return question is null || question.Status != LegalQuestionStatus.Answered || !(IsLawyerOf(question, actor) || IsJusticeOffice(question, actor))
            ? null
            : await AnonymizedAsync(db, question, null, ct);
    }

    /// <summary>Title, question and answers (the publisher's tidied text or the record's) without the asker's, the lawyer's and the writers' names, IDs or phones.</summary>
    private static async Task<PublishDraft> AnonymizedAsync(PanlongDbContext db, LegalQuestion question, PublishDraft? draft, CancellationToken ct)
    {
        var messages = await db.LegalMessages.AsNoTracking().Where(m => m.QuestionId == question.Id).OrderBy(m => m.At).ThenBy(m => m.Id).ToListAsync(ct);
        string?[] names = [question.AskerName, question.LawyerName, .. messages.Select(m => m.AuthorName)];
        var answer = draft?.Answer is { Length: > 0 } tidied
            ? tidied
            : string.Join("\n\n", messages.Where(m => m.Kind == LegalMessageKind.Answer).Select(m => m.Text));
        return new PublishDraft(
            Clip(PersonalDataInText.Anonymize(draft?.Title is { Length: > 0 } t ? t : question.Title, names), VoiceContract.TitleMax),
            Clip(PersonalDataInText.Anonymize(draft?.Question is { Length: > 0 } q ? q : question.Text, names), VoiceContract.TextMax),
            Clip(PersonalDataInText.Anonymize(answer, names), VoiceContract.AnswerMax));
    }

    /// <summary>
    /// Questions unanswered past their deadline go to the street's 司法所 (a bell to its approvers) exactly once: each is one
    /// conditional UPDATE of <see cref="LegalQuestion.EscalatedAt"/>, so sweeps on two nodes at once send one bell.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var overdue = await db.LegalQuestions.AsNoTracking()
            .Where(q => q.Status != LegalQuestionStatus.Answered && q.EscalatedAt == null && q.DueAt < now)
            .OrderBy(q => q.Id).Take(500).Select(q => new { q.Id, q.CommunityCode, q.Title }).ToListAsync(ct);
        var escalated = 0;
        foreach (var question in overdue)
        {
            var street = question.CommunityCode[..9];
            escalated += await MoveAsync(db, question.Id, q => q.Status != LegalQuestionStatus.Answered && q.EscalatedAt == null, s => s.SetProperty(q => q.EscalatedAt, now),
                db =>
                {
                    db.OutboxMessages.Add(Outbox.Message(VoiceContract.OverdueTopic, $"unit:{street}:{VoiceContract.JusticeOfficeRole}",
                        $"法律诊所问题 {question.Id} 超期未答复", question.Title, $"/law/{question.Id}", now));
                    db.AuditEntries.Add(audit.Create(VoiceContract.Escalate, null, WorkflowActor.System.Name, Target(question.Id), street));
                }, ct) ? 1 : 0;
        }
        return escalated;
    }

    /// <summary>The question for one who may read it — its asker, its lawyer, the street's 司法所 (audited), or a lawyer of the community while it is open.</summary>
    public async Task<(LegalQuestion Question, IReadOnlyList<LegalMessage> Messages)?> ReadAsync(WorkflowActor actor, long questionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var question = await db.LegalQuestions.AsNoTracking().SingleOrDefaultAsync(q => q.Id == questionId, ct);
        if (question is null)
        {
            return null;
        }
        var asker = question.AskerUserId == actor.UserId;
        var office = IsJusticeOffice(question, actor);
        var openToLawyer = question.Status == LegalQuestionStatus.Open && await LawyerAsync(db, actor, ct) is { } v && v.CommunityCode == question.CommunityCode;
        if (!(asker || IsLawyerOf(question, actor) || office || openToLawyer))
        {
            return null;
        }
        if (office && !asker)
        {
            db.AuditEntries.Add(audit.Create(VoiceContract.View, actor.UserId, actor.Name, Target(questionId)));
            await db.SaveChangesAsync(ct);
        }
        var messages = await db.LegalMessages.AsNoTracking().Where(m => m.QuestionId == questionId).OrderBy(m => m.At).ThenBy(m => m.Id).ToListAsync(ct);
        return (question, messages);
    }

    /// <summary>An active volunteer with the 法律 skill (the actor's account), or null.</summary>
    public static async Task<Volunteer?> LawyerAsync(PanlongDbContext db, WorkflowActor actor, CancellationToken ct) =>
        await ServiceOrderService.ActiveVolunteerAsync(db, actor.UserId, ct) is { } volunteer && VolunteerSkill.Ids(volunteer.Skills).Contains(VoiceContract.LawSkillId)
            ? volunteer
            : null;

    public static bool IsLawyerOf(LegalQuestion question, WorkflowActor actor) => actor.UserId is not null && question.LawyerUserId == actor.UserId;

    /// <summary>The street's 司法所: an approver whose unit is the street the question's community lies in.</summary>
    public static bool IsJusticeOffice(LegalQuestion question, WorkflowActor actor) => IsJusticeOffice(actor) && actor.Scope.Covers(question.ScopePath);

    public static bool IsJusticeOffice(WorkflowActor actor) => actor.Roles.Contains(VoiceContract.JusticeOfficeRole) && actor.Scope.Root?.Level == OrgLevel.Street;

    internal static string Target(long questionId) => $"legal-question:{questionId.ToString(CultureInfo.InvariantCulture)}";

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    private static async Task<ForumResult> SaveAsync(PanlongDbContext db, long id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ForumResult.Refused("LawClinic.Problem.Changed");
        }
        return new ForumResult(true, Id: id);
    }

    /// <summary>One conditional UPDATE in a transaction; <paramref name="alongside"/>'s rows are saved only if it changed the row.</summary>
    private static async Task<bool> MoveAsync(PanlongDbContext db, long questionId, Expression<Func<LegalQuestion, bool>> when,
        Func<UpdateSettersBuilder<LegalQuestion>, UpdateSettersBuilder<LegalQuestion>> set, Action<PanlongDbContext> alongside, CancellationToken ct) =>
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var version = Guid.NewGuid();
            var rows = await db.LegalQuestions.Where(q => q.Id == questionId).Where(when).ExecuteUpdateAsync(s => set(s).SetProperty(q => q.Version, version), ct);
            if (rows == 0)
            {
                return false;
            }
            alongside(db);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return true;
        }, ct);
}
