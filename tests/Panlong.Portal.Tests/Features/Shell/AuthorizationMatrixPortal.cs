using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Appraisal;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Services;
using Panlong.Portal.Features.Appraisal;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Appraisal;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// A portal of its own for the matrix (its requests act on things): one signed-in client per <see cref="Asker"/> — users
/// made through the security administrator's own <see cref="UserAdministration"/> — and one of each scoped thing in the
/// home street (拓东, 东庄社区): a case with a photo reported by the demo resident over the API, an application of the
/// same resident with a material and its receipt, decided so that a certificate can be verified, a draft, a street
/// appraisal report.
/// </summary>
public sealed class AuthorizationMatrixPortal : IAsyncLifetime
{
    private const string Tuodong = "530103001";
    private const string Gulou = "530103002";
    private const string Dongzhuang = Tuodong + "001";
    private const string ServiceCode = "XK-00201";

    public PortalFactory Portal { get; } = new();

    public IReadOnlyDictionary<Asker, HttpClient> Clients { get; private set; } = new Dictionary<Asker, HttpClient>();

    /// <summary>The values of a probe's {tokens}.</summary>
    public IReadOnlyDictionary<string, string> Ids { get; private set; } = new Dictionary<string, string>();

    public static IReadOnlyList<Asker> Askers { get; } =
        [Asker.Anonymous, .. Roles.All.Select(r => new Asker(r)), .. Roles.All.Select(r => new Asker(r, OtherStreet: true))];

    /// <summary>How long each step of the set-up took, for the test's output.</summary>
    public string SetUp { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var steps = new List<string>();
        void Step(string name) => steps.Add($"{name} {clock.Elapsed.TotalSeconds:F1} s");
        _ = Portal.Services;
        Step("portal");
        var ids = new Dictionary<string, string>();
        await using (var db = await Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var units = await db.OrgUnits.AsNoTracking().Select(u => new { u.Code, u.Id }).ToDictionaryAsync(u => u.Code, u => u.Id);
            await CreateUsersAsync(units);
            Step("users");
            var grid = await TestPlaces.GridAsync(db, Dongzhuang);
            ids["grid"] = grid.Code;
            ids["unit"] = units[Dongzhuang].ToString(CultureInfo.InvariantCulture);
            ids["lat"] = grid.Lat.ToString(CultureInfo.InvariantCulture);
            ids["lng"] = grid.Lng.ToString(CultureInfo.InvariantCulture);
            ids["category"] = (await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync()).ToString(CultureInfo.InvariantCulture);
        }
        var report = await RequestReportAsync();
        Clients = await SignInAllAsync();
        Step("sign-ins");
        await ReportCaseAsync(Clients[new Asker(Roles.Resident)], ids);
        await ApplyAsync(ids);
        Step("case and application");
        ids["item"] = ServiceCode;
        ids["report"] = (await ReadyAsync(report)).ToString(CultureInfo.InvariantCulture);
        Step("report");
        Ids = ids;
        SetUp = string.Join(", ", steps);
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();

    /// <summary>The demo resident is the home street's resident: it reports and applies. Everyone else is made here.</summary>
    private static string UserName(Asker who) =>
        who is { Role: Roles.Resident, OtherStreet: false } ? "resident" : $"matrix.{who.Role!.ToLowerInvariant()}{(who.OtherStreet ? ".other" : "")}";

    /// <summary>Where a role's user works: a community for field staff, the street's command center, the district for administrators.</summary>
    private static string? UnitCode(Asker who)
    {
        var street = who.OtherStreet ? Gulou : Tuodong;
        return who.Role switch
        {
            Roles.Resident => null,
            Roles.Volunteer or Roles.GridWorker or Roles.PartyOrganizer or Roles.SupermarketKeeper => street + "001",
            Roles.Acceptor or Roles.ShiftLead or Roles.Dispatcher => DistrictPlan.CenterCode(street),
            _ when Roles.Administrators.Contains(who.Role!) && !who.OtherStreet => DistrictPlan.DistrictCode,
            _ => street,
        };
    }

    /// <summary>The askers' password: the demo one is on the common-password list, which the real account path refuses.</summary>
    private const string Password = "Dianchi#Lake26";

    private async Task CreateUsersAsync(Dictionary<string, int> units)
    {
        var admin = await Portal.PrincipalAsync("secadmin");
        await Parallel.ForEachAsync(Askers.Where(a => a.Role is not null && UserName(a) != "resident"), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (who, _) =>
            {
                using var scope = Portal.Services.CreateScope();
                var unit = UnitCode(who) is { } code ? units[code] : (int?)null;
                var result = await scope.ServiceProvider.GetRequiredService<UserAdministration>()
                    .CreateAsync(admin, UserName(who), who.ToString(), unit, who.Role!, Password);
                Assert.True(result.Ok, $"{who}: {result.ErrorKey} {result.Detail}");
            });
        // The administrator roles and Leader wait for a second administrator (docs/decisions/0030-admin-two-person-rule.md).
        using var approving = Portal.Services.CreateScope();
        var grants = approving.ServiceProvider.GetRequiredService<RoleGrants>();
        var second = await Portal.PrincipalAsync("sysadmin");
        foreach (var request in await grants.PendingAsync(second))
        {
            var approved = await grants.ApproveAsync(second, request.Id);
            Assert.True(approved.Ok, $"{request.TargetUserName}: {approved.ErrorKey} {approved.Detail}");
        }
    }

    private async Task<Dictionary<Asker, HttpClient>> SignInAllAsync()
    {
        var clients = new System.Collections.Concurrent.ConcurrentDictionary<Asker, HttpClient>();
        clients[Asker.Anonymous] = Portal.Anonymous();
        await Parallel.ForEachAsync(Askers.Where(a => a.Role is not null), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (who, _) => clients[who] = await Portal.SignedInAsync(UserName(who), UserName(who) == "resident" ? DemoAccounts.Password : Password));
        return new Dictionary<Asker, HttpClient>(clients);
    }

    /// <summary>The resident reports a case in a grid of 东庄社区 with one photo, as the phone client does.</summary>
    private async Task ReportCaseAsync(HttpClient resident, Dictionary<string, string> ids)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(ids["category"]), "categoryId" },
            { new StringContent("路口占道摆摊卖水果"), "description" },
            { new StringContent(ids["lat"]), "lat" },
            { new StringContent(ids["lng"]), "lng" },
            { new StringContent(Guid.NewGuid().ToString("N")), "clientKey" },
        };
        var photo = new ByteArrayContent(TestImages.Png());
        photo.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(photo, "photos", "scene.png");
        var response = await resident.PostAsync("/api/cases", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var number = (await response.Content.ReadFromJsonAsync<Panlong.Portal.Features.Cases.CaseReported>())!.Number;
        await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var reported = await db.Cases.Where(c => c.Number == number).Select(c => new { c.Id, c.InstanceId }).SingleAsync();
        ids["case"] = number;
        ids["caseProcess"] = reported.InstanceId.ToString();
        ids["photo"] = (await db.CasePhotos.Where(p => p.CaseId == reported.Id).Select(p => p.Id).FirstAsync()).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The resident applies at 拓东's window (with a material, so a receipt is issued); accepted and approved, it has a certificate to verify.</summary>
    private async Task ApplyAsync(Dictionary<string, string> ids)
    {
        var applications = Portal.Services.GetRequiredService<ApplicationService>();
        var resident = WorkflowActor.From(await Portal.PrincipalAsync("resident"));
        var number = await new Services.ServiceApplicationPortalTests(Portal).SubmitAsync();
        foreach (var (user, trigger) in new[] { ("clerk", ApprovalContract.Accept), ("approver.sc", ApprovalContract.Approve) })
        {
            var acted = await applications.ActAsync(number, trigger, WorkflowActor.From(await Portal.PrincipalAsync(user)), "同意");
            Assert.True(acted.Outcome == ApplicationActOutcome.Done, $"{trigger} by {user}: {acted.Refusal}");
        }
        var draft = await applications.SaveDraftAsync(new ApplicationInput(ServiceCode, new Dictionary<string, string?>(), Tuodong, Guid.NewGuid().ToString("N")), resident);
        Assert.NotNull(draft.Id);
        await using var db = await Portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var application = await db.ServiceApplications.Where(a => a.Number == number).Select(a => new { a.Id, a.TrackCode, a.InstanceId }).SingleAsync();
        var documents = await db.ApplicationDocuments.Where(d => d.ApplicationId == application.Id).OrderBy(d => d.Id).ToListAsync();
        ids["application"] = number;
        ids["track"] = application.TrackCode;
        ids["applicationProcess"] = application.InstanceId!.Value.ToString();
        ids["material"] = (await db.ApplicationMaterials.Where(m => m.ApplicationId == application.Id).Select(m => m.Id).FirstAsync()).ToString(CultureInfo.InvariantCulture);
        ids["document"] = documents.First(d => d.Kind == ServiceDocumentKind.Receipt).Id.ToString(CultureInfo.InvariantCulture);
        ids["verify"] = documents.First(d => d.Kind == ServiceDocumentKind.Certificate).VerifyCode;
        ids["draft"] = draft.Id!.Value.ToString(CultureInfo.InvariantCulture);
    }

    private AppraisalReports Reports => Portal.Services.GetRequiredService<AppraisalReports>();

    /// <summary>拓东's report of the year, asked for by its leader; the background worker renders it while the rest is set up.</summary>
    private async Task<long> RequestReportAsync()
    {
        var leader = await Portal.PrincipalAsync("leader.tuodong");
        var year = AppraisalPeriods.Of(AppraisalPeriodKind.Year, DateOnly.FromDateTime(DateTime.UtcNow));
        return (await Reports.RequestAsync(AppraisalPeriodKind.Year, year, $"/530103/{Tuodong}/", leader))!.Value;
    }

    private async Task<long> ReadyAsync(long id)
    {
        var scope = new DataScope($"/530103/{Tuodong}/");
        var row = await Eventually.UntilAsync(async () => (await Reports.ListAsync(scope)).Single(r => r.Id == id),
            row => row.Status is AppraisalReportStatus.Ready or AppraisalReportStatus.Failed, $"Appraisal report {id}", every: 50);
        Assert.Equal(AppraisalReportStatus.Ready, row.Status);
        return id;
    }
}
