using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Workflows.Voice;

/// <summary>
/// Who the actor is in one community's forum or clinic: its staff (their scope covers it — a street's staff cover its
/// communities) or a resident living there (a real-name account proved to be a registry person). Null for anyone else.
/// </summary>
public sealed record VoiceSeat(string CommunityCode, string ScopePath, bool IsStaff, string? UserId, string Name)
{
    public static async Task<VoiceSeat?> ForAsync(PanlongDbContext db, WorkflowActor actor, string? communityCode, CancellationToken ct)
    {
        if (actor.UserId is null)
        {
            return null;
        }
        if (communityCode is not null && actor.HoldsAny(VoiceContract.ForumStaffRoles)
            && OrgPath.LevelOfCode(communityCode) == OrgLevel.Community && OrgPath.OfRegion(communityCode) is { } path && actor.Scope.Covers(path.Value))
        {
            return new VoiceSeat(communityCode, path.Value, true, actor.UserId, actor.Name);
        }
        var person = await VolunteerService.PersonOfAsync(db, actor.UserId, ct);
        if (person is null || OrgPath.Parse(person.ScopePath).CodeAt(OrgLevel.Community) is not { } home || (communityCode is not null && communityCode != home))
        {
            return null;
        }
        return new VoiceSeat(home, OrgPath.OfRegion(home)!.Value, false, actor.UserId, person.Name);
    }
}

/// <summary>The forum's word list: <c>Forum:HeldWords</c> when configured, else <see cref="VoiceContract.DefaultHeldWords"/>.</summary>
public sealed class ForumWords(IConfiguration configuration)
{
    private readonly IReadOnlyList<string> _words = configuration[VoiceContract.HeldWordsKey] is { Length: > 0 } configured
        ? configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        : VoiceContract.DefaultHeldWords;

    /// <summary>The first listed word the text holds (case-insensitive), or null.</summary>
    public string? Match(params string?[] texts) =>
        _words.FirstOrDefault(word => texts.Any(text => text?.Contains(word, StringComparison.OrdinalIgnoreCase) == true));
}
