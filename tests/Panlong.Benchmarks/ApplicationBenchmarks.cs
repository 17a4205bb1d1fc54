using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Benchmarks;

/// <summary>
/// 一网通办 end to end on a real, seeded database, one application at a time: submitted online (form rules, registry
/// look-up and its audit entry, number, process start, receipt), accepted at the street window (acceptance notice,
/// 就近办 forwarding) and approved by the department (certificate). Applications per second = 1000 / mean ms.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ApplicationBenchmarks
{
    public const int SustainedApplications = 200;
    public const int WarmUpApplications = 300;

    private const string Tuodong = "530103001";
    private static readonly WorkflowActor Clerk = Actor("bench-clerk", Roles.WindowClerk, $"/530103/{Tuodong}/");
    private static readonly WorkflowActor MarketApprover = Actor("bench-market", Roles.Approver, "/530103/530103-BM02/");
    private static readonly WorkflowActor EnforcementApprover = Actor("bench-enforcement", Roles.Approver, "/530103/530103-BM01/");
    private static readonly WorkflowActor SanitationApprover = Actor("bench-sanitation", Roles.Approver, "/530103/530103-BM10/");

    private TestDatabase _database = null!;
    private ApplicationService _applications = null!;
    private WorkflowActor _resident = null!;
    private WorkflowActor _company = null!;
    private Dictionary<string, string?> _soleTraderForm = null!;
    private Dictionary<string, string?> _disposalForm = null!;

    [ParamsSource(nameof(Providers))]
    public DatabaseProvider Provider { get; set; }

    public static IEnumerable<DatabaseProvider> Providers => WorkflowBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await SeededWorkflows.OpenAsync(Provider);
        _applications = _database.Get<ApplicationService>();

        // The applicants as the registry knows them, so that the ID card and the business licence come from 人口库/法人库.
        var protector = _database.Get<PersonalDataProtector>();
        var id = ResidentIdNumber.Create("530103", new DateOnly(1980, 5, 1), 17);
        var code = SocialCreditCode.Create('9', "530103", "MA6K00010");
        await using var db = await _database.Factory.CreateDbContextAsync();
        var grid = await db.OrgUnits.FirstAsync(u => u.ScopePath.StartsWith($"/530103/{Tuodong}/") && u.Kind == OrgUnitKind.Grid);
        db.People.Add(new Person
        {
            Name = "张三丰", IdCipher = protector.Encrypt(id), IdHash = protector.Hash(id), IdMasked = PersonalDataMask.IdNumber(id),
            GridId = grid.Id, ScopePath = grid.ScopePath, UpdatedAt = DateTimeOffset.UtcNow,
        });
        db.LegalEntities.Add(new LegalEntity { Name = "盘龙清运有限公司", CreditCode = code, EntityType = "有限责任公司", GridId = grid.Id, ScopePath = grid.ScopePath, UpdatedAt = DateTimeOffset.UtcNow });
        var person = new PanlongUser { UserName = "bench-zhang", DisplayName = "张三丰", IdCipher = protector.Encrypt(id), IdHash = protector.Hash(id),
            IdentityVerifiedAt = DateTimeOffset.UtcNow };
        var company = new PanlongUser { UserName = "bench-qingyun", DisplayName = "盘龙清运有限公司", CreditCode = code, IdentityVerifiedAt = DateTimeOffset.UtcNow };
        db.Users.AddRange(person, company);
        await db.SaveChangesAsync();
        _resident = Actor("张三丰", Roles.Resident, null, person.Id);
        _company = Actor("盘龙清运有限公司", Roles.Resident, null, company.Id);
        _soleTraderForm = new() { ["name"] = "张三丰", ["idNumber"] = id, ["phone"] = "13800001234", ["businessScope"] = "日用百货零售", ["premises"] = "拓东路 1 号" };
        _disposalForm = new() { ["entityName"] = "盘龙清运有限公司", ["creditCode"] = code, ["phone"] = "0871-63110000", ["volume"] = "120", ["site"] = "东郊消纳场" };

        // Tiered JIT settles only after some hundreds of applications (the first 150 fall from 100 ms to 30 ms each on
        // SQLite), far longer than a few warm-up iterations: run both paths first so that each figure is the steady one.
        for (var i = 0; i < WarmUpApplications; i++)
        {
            await SubmitAcceptApproveAsync();
            if (i % 5 == 0)
            {
                await SubmitAcceptCountersignAsync();
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(Description = "XK-00201 submit → accept → approve (one application)")]
    public async Task SubmitAcceptApproveAsync()
    {
        var number = await SubmitAsync("XK-00201", _soleTraderForm, _resident, "经营场所使用证明");
        await ActAsync(number, ApprovalContract.Accept, Clerk);
        await ActAsync(number, ApprovalContract.Approve, MarketApprover);
    }

    [Benchmark(Description = "XK-00203 submit → accept → countersign by two departments")]
    public async Task SubmitAcceptCountersignAsync()
    {
        var number = await SubmitAsync("XK-00203", _disposalForm, _company, "建筑垃圾处置方案", "运输合同");
        await ActAsync(number, ApprovalContract.Accept, Clerk);
        await ActAsync(number, ApprovalContract.Approve, EnforcementApprover);
        await ActAsync(number, ApprovalContract.Approve, SanitationApprover);
    }

    /// <summary>The same path, 200 applications back to back, so the figure includes the tables growing under it.</summary>
    [Benchmark(OperationsPerInvoke = SustainedApplications, Description = "XK-00201, 200 applications in a row (per application)")]
    public async Task SustainedAsync()
    {
        for (var i = 0; i < SustainedApplications; i++)
        {
            await SubmitAcceptApproveAsync();
        }
    }

    private async Task<string> SubmitAsync(string item, Dictionary<string, string?> form, WorkflowActor applicant, params string[] materials)
    {
        // Materials are rows only here: the portal has already checked and stored the files.
        var stored = materials.Select(m => new StoredMaterial(m, m + ".pdf", "application/pdf", 2048, $"materials/{Guid.NewGuid():N}.pdf", new string('a', 64))).ToList();
        var result = await _applications.SubmitAsync(new ApplicationInput(item, form, Tuodong, Guid.NewGuid().ToString("N"), Materials: stored), applicant);
        return result.Ok ? result.Number! : throw new InvalidOperationException($"Submit refused: {string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}"))}");
    }

    private async Task ActAsync(string number, string trigger, WorkflowActor actor)
    {
        var result = await _applications.ActAsync(number, trigger, actor, null);
        if (result.Outcome != ApplicationActOutcome.Done)
        {
            throw new InvalidOperationException($"{trigger} by {actor.Name} refused: {result.Outcome} {result.Refusal} {result.Detail}");
        }
    }

    private static WorkflowActor Actor(string name, string role, string? scope, string? userId = null) =>
        new(userId ?? name, name, new HashSet<string> { role }, scope is null ? DataScope.None : new DataScope(scope));
}
