using Microsoft.EntityFrameworkCore;
using Panlong.Data.Audit;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Tests.Appraisal;

namespace Panlong.Workflows.Tests.Cameras;

/// <summary>A camera snapshot attached to a case already open (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md), on SQLite and PostgreSQL.</summary>
public class CameraSnapshotsTests
{
    private static readonly StoredPhoto Frame = new(PhotoStage.Before, "CAM-T1-20260316.jpg", "image/jpeg", 48_000, "cases/2026/03/frame.jpg", "cases/2026/03/frame.thumb.jpg");
    private static readonly WorkflowActor TuodongLead = LoopScenario.Street("lead-tuodong", TestEngine.Tuodong, Roles.ShiftLead);
    private static readonly WorkflowActor GulouLead = LoopScenario.Street("lead-gulou", TestEngine.Gulou, Roles.ShiftLead);
    private static readonly WorkflowActor Handler = LoopScenario.Department("handler-housing", TestEngine.Housing);

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Attach_OpenCaseInScopeOrOutOfScopeOrEnded_OnlyTheOpenCaseInScopeGetsTheCheckPhotoAndItsAuditLine(DatabaseProvider provider)
    {
        await using var engine = await TestEngine.StartAsync(provider);
        var loop = new LoopScenario(engine);
        var grid = (await loop.GridsAsync(TestEngine.Tuodong, 1))[0];
        var open = await loop.ReportAsync(LoopScenario.Inspector, grid);
        var declined = await loop.ReportAsync(LoopScenario.Inspector, grid);
        await loop.ActAsync(declined, CaseLoopContract.Accept, LoopScenario.Acceptor);
        await loop.ActAsync(declined, CaseLoopContract.Decline, LoopScenario.ShiftLead);
        var snapshots = engine.Database.Get<CameraSnapshots>();

        var otherStreet = await snapshots.AttachAsync(open, Frame, "CAM-T1", GulouLead);
        var ended = await snapshots.AttachAsync(declined, Frame, "CAM-T1", TuodongLead);
        var notWatcher = await snapshots.AttachAsync(open, Frame, "CAM-T1", Handler);
        var blank = await snapshots.AttachAsync("  ", Frame, "CAM-T1", TuodongLead);
        var unknown = await snapshots.AttachAsync("AJ2026031699999", Frame, "CAM-T1", TuodongLead);
        var attached = await snapshots.AttachAsync($" {open.ToLowerInvariant()} ", Frame, "CAM-T1", TuodongLead);

        // Outside the area reads as "not found", as an unknown number does: the refusal tells nothing of other areas' cases.
        Assert.Equal("Cameras.Attach.NotFound", otherStreet.Error);
        Assert.Equal("Cameras.Attach.NotFound", unknown.Error);
        Assert.Equal("Cameras.Attach.Ended", ended.Error);
        Assert.Equal("Refusal.NotAllowedForRole", notWatcher.Error);
        Assert.Equal("Cameras.Attach.NumberRequired", blank.Error);
        Assert.True(attached.Ok, attached.Error);
        Assert.Equal(open, attached.Number);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        var photos = await db.CasePhotos.AsNoTracking().Where(p => p.StoredPath == Frame.StoredPath)
            .Select(p => new { p.Stage, p.UploadedByUserId, Number = db.Cases.Where(c => c.Id == p.CaseId).Select(c => c.Number).Single() }).ToListAsync();
        var photo = Assert.Single(photos);
        Assert.Equal((PhotoStage.Check, "lead-tuodong", open), (photo.Stage, photo.UploadedByUserId, photo.Number));
        var audit = Assert.Single(await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.CaseSnapshotAttached).ToListAsync());
        Assert.Equal(("lead-tuodong", open, "camera:CAM-T1"), (audit.UserId, audit.Target, audit.Detail));
    }

    [Fact]
    public async Task Attach_CaseWithAFullSetOfCheckPhotos_IsRefusedAndAddsNone()
    {
        await using var engine = await TestEngine.StartAsync();
        var loop = new LoopScenario(engine);
        var open = await loop.ReportAsync(LoopScenario.Inspector, (await loop.GridsAsync(TestEngine.Tuodong, 1))[0]);
        var snapshots = engine.Database.Get<CameraSnapshots>();
        for (var i = 0; i < CaseService.MaxPhotos; i++)
        {
            Assert.True((await snapshots.AttachAsync(open, Frame with { StoredPath = $"cases/f{i}.jpg" }, "CAM-T1", TuodongLead)).Ok);
        }

        Assert.Equal("Cases.Photos.TooMany", (await snapshots.AttachAsync(open, Frame, "CAM-T1", TuodongLead)).Error);
        await using var db = await engine.Database.Factory.CreateDbContextAsync();
        Assert.Equal(CaseService.MaxPhotos, await db.CasePhotos.CountAsync(p => p.Stage == PhotoStage.Check));
    }
}
