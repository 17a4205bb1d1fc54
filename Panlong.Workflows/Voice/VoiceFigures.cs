using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Voice;
using Panlong.Workflows.Community;

namespace Panlong.Workflows.Voice;

/// <summary>
/// The residents' voice in a region for a period (issue 21 part 6): forum topics and replies posted (hidden ones not counted),
/// the share of residents' topics that staff answered and the time to that answer; the law clinic's questions, the time to the
/// first answer, and the on-time rate over the questions whose deadline passed in the period (a question not yet due counts in
/// neither part nor whole, so the rate never passes 100 %).
/// </summary>
public sealed record VoiceFigureSet(int Topics, int Replies, Ratio AnsweredByStaff, Spread StaffResponse, int Questions, int Answered, Spread AnswerTime,
    Ratio OnTime, int Escalated);

public sealed class VoiceFigures(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public async Task<VoiceFigureSet> ForAsync(string scopePath, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var posts = db.ForumPosts.AsNoTracking().Where(p => p.ScopePath.StartsWith(scopePath) && p.Status != ForumPostStatus.Hidden);
        var topics = await posts.Where(p => p.TopicId == null && p.CreatedAt >= from && p.CreatedAt < to)
            .Select(p => new
            {
                p.IsOfficial,
                p.CreatedAt,
                FirstOfficial = db.ForumPosts.Where(r => r.TopicId == p.Id && r.IsOfficial && r.Status == ForumPostStatus.Visible).Min(r => (DateTimeOffset?)r.CreatedAt),
            }).ToListAsync(ct);
        var replies = await posts.CountAsync(p => p.TopicId != null && p.CreatedAt >= from && p.CreatedAt < to, ct);
        // Residents' topics only: a notice staff posted is no question waiting for them.
        var asked = topics.Where(t => !t.IsOfficial).ToList();
        var answered = asked.Where(t => t.FirstOfficial is not null).ToList();

        var questions = await db.LegalQuestions.AsNoTracking().Where(q => q.ScopePath.StartsWith(scopePath))
            .Where(q => (q.AskedAt >= from && q.AskedAt < to) || (q.DueAt >= from && q.DueAt < to) || (q.AnsweredAt >= from && q.AnsweredAt < to))
            .Select(q => new { q.AskedAt, q.DueAt, q.AnsweredAt, q.EscalatedAt }).ToListAsync(ct);
        var inPeriod = (DateTimeOffset? at) => at >= from && at < to;
        var due = questions.Where(q => inPeriod(q.DueAt) && q.DueAt <= now).ToList();
        var answeredInPeriod = questions.Where(q => inPeriod(q.AnsweredAt)).ToList();
        return new VoiceFigureSet(
            topics.Count, replies, new Ratio(answered.Count, asked.Count), Spread.Of(answered.Select(t => t.FirstOfficial!.Value - t.CreatedAt)),
            questions.Count(q => inPeriod(q.AskedAt)), answeredInPeriod.Count, Spread.Of(answeredInPeriod.Select(q => q.AnsweredAt!.Value - q.AskedAt)),
            new Ratio(due.Count(q => q.AnsweredAt <= q.DueAt), due.Count), questions.Count(q => inPeriod(q.EscalatedAt)));
    }
}
