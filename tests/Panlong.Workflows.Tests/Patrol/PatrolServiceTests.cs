using Microsoft.EntityFrameworkCore;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Patrol;

namespace Panlong.Workflows.Tests.Patrol;

/// <summary>Patrol shifts and tracks (issue 19 part 1, docs/decisions/0068-patrol-shifts-and-tracks.md).</summary>
public class PatrolServiceTests
{
    /// <summary>东庄社区, a community of 拓东街道: the patroller's unit and so their assigned area.</summary>
    private const string Dongzhuang = TestEngine.Tuodong + "001";
    private static readonly WorkflowActor Patroller = TestEngine.Actor("马巡防", Roles.SecurityPatroller, $"/530103/{TestEngine.Tuodong}/{Dongzhuang}/", "patroller-1");

    private static PatrolService Service(TestEngine engine) => engine.Database.Get<PatrolService>();

    /// <summary>A fix <paramref name="seconds"/> after the engine clock's start, at a position.</summary>
    private static FixUpload Fix(int seq, int seconds, double lat, double lng) =>
        new(seq, TestEngine.MondayNine.AddSeconds(seconds).ToUnixTimeMilliseconds(), lat, lng, 8);

    private static async Task<(long Shift, TestPlaces.GridPlace Home)> StartAsync(TestEngine engine)
    {
        var shift = await Service(engine).StartAsync(Patroller);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        return (shift!.Value, await TestPlaces.GridAsync(db, Dongzhuang));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Upload_SameBatchTwiceAndAtOnce_IsStoredOnce(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (shift, home) = await StartAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        var batch = Enumerable.Range(0, 12).Select(i => Fix(i, i * 5, home.Lat + (i * 0.0001), home.Lng)).ToList();

        var first = await Service(engine).UploadAsync(shift, Patroller, batch);
        var again = await Service(engine).UploadAsync(shift, Patroller, batch);
        // A lost answer resent by two tabs at once, with a new fix in it: the key keeps one row per sequence number.
        var racing = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Service(engine).UploadAsync(shift, Patroller, [.. batch, Fix(12, 60, home.Lat, home.Lng)]))));

        Assert.Equal((UploadStatus.Stored, 12, 0), (first.Status, first.Stored, first.Duplicates));
        Assert.Equal((UploadStatus.Stored, 0, 12), (again.Status, again.Stored, again.Duplicates));
        Assert.All(racing, r => Assert.Equal(UploadStatus.Stored, r.Status));
        Assert.Equal(1, racing.Sum(r => r.Stored));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(13, await db.PatrolFixes.CountAsync(f => f.ShiftId == shift));
    }

    [Fact]
    public async Task Upload_BatchesOutOfOrder_KeepsEveryFixAndTheLivePositionMovesOnlyForward()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        await Service(engine).UploadAsync(shift, Patroller, [Fix(3, 15, home.Lat + 0.0003, home.Lng), Fix(4, 20, home.Lat + 0.0004, home.Lng)]);
        await Service(engine).UploadAsync(shift, Patroller, [Fix(0, 0, home.Lat, home.Lng), Fix(1, 5, home.Lat + 0.0001, home.Lng), Fix(2, 10, home.Lat + 0.0002, home.Lng)]);

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var stored = await db.PatrolShifts.SingleAsync(s => s.Id == shift);
        Assert.Equal([0, 1, 2, 3, 4], await db.PatrolFixes.Where(f => f.ShiftId == shift).OrderBy(f => f.Seq).Select(f => f.Seq).ToListAsync());
        Assert.Equal(4, stored.LastSeq);
        Assert.Equal((int)Math.Round((home.Lat + 0.0004) * 1e6), stored.LastLatE6);
        var track = await PatrolService.TrackAsync(db, stored, null, default);
        Assert.Equal([0, 1, 2, 3, 4], track.Select(f => f.Seq));
    }

    [Fact]
    public async Task Upload_AfterTheShiftEnded_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        Assert.True(await Service(engine).EndAsync(shift, Patroller));

        var late = await Service(engine).UploadAsync(shift, Patroller, [Fix(0, 0, home.Lat, home.Lng)]);
        var stranger = await Service(engine).UploadAsync(shift, Patroller with { UserId = "someone-else" }, [Fix(0, 0, home.Lat, home.Lng)]);

        Assert.Equal(UploadStatus.Ended, late.Status);
        Assert.Equal(UploadStatus.NotFound, stranger.Status);
    }

    [Fact]
    public async Task Upload_OutsideChinaOrTooFast_IsKeptButFlaggedAndNeverLive()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(1));

        await Service(engine).UploadAsync(shift, Patroller, [Fix(0, 0, home.Lat, home.Lng)]);
        // 0.05° of latitude (≈ 5.5 km) in 5 s is ≈ 4,000 km/h; then a position in Paris.
        await Service(engine).UploadAsync(shift, Patroller, [Fix(1, 5, home.Lat + 0.05, home.Lng)]);
        await Service(engine).UploadAsync(shift, Patroller, [Fix(2, 10, 48.8566, 2.3522)]);
        await Service(engine).UploadAsync(shift, Patroller, [Fix(3, 15, home.Lat + 0.0001, home.Lng)]);

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var stored = await db.PatrolShifts.SingleAsync(s => s.Id == shift);
        var track = await PatrolService.TrackAsync(db, stored, null, default);
        var checks = PatrolTrack.Flag(track).Select(f => f.Check).ToList();
        var figures = await Service(engine).FiguresAsync(stored, track);
        Assert.Equal(4, track.Count);
        Assert.Equal([FixCheck.None, FixCheck.TooFast, FixCheck.OutsideChina, FixCheck.None], checks);
        Assert.Equal(2, figures.Flagged);
        Assert.InRange(figures.Metres, 10, 12); // 0.0001° of latitude ≈ 11 m: the flagged fixes add nothing
        Assert.Equal(3, stored.LastSeq);
    }

    [Fact]
    public async Task Figures_HandMadeTrackThroughTwoGrids_GiveItsDistanceAndBothGrids()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, _) = await StartAsync(engine);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var grids = await db.OrgUnits.Where(u => u.Kind == Data.Organization.OrgUnitKind.Grid && u.Code.StartsWith(Dongzhuang)).OrderBy(u => u.Code).Take(2).ToListAsync();
        var (a, b) = (Centre(grids[0].Boundary!), Centre(grids[1].Boundary!));
        engine.Clock.Advance(TimeSpan.FromMinutes(30));
        // Ten steps from A's centre to B's centre, one a minute.
        var fixes = Enumerable.Range(0, 11).Select(i => Fix(i, i * 60, a.Lat + ((b.Lat - a.Lat) * i / 10), a.Lng + ((b.Lng - a.Lng) * i / 10))).ToList();
        await Service(engine).UploadAsync(shift, Patroller, fixes);

        var stored = await db.PatrolShifts.AsNoTracking().SingleAsync(s => s.Id == shift);
        var figures = await Service(engine).FiguresAsync(stored, await PatrolService.TrackAsync(db, stored, null, default));

        var straight = Workflows.Community.ServiceOrderRules.Meters(a.Lat, a.Lng, b.Lat, b.Lng);
        Assert.InRange(figures.Metres, straight - 1, straight + 1);
        var visited = figures.Grids.Select(g => g.Code).ToList();
        Assert.Contains(grids[0].Code, visited);
        Assert.Contains(grids[1].Code, visited);
        Assert.All(visited, code => Assert.StartsWith(Dongzhuang, code, StringComparison.Ordinal));
        Assert.Equal(TimeSpan.Zero, figures.Outside);
        Assert.Empty(figures.Stops);
    }

    [Fact]
    public async Task Alert_StopLongerThanTheLimit_TellsTheStreetsShiftLeadOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        // Standing at one place (wandering a few metres), a fix a minute: 14 minutes, then 16.
        var still = Enumerable.Range(0, 17).Select(i => Fix(i, i * 60, home.Lat + (i % 2 * 0.00002), home.Lng)).ToList();
        engine.Clock.Advance(TimeSpan.FromMinutes(14));
        await Service(engine).UploadAsync(shift, Patroller, still.Take(15).ToList());
        var early = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());
        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        await Service(engine).UploadAsync(shift, Patroller, still.Skip(15).ToList());
        var told = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());
        engine.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());

        Assert.Equal((0, 1, 0), (early, told, again));
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var message = await db.OutboxMessages.SingleAsync(m => m.Topic == "patrol.stop");
        Assert.Equal($"unit:{TestEngine.Tuodong}-ZX:{Roles.ShiftLead}", message.Recipient);
        Assert.Contains("马巡防", message.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_OutsideTheAssignedArea_TellsOnceAfterTheLimit()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var away = await TestPlaces.GridAsync(db, TestEngine.Gulou);
        // Home, then walking about in another street's grid (never still for long): 9 minutes outside, then 11.
        var fixes = new List<FixUpload> { Fix(0, 0, home.Lat, home.Lng) };
        fixes.AddRange(Enumerable.Range(1, 12).Select(i => Fix(i, i * 60, away.Lat + (i % 2 * 0.001), away.Lng)));
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        await Service(engine).UploadAsync(shift, Patroller, fixes.Take(11).ToList());
        var early = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());
        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        await Service(engine).UploadAsync(shift, Patroller, fixes.Skip(11).ToList());
        var told = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());
        var again = await Service(engine).AlertAsync(engine.Clock.GetUtcNow());

        Assert.Equal((0, 1, 0), (early, told, again));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Topic == "patrol.outside"));
        var stored = await db.PatrolShifts.AsNoTracking().SingleAsync(s => s.Id == shift);
        var figures = await Service(engine).FiguresAsync(stored, await PatrolService.TrackAsync(db, stored, null, default));
        Assert.Equal(TimeSpan.FromMinutes(11), figures.Outside);
    }

    [Fact]
    public async Task Purge_ShiftEndedBeforeTheRetention_IsDeletedWithItsFixes()
    {
        await using var engine = await TestEngine.StartAsync();
        var (old, home) = await StartAsync(engine);
        await Service(engine).UploadAsync(old, Patroller, [Fix(0, 0, home.Lat, home.Lng)]);
        await Service(engine).EndAsync(old, Patroller);
        engine.Clock.Advance(TimeSpan.FromDays(89));
        var (recent, _) = await StartAsync(engine);
        var kept = await Service(engine).PurgeAsync();
        engine.Clock.Advance(TimeSpan.FromDays(2));
        var purged = await Service(engine).PurgeAsync();

        Assert.Equal((0, 0), kept);
        Assert.Equal((1, 1), purged);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal([recent], await db.PatrolShifts.Select(s => s.Id).ToListAsync());
        Assert.Equal(0, await db.PatrolFixes.CountAsync());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Abandon_NoPositionForTheLimit_EndsTheShiftAtItsLastFixAndRefusesLaterBatches(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (shift, home) = await StartAsync(engine);
        engine.Clock.Advance(TimeSpan.FromMinutes(10));
        await Service(engine).UploadAsync(shift, Patroller, [Fix(0, 0, home.Lat, home.Lng), Fix(1, 600, home.Lat + 0.0001, home.Lng)]);
        var lastFix = TestEngine.MondayNine.AddSeconds(600);

        engine.Clock.Advance(TimeSpan.FromMinutes(119)); // 119 min after the last fix: still open
        var early = await Service(engine).AbandonAsync(engine.Clock.GetUtcNow());
        engine.Clock.Advance(TimeSpan.FromMinutes(2));
        var ended = await Service(engine).AbandonAsync(engine.Clock.GetUtcNow());
        var again = await Service(engine).AbandonAsync(engine.Clock.GetUtcNow());
        // The phone comes back with what it buffered meanwhile: refused as for any finished shift.
        var late = await Service(engine).UploadAsync(shift, Patroller, [Fix(2, 700, home.Lat, home.Lng)]);

        Assert.Equal((0, 1, 0), (early, ended, again));
        Assert.Equal(UploadStatus.Ended, late.Status);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var stored = await db.PatrolShifts.SingleAsync(s => s.Id == shift);
        Assert.Equal(lastFix, stored.EndedAt);
        var told = await db.OutboxMessages.SingleAsync(m => m.Topic == "patrol.abandoned");
        Assert.Equal($"user:{Patroller.UserId}", told.Recipient);
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == PatrolService.AbandonAction && e.Target == $"patrol:{shift}"));
    }

    [Fact]
    public async Task Abandon_ShiftThatNeverSentAPosition_EndsAtItsStart()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, _) = await StartAsync(engine);
        engine.Clock.Advance(TimeSpan.FromHours(3));

        await Service(engine).SweepAsync();

        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(TestEngine.MondayNine, (await db.PatrolShifts.SingleAsync(s => s.Id == shift)).EndedAt);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Report_DuringAShift_IsLinkedToTheShiftAndNotAfterIt(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var (shift, home) = await StartAsync(engine);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var cases = engine.Database.Get<Workflows.Cases.CaseService>();
        engine.Clock.Advance(TimeSpan.FromMinutes(20));

        var during = await cases.ReportAsync(new Workflows.Cases.CaseReport(garbage, "巡逻发现路口暴露垃圾", home.Lat, home.Lng, null, null), Patroller);
        await Service(engine).EndAsync(shift, Patroller);
        var after = await cases.ReportAsync(new Workflows.Cases.CaseReport(garbage, "下班路上看到的暴露垃圾", home.Lat, home.Lng, null, null), Patroller);

        var linked = await db.Cases.AsNoTracking().Where(c => c.Number == during.Number || c.Number == after.Number).OrderBy(c => c.Id)
            .Select(c => new { c.PatrolShiftId, c.Source }).ToListAsync();
        Assert.Equal([(long?)shift, null], linked.Select(c => c.PatrolShiftId));
        Assert.All(linked, c => Assert.Equal(Data.Cases.CaseSource.Patroller, c.Source));
    }

    [Fact]
    public async Task Purge_ShiftWithACase_KeepsTheCaseAndClearsItsLink()
    {
        await using var engine = await TestEngine.StartAsync();
        var (shift, home) = await StartAsync(engine);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var garbage = await db.CaseCategories.Where(c => c.Code == "10-01").Select(c => c.Id).SingleAsync();
        var report = await engine.Database.Get<Workflows.Cases.CaseService>()
            .ReportAsync(new Workflows.Cases.CaseReport(garbage, "巡逻发现路口暴露垃圾", home.Lat, home.Lng, null, null), Patroller);
        await Service(engine).EndAsync(shift, Patroller);
        engine.Clock.Advance(TimeSpan.FromDays(91));

        await Service(engine).PurgeAsync();

        var kept = await db.Cases.AsNoTracking().SingleAsync(c => c.Number == report.Number);
        Assert.Null(kept.PatrolShiftId);
    }

    private static (double Lat, double Lng) Centre(string boundary)
    {
        var c = Data.Maps.GeoJsonPolygon.Read(boundary).InteriorPoint;
        return (c.Y, c.X);
    }
}
