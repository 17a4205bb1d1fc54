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

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Mine_APatrollerWhoAlsoWatches_SeesOnlyTheirOwnShiftsAndTheCasesReportedOnThem(DatabaseProvider provider)
    {
        await using var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows();
            services.AddSingleton<PatrolQueries>();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<Panlong.Workflows.Engine.Calendar.CalendarProvider>().SeedAsync();
        await database.Get<Panlong.Workflows.Engine.Definitions.DefinitionStore>().SeedAsync();
        var patrol = database.Get<PatrolService>();
        var scope = $"/530103/{Tuodong}/{Tuodong}001/";
        var me = User("patroller-1", Roles.SecurityPatroller, scope);
        me.Identities.First().AddClaim(new Claim(ClaimTypes.Role, Roles.ShiftLead));
        var colleague = User("patroller-2", Roles.SecurityPatroller, scope);
        var mine = (await patrol.StartAsync(WorkflowActor.From(me)))!.Value;
        var theirs = (await patrol.StartAsync(WorkflowActor.From(colleague)))!.Value;
        await using var db = await database.Factory.CreateDbContextAsync();
        var home = await TestPlaces.GridAsync(db, Tuodong + "001");
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var report = await database.Get<Panlong.Workflows.Cases.CaseService>()
            .ReportAsync(new Panlong.Workflows.Cases.CaseReport(garbage, "巡逻发现路口暴露垃圾", home.Lat, home.Lng, null, null), WorkflowActor.From(me));
        var queries = database.Get<PatrolQueries>();

        var shifts = await queries.MyShiftsAsync("patroller-1");
        var own = await queries.TrackAsync(mine, me, ownOnly: true);
        var other = await queries.TrackAsync(theirs, me, ownOnly: true);
        var note = await queries.ShiftNoteAsync(mine, colleague);

        Assert.Equal([mine], shifts.Select(s => s.Id));
        Assert.Equal([report.Number], own!.Cases.Select(c => c.Number));
        Assert.Null(other); // a shift lead may watch it on /patrol/live, not on their own page
        Assert.NotNull(await queries.TrackAsync(theirs, me));
        Assert.False(note!.Value.MaySee);
    }
}
