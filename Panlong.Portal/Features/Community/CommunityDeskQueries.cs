using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Workflows;
using Panlong.Workflows.Community;

namespace Panlong.Portal.Features.Community;

public sealed record VolunteerCounts(int Active, int Suspended);

/// <summary>
/// The community desk's figures (issue 18 part 8), each read from the record in the actor's scope: the engine's open
/// volunteer-application tasks, the volunteers by status. Needs and beans come from <see cref="NeedQueries"/> and
/// <see cref="VolunteerQueries"/>, so a card and its page never count differently.
/// </summary>
public sealed class CommunityDeskQueries(IDbContextFactory<PanlongDbContext> dbFactory)
{
    public async Task<int> PendingApplicationsAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WorkTasks.AsNoTracking().InScope(scope)
            .CountAsync(t => t.Status == WorkTaskStatus.Open && t.Instance!.DefinitionKey == VolunteerContract.Key, ct);
    }

    public async Task<VolunteerCounts> VolunteersAsync(DataScope scope, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Volunteers.AsNoTracking().InScope(scope).Where(v => v.Status != VolunteerStatus.Left)
            .GroupBy(v => v.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new VolunteerCounts(counts.Where(c => c.Key == VolunteerStatus.Active).Sum(c => c.Count), counts.Where(c => c.Key == VolunteerStatus.Suspended).Sum(c => c.Count));
    }
}
