using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;

namespace Panlong.Workflows.Watchers;

/// <summary>A registry building a watcher holds a post on, with what the case form needs to start a report from it.</summary>
public sealed record WatchedBuilding(long Id, string Name, string Address, double Lat, double Lng, string GridName, string CommunityName, string CommunityCode,
    VolunteerPostKind Post);

/// <summary>A watcher's building and its community's notices (pinned or official topics of 社区微吧), masked as the forum masks.</summary>
public sealed record WatchedBuildingView(WatchedBuilding Building, IReadOnlyList<ForumPostView> Notices);

/// <summary>
/// 楼栋长/庭院长 (issue 21 part 3, docs/decisions/0095-building-watchers.md): an active volunteer holding a post on a building
/// (appointed by <see cref="Community.VolunteerService.AppointAsync"/>) reads its community's notices and reports from it. Every
/// answer is cut to the actor's own posts on the server: anyone else gets nothing, whatever building id they send.
/// </summary>
public sealed class BuildingWatch(IDbContextFactory<PanlongDbContext> dbFactory, VoiceQueries voice, AuditLog audit)
{
    public const string ViewAudit = "BuildingWatch.View";
    public static readonly IReadOnlyList<string> AuditActions = [ViewAudit];

    /// <summary>How many notices a building card shows; the forum has the rest.</summary>
    public const int NoticesShown = 5;

    /// <summary>The actor's buildings with their notices; the page view is audited (the notices are residents' words).</summary>
    public async Task<IReadOnlyList<WatchedBuildingView>> MineAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        var buildings = await BuildingsAsync(actor, null, ct);
        if (buildings.Count == 0)
        {
            return [];
        }
        var notices = new Dictionary<string, IReadOnlyList<ForumPostView>>();
        foreach (var community in buildings.Select(b => b.CommunityCode).Distinct())
        {
            notices[community] = await voice.NoticesAsync(community, actor.UserId, NoticesShown, ct);
        }
        await audit.WriteAsync(ViewAudit, actor.UserId, actor.Name, string.Join(',', buildings.Select(b => $"building:{b.Id}")), ct: ct);
        return buildings.Select(b => new WatchedBuildingView(b, notices[b.CommunityCode])).ToList();
    }

    /// <summary>One of the actor's buildings (the case form's "report from this building"), or null when they hold no post on it.</summary>
    public async Task<WatchedBuilding?> BuildingAsync(WorkflowActor actor, long buildingId, CancellationToken ct = default) =>
        await BuildingsAsync(actor, buildingId, ct) is [var building, ..] ? building : null;

    public async Task<bool> HoldsPostAsync(WorkflowActor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Posts(db, actor).AnyAsync(ct);
    }

    private async Task<IReadOnlyList<WatchedBuilding>> BuildingsAsync(WorkflowActor actor, long? buildingId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var posts = Posts(db, actor);
        if (buildingId is { } only)
        {
            posts = posts.Where(p => p.BuildingId == only);
        }
        return await posts
            .Join(db.Buildings, p => p.BuildingId, b => b.Id, (p, b) => new { p.Kind, Building = b })
            .OrderBy(x => x.Building.Address).ThenBy(x => x.Kind)
            .Select(x => new WatchedBuilding(x.Building.Id, x.Building.Name, x.Building.Address, x.Building.Lat, x.Building.Lng, x.Building.Grid!.Name,
                x.Building.Grid.Parent!.Name, x.Building.Grid.Parent.Code, x.Kind))
            .Take(20).ToListAsync(ct);
    }

    /// <summary>The posts of the actor's active volunteer record: a suspended or departed volunteer holds none (the service frees them too).</summary>
    private static IQueryable<VolunteerPost> Posts(PanlongDbContext db, WorkflowActor actor)
    {
        var userId = actor.UserId;
        var volunteers = db.Volunteers.Where(v => v.UserId == userId && v.Status == VolunteerStatus.Active).Select(v => v.Id);
        return db.VolunteerPosts.AsNoTracking().Where(p => userId != null && volunteers.Contains(p.VolunteerId));
    }
}
