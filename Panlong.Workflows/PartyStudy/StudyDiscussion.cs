using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.PartyStudy;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.PartyStudy;

/// <summary>
/// A material's moderated thread: confirmed members post plain text and reply one level deep, and report posts; the
/// organisation of the author's community hides a post with a reason and may restore it, each audited. Hidden posts
/// vanish for members and stay, marked, for moderators (docs/decisions/0053-party-study.md). The portal rate-limits posting.
/// </summary>
public sealed class StudyDiscussion(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public const int MaxLength = 500;
    public const int MaxReasonLength = 200;

    public async Task<(long? Id, string? Problem)> PostAsync(WorkflowActor author, long materialId, long? replyTo, string? text, CancellationToken ct = default)
    {
        var body = text?.Trim() ?? "";
        if (body.Length == 0)
        {
            return (null, "PartyStudy.Post.Empty");
        }
        if (body.Length > MaxLength)
        {
            return (null, "PartyStudy.Post.TooLong");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await PartyMembership.ConfirmedAsync(db, author.UserId, ct) is not { } member
            || await StudyMaterials.ForMemberAsync(db, member, materialId, ct) is not { } material)
        {
            return (null, "PartyStudy.Post.NotMember");
        }
        if (replyTo is { } parentId && !await db.StudyPosts.AnyAsync(p => p.Id == parentId && p.MaterialId == material.Id && p.ParentId == null && p.HiddenAt == null, ct))
        {
            return (null, "PartyStudy.NotFound");
        }
        var post = new StudyPost
        {
            MaterialId = material.Id, ParentId = replyTo, AuthorUserId = member.UserId, AuthorName = member.Name, ScopePath = member.ScopePath,
            Text = body, CreatedAt = clock.GetUtcNow(),
        };
        db.StudyPosts.Add(post);
        await db.SaveChangesAsync(ct);
        return (post.Id, null);
    }

    public async Task<AdminResult> ReportAsync(WorkflowActor member, long postId, string? reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return AdminResult.Fail("PartyStudy.Reason.Required");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await PartyMembership.ConfirmedAsync(db, member.UserId, ct) is not { } reporter)
        {
            return AdminResult.Fail("PartyStudy.Post.NotMember");
        }
        var post = await db.StudyPosts.SingleOrDefaultAsync(p => p.Id == postId && p.HiddenAt == null, ct);
        if (post is null || await StudyMaterials.ForMemberAsync(db, reporter, post.MaterialId, ct) is null)
        {
            return AdminResult.Fail("PartyStudy.NotFound");
        }
        if (await db.StudyPostReports.AnyAsync(r => r.PostId == postId && r.UserId == reporter.UserId, ct))
        {
            return AdminResult.Fail("PartyStudy.Post.AlreadyReported");
        }
        db.StudyPostReports.Add(new StudyPostReport { PostId = post.Id, UserId = reporter.UserId, Reason = reason.Trim(), At = clock.GetUtcNow() });
        post.Reports++;
        db.AuditEntries.Add(audit.Create(PartyStudyAudit.Report, reporter.UserId, reporter.Name, $"study-post:{post.Id}", reason.Trim()));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return AdminResult.Fail("PartyStudy.Post.AlreadyReported");
        }
        return AdminResult.Success;
    }

    public Task<AdminResult> HideAsync(WorkflowActor moderator, long postId, string? reason, CancellationToken ct = default) =>
        ModerateAsync(moderator, postId, hide: true, reason, ct);

    public Task<AdminResult> RestoreAsync(WorkflowActor moderator, long postId, string? reason, CancellationToken ct = default) =>
        ModerateAsync(moderator, postId, hide: false, reason, ct);

    private async Task<AdminResult> ModerateAsync(WorkflowActor moderator, long postId, bool hide, string? reason, CancellationToken ct)
    {
        if (!moderator.Roles.Contains(Roles.PartyOrganizer))
        {
            return AdminResult.Fail("Refusal.NotAllowedForRole");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length > MaxReasonLength)
        {
            return AdminResult.Fail("PartyStudy.Reason.Required");
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var post = await db.StudyPosts.InScope(moderator.Scope).SingleOrDefaultAsync(p => p.Id == postId, ct);
        if (post is null)
        {
            return AdminResult.Fail("PartyStudy.NotFound");
        }
        if (hide == (post.HiddenAt is not null))
        {
            return AdminResult.Success;
        }
        post.HiddenAt = hide ? clock.GetUtcNow() : null;
        post.HiddenBy = hide ? moderator.Name : null;
        post.HiddenReason = hide ? reason.Trim() : null;
        db.AuditEntries.Add(audit.Create(hide ? PartyStudyAudit.Hide : PartyStudyAudit.Restore, moderator.UserId, moderator.Name, $"study-post:{post.Id}", reason.Trim()));
        await db.SaveChangesAsync(ct);
        return AdminResult.Success;
    }
}
