using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.PartyStudy;

namespace Panlong.Workflows.PartyStudy;

/// <summary>What the page tells the server: the page became visible (start counting), is still visible, or was hidden.</summary>
public enum Beat
{
    Start,
    Tick,
    Stop,
}

/// <summary>Where a member stands on one material after a heartbeat.</summary>
public sealed record ReadingState(int CreditedSeconds, int RequiredSeconds, bool Studied);

/// <summary>
/// Reading time from the page's heartbeats. The page beats every <see cref="BeatEvery"/> while it is visible (Page
/// Visibility API) and says Stop when hidden; the server credits a Tick with the time since the previous beat, capped at
/// <see cref="MaxCredit"/>, and credits nothing after a Stop or before a Start. So a background tab earns nothing, and a
/// forged client beating as fast or as often as it likes — from several tabs too, which share the one anchor — earns at
/// most the wall time that passed (docs/decisions/0053-party-study.md).
/// </summary>
public sealed class StudyReading(IDbContextFactory<PanlongDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(10);

    /// <summary>One and a half beats: a late timer still counts whole, a page asleep for minutes counts one beat at most.</summary>
    public static readonly TimeSpan MaxCredit = TimeSpan.FromSeconds(15);

    /// <summary>Records a heartbeat of the member's page; null when the user is no confirmed member or the material is not theirs to study.</summary>
    public async Task<ReadingState?> BeatAsync(string? userId, long materialId, Beat beat, CancellationToken ct = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await PartyMembership.ConfirmedAsync(db, userId, ct) is not { } member
                || await StudyMaterials.ForMemberAsync(db, member, materialId, ct) is not { } material)
            {
                return null;
            }
            var now = clock.GetUtcNow();
            var progress = await ProgressAsync(db, material.Id, member.Id, now, ct);
            progress.LastBeatAt = beat switch
            {
                Beat.Start => now,
                Beat.Stop => null,
                _ => Credit(progress, now),
            };
            MarkStudied(progress, material, now);
            try
            {
                await db.SaveChangesAsync(ct);
                return new ReadingState(progress.CreditedSeconds, material.RequiredMinutes * 60, progress.StudiedAt is not null);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // Another tab's beat (or the first progress row made twice): read again and beat on the newer anchor.
            }
        }
    }

    /// <summary>
    /// Credits whole seconds since the anchor and moves the anchor by as much, so fractions are carried to the next beat
    /// rather than rounded up; a gap beyond <see cref="MaxCredit"/> earns the cap and starts afresh. No anchor (a tick
    /// after Stop, or before any Start) earns nothing and sets none: only Start does.
    /// </summary>
    private static DateTimeOffset? Credit(StudyProgress progress, DateTimeOffset now)
    {
        if (progress.LastBeatAt is not { } last || now <= last)
        {
            return progress.LastBeatAt;
        }
        if (now - last > MaxCredit)
        {
            progress.CreditedSeconds += (int)MaxCredit.TotalSeconds;
            return now;
        }
        var whole = (int)Math.Floor((now - last).TotalSeconds);
        progress.CreditedSeconds += whole;
        return last.AddSeconds(whole);
    }

    internal static async Task<StudyProgress> ProgressAsync(PanlongDbContext db, long materialId, long memberId, DateTimeOffset now, CancellationToken ct)
    {
        var progress = await db.StudyProgress.SingleOrDefaultAsync(p => p.MaterialId == materialId && p.MemberId == memberId, ct);
        if (progress is null)
        {
            progress = new StudyProgress { MaterialId = materialId, MemberId = memberId, StartedAt = now };
            db.StudyProgress.Add(progress);
        }
        return progress;
    }

    /// <summary>Studied: the reading time met and the quiz, if there is one, passed.</summary>
    internal static void MarkStudied(StudyProgress progress, StudyMaterial material, DateTimeOffset now)
    {
        if (progress.StudiedAt is null && progress.CreditedSeconds >= material.RequiredMinutes * 60 && (material.Quiz is null || progress.QuizPassedAt is not null))
        {
            progress.StudiedAt = now;
        }
    }
}
