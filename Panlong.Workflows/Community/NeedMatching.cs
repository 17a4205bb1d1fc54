using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;

namespace Panlong.Workflows.Community;

/// <summary>A volunteer who could meet a kind of need: active in the need's community with one of the kind's skills.</summary>
public sealed record MatchingVolunteer(long Id, string UserId, long PersonId, string Code, string Skills, string Availability);

/// <summary>
/// Which volunteers a need group is offered to — one rule for the staff's preview and for the invitation itself
/// (docs/decisions/0057-community-needs.md): approved (a volunteer row), not suspended or left, of the same community,
/// holding at least one skill the need kind maps to.
/// </summary>
public static class NeedMatching
{
    public static async Task<IReadOnlyList<MatchingVolunteer>> VolunteersAsync(PanlongDbContext db, string communityCode, int kindId, CancellationToken ct)
    {
        var kindSkills = VolunteerSkill.Ids(await db.NeedKinds.Where(k => k.Id == kindId).Select(k => k.SkillIds).SingleOrDefaultAsync(ct) ?? "");
        // A community has tens to hundreds of volunteers: their skill lists are compared here rather than as string matches in SQL.
        var active = await db.Volunteers.AsNoTracking()
            .Where(v => v.CommunityCode == communityCode && v.Status == VolunteerStatus.Active)
            .OrderBy(v => v.Id)
            .Select(v => new MatchingVolunteer(v.Id, v.UserId, v.PersonId, v.Code, v.Skills, v.Availability))
            .ToListAsync(ct);
        return active.Where(v => VolunteerSkill.Ids(v.Skills).Overlaps(kindSkills)).ToList();
    }
}
