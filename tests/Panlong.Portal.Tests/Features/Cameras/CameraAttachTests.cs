using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cameras;
using Panlong.Data.Cases;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cameras;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows.Cameras;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cameras;

/// <summary>
/// A snapshot attached to an open case (docs/decisions/0078-incident-cameras-and-snapshots-to-cases.md) through the component,
/// on the running portal's services: the suggested case typed in and offered first, a case of another street refused in the
/// user's language, the frame stored through the case photo store.
/// </summary>
[Collection(nameof(PortalCollection))]
public class CameraAttachTests : PortalComponentTest
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";
    private readonly PortalFactory _portal;

    public CameraAttachTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(CameraSnapshots), typeof(CaseQueries), typeof(CasePhotoStore));
    }

    [Fact]
    public async Task CameraAttach_SuggestedCaseThenAnotherStreets_AttachesTheFirstAndRefusesTheSecondByName()
    {
        var own = await ReportInAsync(Tuodong);
        var other = await ReportInAsync(Gulou);
        SignInAs("lead-tuodong-bunit", $"/530103/{Tuodong}/", Roles.ShiftLead);
        var store = _portal.Services.GetRequiredService<CasePhotoStore>();
        var camera = new CameraLive(1, "CAM-BUNIT", "测试路口", CameraKind.Security, 25.04, 102.72, "测试网格", "https://video.test/index.m3u8");
        var page = Render<CameraAttach>(p => p.Add(c => c.Camera, camera).Add(c => c.SuggestedCase, own)
            .Add(c => c.Store, async () => await store.SaveAsync(new MemoryStream(TestImages.Png()), "frame.png", PhotoStage.Before)));

        Assert.Equal(own, page.Find("[data-testid=camera-attach-number]").GetAttribute("value"));
        Assert.Equal(own, page.FindAll("[data-testid=camera-attach-pick]")[0].GetAttribute("data-case"));
        Assert.DoesNotContain(page.FindAll("[data-testid=camera-attach-pick]"), p => p.GetAttribute("data-case") == other);
        page.Find("[data-testid=camera-attach-send]").Click();
        page.WaitForAssertion(() => Assert.Equal(own, page.Find("[data-testid=camera-attach-case]").TextContent));

        page.Find("[data-testid=camera-attach-number]").Input(other);
        page.Find("[data-testid=camera-attach-send]").Click();
        page.WaitForAssertion(() => Assert.Contains($"找不到案件 {other}，或该案件不在您的辖区内", page.Markup, StringComparison.Ordinal));
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var photos = await db.Cases.Where(c => c.Number == own || c.Number == other)
            .Join(db.CasePhotos.Where(p => p.Stage == PhotoStage.Check), c => c.Id, p => p.CaseId, (c, p) => new { c.Number, p.ContentType }).ToListAsync();
        Assert.Equal([(own, "image/png")], photos.Select(p => (p.Number, p.ContentType)));
    }

    private async Task<string> ReportInAsync(string street)
    {
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var place = await TestPlaces.GridAsync(db, street);
        var category = await db.CaseCategories.Where(c => c.IsActive).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        var reporter = new WorkflowActor("acceptor-bunit", "受理员", new HashSet<string> { Roles.Acceptor }, new DataScope("/530103/"));
        var result = await _portal.Services.GetRequiredService<CaseService>()
            .ReportAsync(new CaseReport(category, "监控核查测试：路口有暴露垃圾", place.Lat, place.Lng, null, Guid.NewGuid().ToString("N")), reporter);
        return result.Number!;
    }
}
