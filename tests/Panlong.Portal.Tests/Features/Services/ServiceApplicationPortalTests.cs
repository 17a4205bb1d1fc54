using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Services;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;
using Panlong.Workflows.Services;
using UglyToad.PdfPig;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>
/// Applications through the portal's own services and pages: the documents as PDFs (Chinese text and the QR's payload
/// read back), the public progress and verify pages, who may see what, uploads judged by their content, and statistics
/// scoped to the viewer.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ServiceApplicationPortalTests(PortalFactory portal)
{
    private ApplicationService Applications => portal.Services.GetRequiredService<ApplicationService>();
    private MaterialStore Store => portal.Services.GetRequiredService<MaterialStore>();

    private async Task<StoredMaterial> MaterialAsync(string name)
    {
        await using var pdf = new MemoryStream(TestPdfs.Minimal("premises"));
        var saved = await Store.SaveAsync(pdf, "premises.pdf", name);
        Assert.Null(saved.Error);
        return saved.Material!;
    }

    /// <summary>The demo resident (linked to a registry person at seeding) applies for 个体工商户设立登记 at Tuodong's window.</summary>
    internal async Task<string> SubmitAsync()
    {
        var resident = await portal.PrincipalAsync("resident");
        var item = (await portal.Services.GetRequiredService<ServiceCatalog>().GuideAsync("XK-00201"))!.Item;
        var prefill = await Applications.PrefillAsync(item, WorkflowActor.From(resident), null);
        Assert.True(prefill.Facts.ContainsKey(RegistryFacts.PersonIdNumber), "the demo resident is linked to the population registry");
        var values = new Dictionary<string, string?>
        {
            ["name"] = prefill.Prefill[RegistryFacts.PersonName], ["idNumber"] = prefill.Prefill[RegistryFacts.PersonIdNumber], ["phone"] = "13800001234",
            ["businessScope"] = "日用百货零售", ["premises"] = "拓东路 1 号",
        };
        var result = await Applications.SubmitAsync(new ApplicationInput("XK-00201", values, "530103001", Guid.NewGuid().ToString("N"),
            Materials: [await MaterialAsync("经营场所使用证明")]), WorkflowActor.From(resident));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    internal async Task ActAsync(string user, string number, string trigger, string? comment = null)
    {
        var result = await Applications.ActAsync(number, trigger, WorkflowActor.From(await portal.PrincipalAsync(user)), comment);
        Assert.True(result.Outcome == ApplicationActOutcome.Done, $"{trigger} by {user}: {result.Refusal}");
    }

    internal async Task<List<ApplicationDocument>> DocumentsAsync(string number)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await db.ApplicationDocuments.Where(d => d.Application!.Number == number).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task ReceiptAndCertificate_ReadBackInChinese_AndTheirQrCodesOpenThePublicPages()
    {
        var number = await SubmitAsync();
        await ActAsync("clerk", number, ApprovalContract.Accept);
        await ActAsync("approver.sc", number, ApprovalContract.Approve, "经营场所符合要求");
        var documents = await DocumentsAsync(number);
        var resident = await portal.SignedInAsync("resident");

        var receipt = await resident.GetAsync($"/applications/{number}/documents/{documents.Single(d => d.Kind == ServiceDocumentKind.Receipt).Id}.pdf");
        Assert.Equal("application/pdf", receipt.Content.Headers.ContentType?.MediaType);
        var receiptBytes = await receipt.Content.ReadAsByteArrayAsync();
        using (var pdf = PdfDocument.Open(receiptBytes))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains("申请材料接收凭证", text, StringComparison.Ordinal);
            Assert.Contains("个体工商户设立登记", text, StringComparison.Ordinal);
            Assert.Contains("张居民", text, StringComparison.Ordinal);
            Assert.Contains(number, text, StringComparison.Ordinal);
            Assert.Contains("盘龙区拓东街道便民服务中心", text, StringComparison.Ordinal);
        }
        var trackUrl = PrintedPage.Qr(receiptBytes, 1).Text;
        Assert.Matches(@"^http://localhost/track/[0-9a-f]{24}$", trackUrl);
        var track = await (await portal.Anonymous().GetAsync(new Uri(trackUrl).PathAndQuery)).Content.ReadAsStringAsync();
        Assert.Contains(number, track, StringComparison.Ordinal);
        Assert.Contains("张*", track, StringComparison.Ordinal);
        Assert.DoesNotContain("张居民", track, StringComparison.Ordinal);

        var certificateDoc = documents.Single(d => d.Kind == ServiceDocumentKind.Certificate);
        var certificateBytes = await resident.GetByteArrayAsync($"/applications/{number}/documents/{certificateDoc.Id}.pdf");
        using (var pdf = PdfDocument.Open(certificateBytes))
        {
            var text = string.Concat(pdf.GetPages().Select(p => p.Text));
            Assert.Contains("准予行政许可决定书", text, StringComparison.Ordinal);
            Assert.Contains("盘龙区市场监督管理局", text, StringComparison.Ordinal);
            Assert.Contains("经营场所符合要求", text, StringComparison.Ordinal);
            Assert.Equal("准予行政许可决定书", pdf.Information.Title);
        }
        var verifyUrl = PrintedPage.Qr(certificateBytes, 1).Text;
        Assert.Equal($"http://localhost/verify/{certificateDoc.VerifyCode}", verifyUrl);
        var verify = await (await portal.Anonymous().GetAsync($"/verify/{certificateDoc.VerifyCode}")).Content.ReadAsStringAsync();
        Assert.Contains("核验通过", verify, StringComparison.Ordinal);
        Assert.Contains(certificateDoc.DocumentNumber, verify, StringComparison.Ordinal);
        // The applicant's download of the decision counts as delivery (送达).
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.NotNull((await db.ServiceApplications.SingleAsync(a => a.Number == number)).DeliveredAt);
    }

    [Fact]
    public async Task AnotherStreetsClerkAndAnotherApplicant_LearnNothingOfAnApplication()
    {
        var number = await SubmitAsync();
        var document = (await DocumentsAsync(number)).Single();
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var material = await db.ApplicationMaterials.Where(m => m.ApplicationId == document.ApplicationId).Select(m => m.Id).SingleAsync();
            foreach (var user in new[] { "clerk.gulou", "business" })
            {
                var client = await portal.SignedInAsync(user);
                Assert.Contains("办件不存在", await client.GetStringAsync($"/applications/{number}"), StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/applications/{number}/documents/{document.Id}.pdf")).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/applications/{number}/materials/{material}")).StatusCode);
            }
            var own = await portal.SignedInAsync("clerk");
            Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/applications/{number}/materials/{material}")).StatusCode);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Application.MaterialView" && a.Target == number));
            Assert.Equal(HttpStatusCode.OK, (await own.GetAsync($"/applications/{number}/documents/{document.Id}.pdf")).StatusCode);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.DocumentDownloaded && a.Target == number && a.LoginName == "clerk"));
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Application.Submit" && a.Target == number));
        }
        var refused = await Applications.ActAsync(number, ApprovalContract.Accept, WorkflowActor.From(await portal.PrincipalAsync("clerk.gulou")), null);
        Assert.Equal(ApplicationActOutcome.NotFound, refused.Outcome);
        Assert.Equal(HttpStatusCode.Redirect, (await portal.Anonymous().GetAsync($"/applications/{number}/documents/{document.Id}.pdf")).StatusCode);
    }

    [Fact]
    public async Task Uploads_AreJudgedByTheirContentAndSize()
    {
        async Task<string?> SaveAsync(byte[] bytes, string name)
        {
            await using var stream = new MemoryStream(bytes);
            return (await Store.SaveAsync(stream, name, "材料")).Error;
        }
        Assert.Null(await SaveAsync(TestPdfs.Minimal("ok"), "scan.pdf"));
        Assert.Null(await SaveAsync(TestImages.Png(), "photo.png"));
        Assert.Null(await SaveAsync(TestImages.Png(), "no-extension"));
        Assert.Equal("Services.Material.Mislabelled", await SaveAsync(TestImages.Png(), "scan.pdf"));
        Assert.Equal("Services.Material.Mislabelled", await SaveAsync(TestPdfs.Minimal("x"), "photo.jpg"));
        Assert.Equal("Services.Material.Type", await SaveAsync("just text"u8.ToArray(), "notes.pdf"));
        Assert.Equal("Services.Material.Type", await SaveAsync([.. "%PDF-1.4 cut off"u8], "broken.pdf"));
        Assert.Equal("Services.Material.TooLarge", await SaveAsync(new byte[(2 * 1024 * 1024) + 1], "big.pdf"));
        Assert.Equal("文件超过 2 MB，请压缩后重新上传。", Store.Describe(Localizer(), "Services.Material.TooLarge"));
    }

    [Fact]
    public async Task Statistics_CountOnlyTheViewersArea()
    {
        var number = await SubmitAsync();
        await ActAsync("clerk", number, ApprovalContract.Reject, "不属于本窗口受理范围");
        var statistics = portal.Services.GetRequiredService<ServiceStatistics>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        ServiceReport For(string user) => statistics.ReportAsync(WorkflowActor.From(portal.PrincipalAsync(user).GetAwaiter().GetResult()), today.AddDays(-1), today)
            .GetAwaiter().GetResult();

        var tuodong = For("clerk");
        var gulou = For("clerk.gulou");
        var district = For("leader");
        Assert.True(tuodong.Total.Received >= 1);
        Assert.Equal(tuodong.Total.Received, district.Total.Received);
        Assert.Equal(0, gulou.Total.Received);
        Assert.Contains(tuodong.ByItem, f => f.Key == "XK-00201" && f.Finished >= 1);
        Assert.Contains(district.ByDepartment, f => f.Name == "区市场监督管理局");
        // The market regulator's approver sees what its department approves, not the street's other windows' work.
        Assert.True(For("approver.sc").Total.Received >= 1);
        Assert.Equal(0, For("approver.hw").ByItem.Count(f => f.Key == "XK-00201"));
    }

    [Fact]
    public async Task RegistryPerson_FindsAnEarlierWalkIn_OnceTheWindowActivatedTheAccount()
    {
        var protector = portal.Services.GetRequiredService<Data.Registry.PersonalDataProtector>();
        string id, name;
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var hashes = await db.Users.Where(u => u.IdHash != null).Select(u => u.IdHash).ToListAsync();
            var person = await db.People.Where(p => p.IsDemo && p.IdType == Data.Registry.IdType.ResidentId && p.BirthDate < new DateOnly(2000, 1, 1)
                && !hashes.Contains(p.IdHash)).OrderByDescending(p => p.Id).FirstAsync();
            (id, name) = (protector.Decrypt(person.IdCipher), person.Name);
        }
        // Received at the window before the person had an account.
        var walkIn = await Applications.SubmitAsync(new ApplicationInput("XK-00201", new Dictionary<string, string?>
        {
            ["name"] = name, ["idNumber"] = id, ["phone"] = "13800002222", ["businessScope"] = "小吃", ["premises"] = "拓东路 2 号",
        }, null, null, Materials: [await MaterialAsync("经营场所使用证明")], WalkIn: new WalkInApplicant(name, id, null)), WorkflowActor.From(await portal.PrincipalAsync("clerk")));
        Assert.True(walkIn.Ok, string.Join("; ", walkIn.Errors.Select(e => $"{e.Key}={e.Value}")));

        using var scope = portal.Services.CreateScope();
        var registration = scope.ServiceProvider.GetRequiredService<Panlong.Portal.Features.Identity.Registration>();
        var user = $"walkin.{Guid.NewGuid():N}"[..20];
        Assert.True((await registration.RegisterAsync(new(ApplicantKind.Person, user, "Dianchi#Lake26", name, id, null), "127.0.0.1")).Accepted);
        var queries = portal.Services.GetRequiredService<ApplicationQueries>();
        Assert.DoesNotContain(await queries.MineAsync(WorkflowActor.From(await portal.PrincipalAsync(user))), r => r.Number == walkIn.Number);

        var activation = portal.Services.GetRequiredService<Panlong.Portal.Features.Identity.WindowActivation>();
        Assert.Equal(Panlong.Portal.Features.Identity.ActivationOutcome.Activated,
            await activation.ActivateAsync(WorkflowActor.From(await portal.PrincipalAsync("clerk")), ApplicantKind.Person, id, name, null));
        Assert.Contains(await queries.MineAsync(WorkflowActor.From(await portal.PrincipalAsync(user))), r => r.Number == walkIn.Number);
    }

    private static Microsoft.Extensions.Localization.IStringLocalizer Localizer()
    {
        var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        return services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<Resources.SharedResource>>();
    }
}

/// <summary>The application page acts on the version it shows.</summary>
[Collection(nameof(PortalCollection))]
public class ApplicationPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public ApplicationPageTests(PortalFactory portal)
    {
        _portal = portal;
        foreach (var type in new[] { typeof(ApplicationQueries), typeof(ApplicationService), typeof(MaterialStore) })
        {
            Services.AddSingleton(type, portal.Services.GetRequiredService(type));
        }
    }

    [Fact]
    public async Task Decision_OnAPageAnotherClerkDecidedSince_IsRefusedWithReloadAndTryAgain()
    {
        var number = await new ServiceApplicationPortalTests(_portal).SubmitAsync();
        var clerk = await _portal.PrincipalAsync("clerk");
        var auth = AddAuthorization();
        auth.SetAuthorized("clerk");
        auth.SetRoles(clerk.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToArray());
        auth.SetClaims(clerk.Claims.Where(c => c.Type != System.Security.Claims.ClaimTypes.Role).ToArray());
        var page = Render<ApplicationPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=action-Accept]").Click();
        page.WaitForElement("[data-testid=action-confirm]");

        // The same window's colleague accepts it first.
        Assert.Equal(ApplicationActOutcome.Done, (await _portal.Services.GetRequiredService<ApplicationService>().ActAsync(number, "Accept", WorkflowActor.From(clerk), null)).Outcome);
        page.Find("[data-testid=action-confirm]").Click();

        page.WaitForAssertion(() => Assert.Contains("该事项已被他人处理，请刷新后重试。", page.Find("[data-testid=action-error]").TextContent, StringComparison.Ordinal));
    }
}

/// <summary>The shared list: a draft links to where it is continued, a submitted application to its page, with its light.</summary>
public class ApplicationTableTests : PortalComponentTest
{
    [Fact]
    public void DraftRow_ContinuesTheDraft_AndASubmittedRowOpensTheApplication()
    {
        var now = DateTimeOffset.UtcNow;
        var rows = new List<ApplicationRow>
        {
            new(7, null, "QR-00001", "居住证明出具", "张居民", "Draft", "草稿", ApplicationOutcome.Draft, ApplicationChannel.Online, now, null, null, null, null, null),
            new(8, "BJ2026112700001", "XK-00201", "个体工商户设立登记", "张居民", ApprovalContract.Submitted, "待受理", ApplicationOutcome.InProgress, ApplicationChannel.Online, now, now,
                now.AddDays(3), null, null, null) { Light = Panlong.Workflows.Engine.Calendar.TrafficLight.Green },
        };

        var table = Render<ApplicationTable>(p => p.Add(t => t.Rows, rows).Add(t => t.ShowApplicant, false));

        Assert.Equal("/services/drafts/7", table.Find("[data-testid=draft-link]").GetAttribute("href"));
        Assert.Equal("/applications/BJ2026112700001", table.Find("[data-number=BJ2026112700001]").GetAttribute("href"));
        Assert.Contains("待受理", table.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("张居民", table.Markup, StringComparison.Ordinal);
    }
}
