using Microsoft.EntityFrameworkCore;
using Panlong.Data;

namespace Panlong.Workflows.PartyStudy;

/// <summary>
/// An attempt's outcome. <see cref="Wrong"/> lists the questions answered wrongly, and only once the member passed or has
/// made <see cref="StudyQuiz.RevealAfter"/> attempts; before that the score alone, so answers cannot be found by trying.
/// </summary>
public sealed record QuizOutcome(int Score, bool Passed, int Attempt, IReadOnlyList<int>? Wrong, string? Problem = null)
{
    public static QuizOutcome Refused(string problem) => new(0, false, 0, null, problem);
}

/// <summary>The material's quiz: every attempt recorded, passed at the material's pass mark (docs/decisions/0053-party-study.md).</summary>
public sealed class StudyQuiz(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public const int RevealAfter = 3;

    public async Task<QuizOutcome> SubmitAsync(string? userId, long materialId, IReadOnlyList<int> answers, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await PartyMembership.ConfirmedAsync(db, userId, ct) is not { } member
            || await StudyMaterials.ForMemberAsync(db, member, materialId, ct) is not { } material)
        {
            return QuizOutcome.Refused("PartyStudy.NotFound");
        }
        var questions = QuizQuestion.Read(material.Quiz);
        if (questions.Count == 0)
        {
            return QuizOutcome.Refused("PartyStudy.NotFound");
        }
        if (answers.Count != questions.Count || answers.Any(a => a < 0))
        {
            return QuizOutcome.Refused("PartyStudy.Quiz.Unanswered");
        }
        var now = clock.GetUtcNow();
        var progress = await StudyReading.ProgressAsync(db, material.Id, member.Id, now, ct);
        if (progress.QuizPassedAt is not null)
        {
            return QuizOutcome.Refused("PartyStudy.Quiz.AlreadyPassed");
        }
        var wrong = questions.Select((q, i) => (q, i)).Where(x => answers[x.i] != x.q.Answer).Select(x => x.i).ToList();
        var score = (int)Math.Round(100.0 * (questions.Count - wrong.Count) / questions.Count, MidpointRounding.AwayFromZero);
        var passed = score >= material.PassMark;
        progress.QuizAttempts++;
        progress.BestScore = Math.Max(progress.BestScore ?? 0, score);
        if (passed)
        {
            progress.QuizPassedAt = now;
        }
        StudyReading.MarkStudied(progress, material, now);
        db.QuizAttempts.Add(new Data.PartyStudy.QuizAttempt
        {
            MaterialId = material.Id, MemberId = member.Id, Number = progress.QuizAttempts, Answers = string.Join(',', answers), Score = score, Passed = passed, At = now,
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same attempt sent twice (a double click): the first one counts.
            return QuizOutcome.Refused("Refusal.ChangedBySomeoneElse");
        }
        var reveal = passed || progress.QuizAttempts >= RevealAfter;
        return new QuizOutcome(score, passed, progress.QuizAttempts, reveal ? wrong : null);
    }
}
