using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Voice;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Voice;

/// <summary>A topic (no <see cref="TopicId"/>, a title) or a reply; <see cref="Photos"/> are paths the photo store already checked and kept.</summary>
public sealed record ForumDraft(string? CommunityCode, long? TopicId, string? Title, string? Text, IReadOnlyList<string>? Photos = null);

/// <summary>An outcome; when refused, the resource key of the reason. <see cref="Held"/>: the word list holds the post for review.</summary>
public sealed record ForumResult(bool Ok, string? Problem = null, long? Id = null, bool Held = false, string? LinkId = null)
{
    public static ForumResult Refused(string problem) => new(false, problem);
}

/// <summary>
/// 社区微吧 (issue 21 part 4, docs/decisions/0089-community-voice.md): residents post topics and replies in their community's
/// forum; its staff post as the community (official), pin notices, release what the word list held, hide with a reason and
/// restore — every moderation act audited, nothing deleted — and turn a post into a case; its author turns it into a need.
/// </summary>
public sealed class CommunityForum(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, ForumWords words, CaseService cases, NeedService needs,
    TimeProvider clock)
{
    public async Task<ForumResult> PostAsync(WorkflowActor actor, ForumDraft draft, CancellationToken ct = default)
    {
        var text = draft.Text?.Trim() ?? "";
        var title = draft.Title?.Trim();
        if (text.Length == 0 || text.Length > VoiceContract.TextMax)
        {
            return ForumResult.Refused("Forum.Problem.Text");
        }
        if (draft.TopicId is null && (string.IsNullOrEmpty(title) || title.Length > VoiceContract.TitleMax))
        {
            return ForumResult.Refused("Forum.Problem.Title");
        }
        if (draft.Photos?.Count > VoiceContract.MaxPhotos)
        {
            return ForumResult.Refused("Forum.Problem.Photos");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var topic = draft.TopicId is { } topicId
            ? await db.ForumPosts.SingleOrDefaultAsync(p => p.Id == topicId && p.TopicId == null && p.Status == ForumPostStatus.Visible, ct)
            : null;
        if (draft.TopicId is not null && topic is null)
        {
            return ForumResult.Refused("Forum.Problem.NotFound");
        }
        if (await VoiceSeat.ForAsync(db, actor, topic?.CommunityCode ?? draft.CommunityCode, ct) is not { } seat)
        {
            return ForumResult.Refused("Forum.Problem.NotResident");
        }
        var now = clock.GetUtcNow();
        // Staff speak for the community and are not held; a resident's post with a listed word waits for staff.
        var held = seat.IsStaff ? null : words.Match(title, text);
        var post = new ForumPost
        {
            TopicId = topic?.Id, CommunityCode = seat.CommunityCode, ScopePath = seat.ScopePath, Title = topic is null ? title : null, Text = text,
            AuthorUserId = seat.UserId!, AuthorName = Trim(seat.Name, 50), IsOfficial = seat.IsStaff, CreatedAt = now, LastActivityAt = now,
            Photos = draft.Photos is { Count: > 0 } photos ? string.Join(',', photos) : null,
            Status = held is null ? ForumPostStatus.Visible : ForumPostStatus.Held, HeldWord = held,
        };
        db.ForumPosts.Add(post);
        if (topic is not null && held is null)
        {
            topic.LastActivityAt = now;
        }
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: post.Id, Held: held is not null);
    }

    /// <summary>Anyone who can read the post reports it once, with a reason; staff see the count.</summary>
    public async Task<ForumResult> ReportAsync(WorkflowActor actor, long postId, string? reason, CancellationToken ct = default)
    {
        if (Reason(reason) is not { } why)
        {
            return ForumResult.Refused("Forum.Problem.Reason");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await db.ForumPosts.SingleOrDefaultAsync(p => p.Id == postId && p.Status == ForumPostStatus.Visible, ct);
        if (post is null || await VoiceSeat.ForAsync(db, actor, post.CommunityCode, ct) is null)
        {
            return ForumResult.Refused("Forum.Problem.NotFound");
        }
        if (await db.ForumReports.AnyAsync(r => r.PostId == postId && r.UserId == actor.UserId, ct))
        {
            return ForumResult.Refused("Forum.Problem.AlreadyReported");
        }
        db.ForumReports.Add(new ForumReport { PostId = postId, UserId = actor.UserId!, Reason = why, At = clock.GetUtcNow() });
        post.Reports++;
        db.AuditEntries.Add(audit.Create(VoiceContract.Report, actor.UserId, actor.Name, Target(postId), why));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return ForumResult.Refused("Forum.Problem.AlreadyReported");
        }
        return new ForumResult(true, Id: postId);
    }

    public Task<ForumResult> HideAsync(WorkflowActor staff, long postId, string? reason, CancellationToken ct = default) =>
        ModerateAsync(staff, postId, ForumPostStatus.Hidden, reason, VoiceContract.Hide, ct);

    public Task<ForumResult> RestoreAsync(WorkflowActor staff, long postId, string? reason, CancellationToken ct = default) =>
        ModerateAsync(staff, postId, ForumPostStatus.Visible, reason, VoiceContract.Restore, ct);

    /// <summary>A post the word list held, found harmless: shown. (Hiding it is <see cref="HideAsync"/>.)</summary>
    public Task<ForumResult> ReleaseAsync(WorkflowActor staff, long postId, CancellationToken ct = default) =>
        ModerateAsync(staff, postId, ForumPostStatus.Visible, "held:release", VoiceContract.Release, ct);

    private async Task<ForumResult> ModerateAsync(WorkflowActor staff, long postId, ForumPostStatus to, string? reason, string action, CancellationToken ct)
    {
        if (Reason(reason) is not { } why)
        {
            return ForumResult.Refused("Forum.Problem.Reason");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await StaffPostAsync(db, staff, postId, ct);
        if (post is null)
        {
            return ForumResult.Refused("Forum.Problem.NotFound");
        }
        var from = action == VoiceContract.Release ? ForumPostStatus.Held : action == VoiceContract.Restore ? ForumPostStatus.Hidden : post.Status;
        if (post.Status != from || post.Status == to)
        {
            return post.Status == to ? new ForumResult(true, Id: postId) : ForumResult.Refused("Forum.Problem.State");
        }
        var now = clock.GetUtcNow();
        post.Status = to;
        // The hide's who and why stay on the row after a restore too: the audit has both, the row keeps the last.
        if (to == ForumPostStatus.Hidden)
        {
            (post.HiddenAt, post.HiddenBy, post.HiddenReason) = (now, Trim(staff.Name, 50), why);
        }
        db.AuditEntries.Add(audit.Create(action, staff.UserId, staff.Name, Target(postId), why));
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: postId);
    }

    /// <summary>Staff pin a topic to the top of the community's list (a notice), or unpin it.</summary>
    public async Task<ForumResult> PinAsync(WorkflowActor staff, long topicId, bool pinned, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var topic = await StaffPostAsync(db, staff, topicId, ct);
        if (topic is null || topic.TopicId is not null)
        {
            return ForumResult.Refused("Forum.Problem.NotFound");
        }
        topic.PinnedAt = pinned ? clock.GetUtcNow() : null;
        db.AuditEntries.Add(audit.Create(VoiceContract.Pin, staff.UserId, staff.Name, Target(topicId), pinned ? "pin" : "unpin"));
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: topicId);
    }

    /// <summary>
    /// Staff turn a post into a case: the report (its category and place chosen by staff, the description pre-filled from the post)
    /// goes through the case loop, and the post is linked to the case in the report's transaction.
    /// </summary>
    public async Task<(ForumResult Result, ReportResult? Report)> TurnIntoCaseAsync(WorkflowActor staff, long postId, CaseReport report, CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var post = await StaffPostAsync(db, staff, postId, ct);
            if (post is null)
            {
                return (ForumResult.Refused("Forum.Problem.NotFound"), null);
            }
            if (post.LinkKind is not null)
            {
                return (ForumResult.Refused("Forum.Problem.Linked"), null);
            }
            report = report with { Description = string.IsNullOrWhiteSpace(report.Description) ? Trim(post.Text, 1000) : report.Description };
        }
        var reported = await cases.ReportAsync(report, staff, (db, created) =>
        {
            var stub = new ForumPost { Id = postId, CommunityCode = "", ScopePath = "", Text = "", AuthorUserId = "", AuthorName = "" };
            db.ForumPosts.Attach(stub);
            (stub.LinkKind, stub.LinkId) = (VoiceContract.LinkCase, created.Number);
            db.AuditEntries.Add(audit.Create(VoiceContract.Link, staff.UserId, staff.Name, Target(postId), $"case:{created.Number}"));
        }, ct);
        return reported.Ok ? (new ForumResult(true, Id: postId, LinkId: reported.Number), reported) : (ForumResult.Refused("Forum.Problem.Case"), reported);
    }

    /// <summary>The author turns their own post into a community need (the text pre-filled, editable); the post is linked to it.</summary>
    public async Task<ForumResult> TurnIntoNeedAsync(WorkflowActor author, long postId, int kindId, string? text, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await db.ForumPosts.SingleOrDefaultAsync(p => p.Id == postId && p.AuthorUserId == author.UserId && p.Status != ForumPostStatus.Hidden, ct);
        if (post is null)
        {
            return ForumResult.Refused("Forum.Problem.NotFound");
        }
        if (post.LinkKind is not null)
        {
            return ForumResult.Refused("Forum.Problem.Linked");
        }
        var posted = await needs.PostAsync(author, new NeedForm(kindId, string.IsNullOrWhiteSpace(text) ? Trim(post.Text, NeedContract.TextMax) : text, null), ct);
        if (!posted.Ok)
        {
            return ForumResult.Refused(posted.Problem!);
        }
        var needId = posted.Id!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        (post.LinkKind, post.LinkId) = (VoiceContract.LinkNeed, needId);
        db.AuditEntries.Add(audit.Create(VoiceContract.Link, author.UserId, author.Name, Target(postId), $"need:{needId}"));
        await db.SaveChangesAsync(ct);
        return new ForumResult(true, Id: postId, LinkId: needId);
    }

    private static async Task<ForumPost?> StaffPostAsync(PanlongDbContext db, WorkflowActor staff, long postId, CancellationToken ct) =>
        staff.HoldsAny(VoiceContract.ForumStaffRoles) && await db.ForumPosts.SingleOrDefaultAsync(p => p.Id == postId, ct) is { } post && staff.Scope.Covers(post.ScopePath)
            ? post
            : null;

    private static string? Reason(string? reason) => reason?.Trim() is { Length: > 0 and <= VoiceContract.ReasonMax } why ? why : null;

    internal static string Target(long postId) => $"forum-post:{postId}";

    internal static string Trim(string value, int max) => value.Length <= max ? value : value[..max];
}
