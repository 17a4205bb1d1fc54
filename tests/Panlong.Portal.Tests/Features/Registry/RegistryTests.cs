using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Registry;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Tests.Features.Registry;

[Collection(nameof(PortalCollection))]
public class RegistryTests(PortalFactory portal)
{
    private PeopleQueries People => portal.Services.GetRequiredService<PeopleQueries>();
    private PersonEditor Editor => portal.Services.GetRequiredService<PersonEditor>();
    private IDbContextFactory<PanlongDbContext> Db => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    private Task<ClaimsPrincipal> UserAsync(string userName) => portal.PrincipalAsync(userName);

    /// <summary>A staff principal of a role in another street (the demo has no registry user there).</summary>
    private static ClaimsPrincipal Elsewhere(string role, string scopePath) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "x"), new Claim(ClaimTypes.Name, "elsewhere"), new Claim(ClaimTypes.Role, role), new Claim(DataScope.ScopeClaim, scopePath)],
        "test", ClaimTypes.Name, ClaimTypes.Role));

    private async Task<int> GridAsync(string code)
    {
        await using var db = await Db.CreateDbContextAsync();
        return (await db.OrgUnits.SingleAsync(u => u.Code == code)).Id;
    }

    private async Task<long> RegisterAsync(string id, string phone, SpecialGroups groups = SpecialGroups.None)
    {
        var outcome = await Editor.SaveAsync(WorkflowActor.From(await UserAsync("gridworker")), 0, Guid.Empty,
            new PersonInput("测试人", id, phone, "汉族", HouseholdType.Registered, groups), await GridAsync("530103001001001"));
        Assert.True(outcome.Ok, string.Join(", ", outcome.Errors));
        return outcome.Id!.Value;
    }

    [Fact]
    public async Task APerson_IsFoundByNameIdOrPhone_InsideTheScopeOnly()
    {
        var id = ResidentIdNumber.Create("530103", new DateOnly(1988, 3, 9), 411);
        await RegisterAsync(id, "13987650001");
        var gridworker = await UserAsync("gridworker");

        var byId = await People.SearchAsync(gridworker, id.ToLowerInvariant());
        var byPhone = await People.SearchAsync(gridworker, "139 8765 0001");
        var byName = await People.SearchAsync(gridworker, "测试");
        var otherStreet = await People.SearchAsync(Elsewhere(Roles.Supervisor, "/530103/530103002/"), id);
        var district = await People.SearchAsync(await UserAsync("leader"), id);

        Assert.Equal(PersonalDataMask.IdNumber(id), Assert.Single(byId.Items).IdMasked);
        Assert.Single(byPhone.Items);
        Assert.Contains(byName.Items, p => p.IdMasked == PersonalDataMask.IdNumber(id));
        Assert.Empty(otherStreet.Items);
        Assert.Single(district.Items);
        Assert.All((await People.SearchAsync(gridworker, null)).Items, p => Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", p.IdMasked));
    }

    [Fact]
    public async Task OnlyRolesThatNeedIt_CanRevealTheFullNumber_AndEveryRevealIsAudited()
    {
        var id = ResidentIdNumber.Create("530103", new DateOnly(1975, 8, 20), 226);
        var personId = await RegisterAsync(id, "13987650002");

        var bySupervisor = await People.RevealAsync(await UserAsync("supervisor"), personId, RevealField.IdNumber);
        var byLeader = await People.RevealAsync(await UserAsync("leader"), personId, RevealField.IdNumber);
        var byOtherStreet = await People.RevealAsync(Elsewhere(Roles.Supervisor, "/530103/530103002/"), personId, RevealField.Phone);

        Assert.Equal(id, bySupervisor);
        Assert.Null(byLeader);
        Assert.Null(byOtherStreet);
        await using var db = await Db.CreateDbContextAsync();
        var audits = await db.AuditEntries.Where(a => a.Action == AuditActions.PersonalDataRevealed && a.Target == $"person:{personId}").ToListAsync();
        Assert.Equal("supervisor", Assert.Single(audits).UserName);
    }

    [Fact]
    public async Task TheKeyPersonMark_IsShownOnlyToGovernanceRoles()
    {
        var id = ResidentIdNumber.Create("530103", new DateOnly(1990, 1, 2), 333);
        await RegisterAsync(id, "13987650003", SpecialGroups.KeyPerson | SpecialGroups.LowIncome);

        var supervisor = Assert.Single((await People.SearchAsync(await UserAsync("supervisor"), id)).Items);
        var inspector = Assert.Single((await People.SearchAsync(await UserAsync("inspector"), id)).Items);

        Assert.Equal(SpecialGroups.KeyPerson | SpecialGroups.LowIncome, supervisor.Groups);
        Assert.Equal(SpecialGroups.LowIncome, inspector.Groups);
    }

    [Fact]
    public async Task TheDatabase_HoldsNoPlainIdNumberOrPhone()
    {
        var id = ResidentIdNumber.Create("530103", new DateOnly(1966, 12, 1), 518);
        var personId = await RegisterAsync(id, "13987650004");

        await using var db = await Db.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM People WHERE Id = {personId}";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var raw = reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            Assert.DoesNotContain(id[6..14], raw, StringComparison.Ordinal); // not even the birth date digits in sequence with the rest
            Assert.DoesNotContain("13987650004", raw, StringComparison.Ordinal);
        }
        Assert.Equal(id, portal.Services.GetRequiredService<PersonalDataProtector>().Decrypt((await db.People.SingleAsync(p => p.Id == personId)).IdCipher));
    }

    [Fact]
    public async Task BadInput_NamesTheFieldAndTheReason_AndSavesNothing()
    {
        var gridworker = await UserAsync("gridworker");
        var grid = await GridAsync("530103001001001");
        var existing = ResidentIdNumber.Create("530103", new DateOnly(1982, 4, 4), 101);
        await RegisterAsync(existing, "13987650005");
        await using var before = await Db.CreateDbContextAsync();
        var count = await before.People.CountAsync();

        var wrongCheck = await Editor.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new PersonInput("张三", "530103199001011234", "13800000000"), grid);
        var badDateAndPhone = await Editor.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new PersonInput("", "530103199002301236", "12345"), grid);
        var duplicate = await Editor.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new PersonInput("李四", existing.ToLowerInvariant()), grid);
        var foreignGrid = await Editor.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new PersonInput("王五", ResidentIdNumber.Create("530103", new DateOnly(2000, 1, 1), 7)), await GridAsync("530103002001001"));
        var notAnEditor = await Editor.SaveAsync(WorkflowActor.From(await UserAsync("leader")), 0, Guid.Empty, new PersonInput("赵六", ResidentIdNumber.Create("530103", new DateOnly(2001, 1, 1), 9)), grid);

        Assert.Equal([new FieldError("IdNumber", "Registry.IdNumber.WrongCheckCharacter")], wrongCheck.Errors);
        Assert.Equal(["Name:Registry.Name.Required", "IdNumber:Registry.IdNumber.ImpossibleDate", "Phone:Registry.Phone.Invalid"],
            badDateAndPhone.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.Equal("Registry.IdNumber.Duplicate", Assert.Single(duplicate.Errors).Code);
        Assert.Equal(("GridId", "Common.NotInScope"), (Assert.Single(foreignGrid.Errors).Field, foreignGrid.Errors[0].Code));
        Assert.False(notAnEditor.Ok);
        await using var after = await Db.CreateDbContextAsync();
        Assert.Equal(count, await after.People.CountAsync());
    }

    [Fact]
    public async Task EveryChange_KeepsWhoChangedWhatAndWhen_WithPersonalDataMasked()
    {
        var id = ResidentIdNumber.Create("530103", new DateOnly(1958, 7, 7), 808);
        var personId = await RegisterAsync(id, "13987650006");
        var gridworker = await UserAsync("gridworker");
        Guid version;
        await using (var db = await Db.CreateDbContextAsync())
        {
            version = (await db.People.SingleAsync(p => p.Id == personId)).Version;
        }

        var updated = await Editor.SaveAsync(WorkflowActor.From(gridworker), personId, version, new PersonInput("测试人", id, "13987650007", "彝族"), await GridAsync("530103001001001"));
        var stale = await Editor.SaveAsync(WorkflowActor.From(gridworker), personId, version, new PersonInput("测试人", id, "13987650008"), await GridAsync("530103001001001"));

        Assert.True(updated.Ok);
        Assert.Equal("Common.ChangedBySomeoneElse", Assert.Single(stale.Errors).Code);
        await using var check = await Db.CreateDbContextAsync();
        var changes = await check.RegistryChanges.Where(c => c.EntityType == "Person" && c.EntityId == personId).OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(["Created", "Updated"], changes.Select(c => c.Action));
        Assert.Equal("王网格", changes[1].UserName);
        var diff = JsonSerializer.Deserialize<Dictionary<string, string?[]>>(changes[1].Changes)!;
        Assert.Equal(["Ethnicity", "Phone"], diff.Keys.Order());
        Assert.Equal(new[] { "139****0006", "139****0007" }, diff["Phone"].Select(v => v ?? ""));
        Assert.DoesNotContain("13987650007", changes[1].Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheQuickStart_SeedsASmallValidSampleInDongzhuang()
    {
        await using var db = await Db.CreateDbContextAsync();
        var demo = await db.People.Where(p => p.IsDemo).ToListAsync();
        var protector = portal.Services.GetRequiredService<PersonalDataProtector>();

        Assert.Equal(RegistryScale.Sample.People, demo.Count);
        Assert.All(demo.Take(50), p => Assert.Equal(NumberProblem.None, ResidentIdNumber.Check(protector.Decrypt(p.IdCipher), new DateOnly(2026, 11, 27))));
        Assert.All(demo, p => Assert.StartsWith("/530103/530103001/530103001001/", p.ScopePath, StringComparison.Ordinal));
        Assert.Equal(RegistryScale.Sample.Entities, await db.LegalEntities.CountAsync(e => e.IsDemo));
        Assert.All(await db.LegalEntities.Select(e => e.CreditCode).ToListAsync(), c => Assert.Equal(NumberProblem.None, SocialCreditCode.Check(c)));
    }
}
