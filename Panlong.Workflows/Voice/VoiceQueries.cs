using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Data.Voice;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Voice;

/// <summary>A post as shown: ID and mobile numbers masked, a resident's name masked to the surname; staff also see held/hidden marks.</summary>
public sealed record ForumPostView(long Id, long? TopicId, string? Title, string Text, string Author, bool IsOfficial, bool Pinned, DateTimeOffset CreatedAt,
    ForumPostStatus Status, string? HeldWord, string? HiddenReason, int Reports, int Replies, bool Mine, IReadOnlyList<string> Photos, string? LinkKind, string? LinkId,
    bool HasPersonalData);

public sealed record ForumView(VoiceSeat Seat, IReadOnlyList<ForumPostView> Posts);

/// <summary>A legal question as listed: no asker's name; its text masked like a post.</summary>
public sealed record LegalQuestionRow(long Id, string Title, string Text, LegalQuestionStatus Status, DateTimeOffset AskedAt, DateTimeOffset DueAt, bool Overdue,
    string? LawyerName, int? Rating, DateTimeOffset? PublishedAt);

public sealed record PublishedAnswer(long Id, string Title, string Question, string Answer, DateTimeOffset PublishedAt, string CommunityCode);

/// <summary>The read side of 社区微吧 and 法律诊所: every list is cut to what the actor may see, and masks as it reads.</summary>
public sealed class VoiceQueries(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>A community's topics (pinned first, then the latest activity), or one topic and its replies.</summary>
    public async Task<ForumView?> ForumAsync(WorkflowActor actor, string? communityCode, long? topicId = null, int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (topicId is { } id)
        {
            communityCode = await db.ForumPosts.Where(p => p.Id == id && p.TopicId == null).Select(p => p.CommunityCode).SingleOrDefaultAsync(ct);
            if (communityCode is null)
            {
                return null;
            }
        }
        if (await VoiceSeat.ForAsync(db, actor, communityCode, ct) is not { } seat)
        {
            return null;
        }
        var userId = actor.UserId;
        var posts = db.ForumPosts.AsNoTracking().Where(p => p.CommunityCode == seat.CommunityCode);
        if (!seat.IsStaff)
        {
            posts = posts.Where(ResidentReads(userId));
        }
        var query = topicId is { } topic
            ? posts.Where(p => p.Id == topic || p.TopicId == topic).OrderBy(p => p.TopicId != null).ThenBy(p => p.CreatedAt).ThenBy(p => p.Id)
            : posts.Where(p => p.TopicId == null).OrderByDescending(p => p.PinnedAt != null).ThenByDescending(p => p.LastActivityAt).ThenByDescending(p => p.Id);
        var rows = await query.Take(take).Select(p => new
        {
            Post = p,
            Replies = db.ForumPosts.Count(r => r.TopicId == p.Id && r.Status == ForumPostStatus.Visible),
        }).ToListAsync(ct);
        if (topicId is not null && rows.Count == 0)
        {
            return null;
        }
        return new ForumView(seat, rows.Select(r => View(r.Post, r.Replies, userId)).ToList());
    }

    /// <summary>Hidden posts vanish for residents and stay, marked, for staff; a held post shows only to its author and staff.</summary>
    private static System.Linq.Expressions.Expression<Func<ForumPost, bool>> ResidentReads(string? userId) =>
        p => p.Status == ForumPostStatus.Visible || (p.Status == ForumPostStatus.Held && p.AuthorUserId == userId);

    /// <summary>
    /// The stored path of a post's n-th photo (from 0) for whoever may read the post as the forum shows it (its community's residents,
    /// the post's author while held, the community's staff) — and never a hidden post's: its photos stay for the audit, shown to nobody
    /// (docs/decisions/0098-care-leftovers.md). Null otherwise.
    /// </summary>
    public async Task<string?> PhotoAsync(WorkflowActor actor, long postId, int index, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var posts = db.ForumPosts.AsNoTracking().Where(p => p.Id == postId && p.Status != ForumPostStatus.Hidden);
        var community = await posts.Select(p => p.CommunityCode).SingleOrDefaultAsync(ct);
        if (community is null || await VoiceSeat.ForAsync(db, actor, community, ct) is not { } seat)
        {
            return null;
        }
        var post = await (seat.IsStaff ? posts : posts.Where(ResidentReads(actor.UserId))).Select(p => new { p.Photos }).SingleOrDefaultAsync(ct);
        if (post?.Photos is null)
        {
            return null;
        }
        var photos = post.Photos.Split(',', StringSplitOptions.RemoveEmptyEntries);
        return index >= 0 && index < photos.Length ? photos[index] : null;
    }

    /// <summary>Posts held by the word list, reported, or hidden (to restore), for a community's staff to review: held first, then the newest.</summary>
    public async Task<IReadOnlyList<ForumPostView>> ReviewAsync(WorkflowActor staff, string communityCode, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await VoiceSeat.ForAsync(db, staff, communityCode, ct) is not { IsStaff: true } seat)
        {
            return [];
        }
        var rows = await db.ForumPosts.AsNoTracking()
            .Where(p => p.CommunityCode == seat.CommunityCode && (p.Status != ForumPostStatus.Visible || p.Reports > 0))
            .OrderByDescending(p => p.Status == ForumPostStatus.Held).ThenByDescending(p => p.CreatedAt).Take(100).ToListAsync(ct);
        return rows.Select(p => View(p, 0, staff.UserId)).ToList();
    }

    /// <summary>
    /// A community's notices: visible topics its staff pinned or posted as the community, pinned first. The caller decides who may
    /// read them (a building watcher of the community, docs/decisions/0095-building-watchers.md).
    /// </summary>
    public async Task<IReadOnlyList<ForumPostView>> NoticesAsync(string communityCode, string? viewer, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.ForumPosts.AsNoTracking()
            .Where(p => p.CommunityCode == communityCode && p.TopicId == null && p.Status == ForumPostStatus.Visible && (p.PinnedAt != null || p.IsOfficial))
            .OrderByDescending(p => p.PinnedAt != null).ThenByDescending(p => p.LastActivityAt).ThenByDescending(p => p.Id).Take(take)
            .Select(p => new { Post = p, Replies = db.ForumPosts.Count(r => r.TopicId == p.Id && r.Status == ForumPostStatus.Visible) }).ToListAsync(ct);
        return rows.Select(r => View(r.Post, r.Replies, viewer)).ToList();
    }

    public static ForumPostView View(ForumPost p, int replies, string? viewer) => new(
        p.Id, p.TopicId, p.Title is null ? null : PersonalDataInText.Mask(p.Title), PersonalDataInText.Mask(p.Text),
        p.IsOfficial ? p.AuthorName : PersonalDataMask.Name(p.AuthorName), p.IsOfficial, p.PinnedAt is not null, p.CreatedAt, p.Status, p.HeldWord,
        p.HiddenReason, p.Reports, replies, p.AuthorUserId == viewer, p.Photos?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [], p.LinkKind, p.LinkId,
        PersonalDataInText.HasPersonalData(p.Title) || PersonalDataInText.HasPersonalData(p.Text));

    /// <summary>
    /// The actor's questions: a resident's own; a lawyer's claimed ones and the open ones of their community; the 司法所's
    /// street (overdue first).
    /// </summary>
    public async Task<IReadOnlyList<LegalQuestionRow>> QuestionsAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var userId = actor.UserId;
        var lawyer = await LawClinic.LawyerAsync(db, actor, ct);
        var community = lawyer?.CommunityCode;
        var street = LawClinic.IsJusticeOffice(actor) ? actor.Scope.RootPath : null;
        var rows = await db.LegalQuestions.AsNoTracking()
            .Where(q => q.AskerUserId == userId || q.LawyerUserId == userId
                || (community != null && q.CommunityCode == community && q.Status == LegalQuestionStatus.Open)
                || (street != null && q.ScopePath.StartsWith(street)))
            .OrderBy(q => q.Status == LegalQuestionStatus.Answered).ThenBy(q => q.DueAt).Take(200).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return rows.Select(q => new LegalQuestionRow(q.Id, PersonalDataInText.Mask(q.Title), PersonalDataInText.Mask(q.Text), q.Status, q.AskedAt, q.DueAt,
            Overdue(q, now), q.LawyerName, q.Rating, q.PublishedAt)).ToList();
    }

    /// <summary>The public Q&amp;A: published answers, newest first, for anyone signed in.</summary>
    public async Task<IReadOnlyList<PublishedAnswer>> PublishedAsync(int take = 50, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.LegalQuestions.AsNoTracking().Where(q => q.PublishedAt != null).OrderByDescending(q => q.PublishedAt).Take(take)
            .Select(q => new PublishedAnswer(q.Id, q.PublishedTitle!, q.PublishedQuestion!, q.PublishedAnswer!, q.PublishedAt!.Value, q.CommunityCode)).ToListAsync(ct);
    }

    /// <summary>The communities whose forum a staff member may open: those their scope covers.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> StaffCommunitiesAsync(WorkflowActor staff, CancellationToken ct = default)
    {
        if (!staff.HoldsAny(VoiceContract.ForumStaffRoles) || staff.Scope.RootPath is not { } root)
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var units = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == Data.Organization.OrgUnitKind.Community && u.ScopePath.StartsWith(root))
            .OrderBy(u => u.Code).Select(u => new { u.Code, u.Name }).Take(200).ToListAsync(ct);
        return units.Select(u => (u.Code, u.Name)).ToList();
    }

    /// <summary>Unanswered past the deadline, or answered after it.</summary>
    public static bool Overdue(LegalQuestion q, DateTimeOffset now) => q.AnsweredAt is { } answered ? answered > q.DueAt : now > q.DueAt;
}
