using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Patrol;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Portal.Tests.Features.Patrol;

/// <summary>Location is personal data: who sees a patroller (docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
public class PatrolQueriesTests
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";

    private static ClaimsPrincipal User(string id, string role, string scope) => new(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, id), new Claim("name", id), new Claim(ClaimTypes.Role, role), new Claim(DataScope.ScopeClaim, scope),
    ], "test"));

    [Fact]
    public async Task Live_AStreetsShiftLead_SeesOnlyTheirOwnStreetsPatrollersAndEveryTrackViewIsAudited()
    {
        await using var database = TestDatabase.For(DatabaseProvider.Sqlite, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows();
            services.AddSingleton<PatrolQueries>();
        });
        await database.MigratedAsync(seed: true);
        var patrol = database.Get<PatrolService>();
        var patroller = User("patroller-1", Roles.SecurityPatroller, $"/530103/{Tuodong}/{Tuodong}001/");
        var shift = (await patrol.StartAsync(WorkflowActor.From(patroller)))!.Value;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            var home = await TestPlaces.GridAsync(db, Tuodong + "001");
            await patrol.UploadAsync(shift, WorkflowActor.From(patroller), [new FixUpload(0, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), home.Lat, home.Lng, 5)]);
        }
        var queries = database.Get<PatrolQueries>();
        var ownLead = User("lead-tuodong", Roles.ShiftLead, $"/530103/{Tuodong}/");
        var otherLead = User("lead-gulou", Roles.ShiftLead, $"/530103/{Gulou}/");
        var clerk = User("clerk", Roles.WindowClerk, $"/530103/{Tuodong}/");

        Assert.Single(await queries.LiveAsync(DataScope.For(ownLead)));
        Assert.Empty(await queries.LiveAsync(DataScope.For(otherLead)));
        Assert.Empty(await queries.ShiftsAsync(DataScope.For(otherLead)));
        Assert.NotNull(await queries.TrackAsync(shift, ownLead));
        Assert.NotNull(await queries.TrackAsync(shift, patroller));
        Assert.Null(await queries.TrackAsync(shift, otherLead));
        Assert.Null(await queries.TrackAsync(shift, clerk));
        await using var check = await database.Factory.CreateDbContextAsync();
        var views = await check.AuditEntries.Where(e => e.Action == PatrolQueries.TrackViewed).Select(e => e.UserId).ToListAsync();
        Assert.Equal(["lead-tuodong", "patroller-1"], views.Order());
    }
}
