using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Community;

/// <summary>The organiser's door code: six digits (and the QR of the check-in address carrying them) and when it stops being accepted.</summary>
public sealed record DoorCode(string Digits, DateTimeOffset ShownUntil, DateTimeOffset AcceptedUntil);

/// <summary>
/// Check-in at the door (docs/decisions/0056-community-activities.md). The organiser's page shows a code that changes every
/// minute and is accepted for two (the minute it is shown and the next), derived from the activity's secret — nothing to
/// store, and a photo of the code passed on later is useless. The participant types or scans it; or the organiser scans the
/// volunteer card's opaque code (ADR 52). Check-in opens 30 minutes before the start and closes at the end. A volunteer
/// helper's attendance writes <c>points.activity-attended</c> in the check-in's transaction, once.
/// </summary>
public sealed class ActivityCheckIn(IDbContextFactory<PanlongDbContext> dbFactory, AuditLog audit, TimeProvider clock)
{
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan OpensBefore = TimeSpan.FromMinutes(30);
    public const string ByCode = "code";
    public const string ByCard = "card";

    /// <summary>The code the organiser shows now; null when the activity is not theirs to run.</summary>
    public async Task<DoorCode?> DoorCodeAsync(WorkflowActor organizer, long activityId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var activity = await db.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activityId, ct);
        return activity is null || !ActivityService.CanRun(organizer, activity) ? null : Current(activity, clock.GetUtcNow());
    }

    public static DoorCode Current(Activity activity, DateTimeOffset now)
    {
        var step = StepOf(now);
        var shownUntil = DateTimeOffset.FromUnixTimeSeconds((step + 1) * (long)Step.TotalSeconds);
        return new DoorCode(CodeAt(activity, step), shownUntil, shownUntil + Step);
    }

    /// <summary>The participant typed or scanned the organiser's code.</summary>
    public async Task<ActivityResult> WithCodeAsync(WorkflowActor participant, long activityId, string? code, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var digits = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        string? otherActivity = null;
        await using (var probe = await dbFactory.CreateDbContextAsync(ct))
        {
            var activity = await probe.Activities.AsNoTracking().SingleOrDefaultAsync(a => a.Id == activityId, ct);
            if (activity is not null && !Accepts(activity, digits, now))
            {
                otherActivity = await OtherActivityAsync(probe, activity, digits, now, ct);
            }
        }
        return await ActivityLock.RunAsync(dbFactory, activityId, async (db, activity, ct) =>
        {
            var mine = await db.ActivitySignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.UserId == participant.UserId, ct);
            if (WindowProblem(activity, now) is { } closed)
            {
                return closed;
            }
            if (!Accepts(activity, digits, now))
            {
                return otherActivity is not null ? ActivityResult.Refused("Activities.CheckIn.WrongActivity")
                    : WasCode(activity, digits, now) ? ActivityResult.Refused("Activities.CheckIn.Expired")
                    : ActivityResult.Refused("Activities.CheckIn.WrongCode");
            }
            return Record(db, activity, mine, ByCode, now);
        }, ct);
    }

    /// <summary>The organiser scanned or typed a volunteer card's code.</summary>
    public async Task<ActivityResult> WithCardAsync(WorkflowActor organizer, long activityId, string? volunteerCode, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var code = (volunteerCode ?? "").Trim().ToUpperInvariant();
        return await ActivityLock.RunAsync(dbFactory, activityId, async (db, activity, ct) =>
        {
            if (!ActivityService.CanRun(organizer, activity))
            {
                return ActivityResult.Refused("Activities.Problem.NotFound");
            }
            if (WindowProblem(activity, now) is { } closed)
            {
                return closed;
            }
            var user = await db.Volunteers.Where(v => v.Code == code).Select(v => v.UserId).SingleOrDefaultAsync(ct);
            if (user is null)
            {
                return ActivityResult.Refused("Activities.CheckIn.UnknownCard");
            }
            var signUp = await db.ActivitySignUps.SingleOrDefaultAsync(s => s.ActivityId == activity.Id && s.UserId == user, ct);
            var result = Record(db, activity, signUp, ByCard, now);
            if (result.Ok)
            {
                db.AuditEntries.Add(audit.Create("Activity.CheckIn", organizer.UserId, organizer.Name, $"activity:{activity.Id}", code));
            }
            return result;
        }, ct);
    }

    private static ActivityResult Record(PanlongDbContext db, Activity activity, ActivitySignUp? signUp, string by, DateTimeOffset now)
    {
        switch (signUp?.Seat)
        {
            case null or ActivitySeat.Cancelled:
                return ActivityResult.Refused("Activities.CheckIn.NotSignedUp");
            case ActivitySeat.Waiting:
                return ActivityResult.Refused("Activities.CheckIn.Waiting");
        }
        if (signUp.CheckedInAt is { } at)
        {
            return ActivityResult.Refused("Activities.CheckIn.Already", at);
        }
        signUp.CheckedInAt = now;
        signUp.CheckedInBy = by;
        if (signUp.VolunteerCode is not null)
        {
            // ADR 52's topic contract: the ledger awards ("activity", sourceId) once, however often the message is delivered.
            db.OutboxMessages.Add(PointsInbox.Earned(PointsInbox.ActivityAttendedTopic, SourceId(signUp), signUp.UserId,
                $"参加社区活动 {activity.Title}", ActivityLinks.Detail(activity.Id), now));
        }
        return new ActivityResult(true, Id: signUp.Id, Seat: signUp.Seat, At: now);
    }

    /// <summary>The ledger source id of a helper's attendance: the activity and the sign-up.</summary>
    public static string SourceId(ActivitySignUp signUp) => $"{signUp.ActivityId}.{signUp.Id}";

    private static ActivityResult? WindowProblem(Activity activity, DateTimeOffset now) =>
        activity.Status == ActivityStatus.Cancelled ? ActivityResult.Refused("Activities.Problem.Cancelled")
        : now < activity.StartsAt - OpensBefore ? ActivityResult.Refused("Activities.CheckIn.NotOpen", activity.StartsAt - OpensBefore)
        : now > activity.EndsAt ? ActivityResult.Refused("Activities.CheckIn.Ended")
        : null;

    private static bool Accepts(Activity activity, string digits, DateTimeOffset now) =>
        digits.Length == 6 && (digits == CodeAt(activity, StepOf(now)) || digits == CodeAt(activity, StepOf(now) - 1));

    /// <summary>Whether the digits were this activity's code earlier in the last day: "expired" rather than "wrong".</summary>
    private static bool WasCode(Activity activity, string digits, DateTimeOffset now)
    {
        var step = StepOf(now);
        for (var back = 2; back <= 24 * 60; back++)
        {
            if (digits == CodeAt(activity, step - back))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Another activity of the community open for check-in now whose code these are: the participant is at the wrong page.</summary>
    private static async Task<string?> OtherActivityAsync(PanlongDbContext db, Activity activity, string digits, DateTimeOffset now, CancellationToken ct)
    {
        if (digits.Length != 6)
        {
            return null;
        }
        var opensBy = now + OpensBefore;
        var open = await db.Activities.AsNoTracking()
            .Where(a => a.ScopePath == activity.ScopePath && a.Id != activity.Id && a.Status == ActivityStatus.Published && a.StartsAt <= opensBy && a.EndsAt >= now)
            .ToListAsync(ct);
        return open.FirstOrDefault(a => Accepts(a, digits, now))?.Title;
    }

    private static long StepOf(DateTimeOffset now) => now.ToUnixTimeSeconds() / (long)Step.TotalSeconds;

    /// <summary>HOTP-style (RFC 4226's truncation) over the activity id and the minute, keyed by the activity's secret.</summary>
    public static string CodeAt(Activity activity, long step)
    {
        var mac = HMACSHA256.HashData(Convert.FromBase64String(activity.CheckInSecret), Encoding.ASCII.GetBytes($"{activity.Id}:{step}"));
        var offset = mac[^1] & 0x0f;
        var value = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        return (value % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }
}
