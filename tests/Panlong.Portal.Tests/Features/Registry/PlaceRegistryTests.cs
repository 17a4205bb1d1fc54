using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Registry;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Tests.Features.Registry;

/// <summary>Legal entities, buildings and houses: rules, change log, data scope, editor role and concurrency.</summary>
[Collection(nameof(PortalCollection))]
public class PlaceRegistryTests(PortalFactory portal)
{
    private const string Dongzhuang1 = "530103001001001";
    private const string GulouGrid = "530103002001001";

    private LegalEntityEditor Entities => portal.Services.GetRequiredService<LegalEntityEditor>();
    private BuildingEditor Buildings => portal.Services.GetRequiredService<BuildingEditor>();
    private HouseEditor Houses => portal.Services.GetRequiredService<HouseEditor>();
    private PlaceQueries Places => portal.Services.GetRequiredService<PlaceQueries>();
    private IDbContextFactory<PanlongDbContext> Db => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();

    private Task<ClaimsPrincipal> UserAsync(string userName) => portal.PrincipalAsync(userName);

    /// <summary>A registry editor of 鼓楼街道 (street B); the demo has none there.</summary>
    private static ClaimsPrincipal GulouSupervisor() => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "g"), new Claim(ClaimTypes.Name, "gulou.supervisor"), new Claim(ClaimTypes.Role, Roles.Supervisor), new Claim(DataScope.ScopeClaim, "/530103/530103002/")],
        "test", ClaimTypes.Name, ClaimTypes.Role));

    /// <summary>A fresh valid code: authority 9, type 1, region 530103, a random 9-character organization code.</summary>
    private static string NewCreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        return SocialCreditCode.Create('1', "530103", new string(Enumerable.Range(0, 9).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)]).ToArray()));
    }

    private static LegalEntityInput AnEntity(string? code = null, int gridId = 0, long? buildingId = null, string name = "昆明测试商贸有限责任公司") =>
        new(name, code ?? NewCreditCode(), "有限责任公司", "张测试", "盘龙区测试路 1 号", buildingId, gridId);

    private async Task<(int Id, double Lat, double Lng)> GridAsync(string code)
    {
        await using var db = await Db.CreateDbContextAsync();
        var grid = await db.OrgUnits.SingleAsync(u => u.Code == code);
        return (grid.Id, grid.CenterLat!.Value, grid.CenterLng!.Value);
    }

    private async Task<long> NewBuildingAsync(string name = "测试楼")
    {
        var (_, lat, lng) = await GridAsync(Dongzhuang1);
        var outcome = await Buildings.SaveAsync(WorkflowActor.From(await UserAsync("gridworker")), 0, Guid.Empty, new BuildingInput(name, "盘龙区测试路 8 号", 6, BuildingUse.Residential, lat, lng));
        Assert.True(outcome.Ok, string.Join(", ", outcome.Errors));
        return outcome.Id!.Value;
    }

    private async Task<T> RecordAsync<T>(long id)
        where T : class, IRegistryRecord
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.Set<T>().AsNoTracking().SingleAsync(r => r.Id == id);
    }

    private async Task<List<RegistryChange>> ChangesAsync(string type, long id)
    {
        await using var db = await Db.CreateDbContextAsync();
        return await db.RegistryChanges.Where(c => c.EntityType == type && c.EntityId == id).OrderBy(c => c.Id).ToListAsync();
    }

    [Fact]
    public async Task ABadCreditCode_IsRefused_NamingTheFieldAndWhy_InBothLanguages()
    {
        var gridworker = await UserAsync("gridworker");
        var grid = (await GridAsync(Dongzhuang1)).Id;
        var valid = NewCreditCode();
        var wrongCheck = valid[..17] + (valid[17] == '0' ? '1' : '0');
        Assert.True((await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, AnEntity(valid, grid))).Ok);

        var outcomes = new List<SaveOutcome>();
        foreach (var code in new[] { wrongCheck, "91530103MA6K", "91530103MA6KOOOOO1", "", valid.ToLowerInvariant() })
        {
            outcomes.Add(await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, AnEntity(code, grid)));
        }

        Assert.Equal(
            ["Entities.CreditCode.WrongCheckCharacter", "Entities.CreditCode.WrongLength", "Entities.CreditCode.BadCharacters", "Entities.CreditCode.Empty", "Entities.CreditCode.Duplicate"],
            outcomes.Select(o => Assert.Single(o.Errors, e => e.Field == "CreditCode").Code));
        var localizer = portal.Services.GetRequiredService<IStringLocalizer<SharedResource>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("统一社会信用代码校验位不正确，请核对。", localizer["Entities.CreditCode.WrongCheckCharacter"].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("This credit code is already registered.", localizer["Entities.CreditCode.Duplicate"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        var missing = await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new LegalEntityInput(" ", valid, null, GridId: grid));
        Assert.Equal(["Name:Entities.Name.Required", "EntityType:Entities.EntityType.Required"], missing.Errors.Select(e => $"{e.Field}:{e.Code}"));
    }

    [Fact]
    public async Task AddingAndEditingAnEntity_WritesWhoChangedWhichFieldFromWhatToWhat()
    {
        var gridworker = await UserAsync("gridworker");
        var buildingId = await NewBuildingAsync("测试商务楼");
        var created = await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, AnEntity(buildingId: buildingId));
        Assert.True(created.Ok, string.Join(", ", created.Errors));
        var entity = await RecordAsync<LegalEntity>(created.Id!.Value);
        Assert.Equal((await RecordAsync<Building>(buildingId)).GridId, entity.GridId);

        var updated = await Entities.SaveAsync(WorkflowActor.From(gridworker), entity.Id, entity.Version,
            AnEntity(entity.CreditCode, entity.GridId, buildingId) with { LegalRepresentative = "李新任" });

        Assert.True(updated.Ok);
        var changes = await ChangesAsync(nameof(LegalEntity), entity.Id);
        Assert.Equal(["Created", "Updated"], changes.Select(c => c.Action));
        Assert.Equal("王网格", changes[1].UserName);
        Assert.Equal("测试商务楼", JsonSerializer.Deserialize<Dictionary<string, string?[]>>(changes[0].Changes)!["Building"][1]);
        var diff = JsonSerializer.Deserialize<Dictionary<string, string?[]>>(changes[1].Changes)!;
        Assert.Equal(["LegalRepresentative"], diff.Keys);
        Assert.Equal(new[] { "张测试", "李新任" }, diff["LegalRepresentative"].Select(v => v ?? ""));
        var log = await portal.Services.GetRequiredService<ChangeLogQueries>().ChangesAsync<LegalEntity>(gridworker, entity.Id);
        Assert.Equal(new FieldChange("LegalRepresentative", "张测试", "李新任"), Assert.Single(log[0].Fields));
        Assert.Empty(await portal.Services.GetRequiredService<ChangeLogQueries>().ChangesAsync<LegalEntity>(GulouSupervisor(), entity.Id));
    }

    [Fact]
    public async Task ABuilding_TakesTheGridOfItsPosition_InsideTheDistrictAndTheScopeOnly()
    {
        var gridworker = await UserAsync("gridworker");
        var (gridId, lat, lng) = await GridAsync(Dongzhuang1);
        var (_, gulouLat, gulouLng) = await GridAsync(GulouGrid);
        BuildingInput At(double? la, double? ln) => new("定位测试楼", "盘龙区测试路 9 号", 12, BuildingUse.Mixed, la, ln);

        var inside = await Buildings.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, At(lat, lng));
        var kunmingCenter = await Buildings.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, At(24.88, 102.83));
        var otherStreet = await Buildings.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, At(gulouLat, gulouLng));
        var noPosition = await Buildings.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, At(null, lng) with { Floors = 0 });

        Assert.True(inside.Ok);
        var building = await RecordAsync<Building>(inside.Id!.Value);
        Assert.Equal(gridId, building.GridId);
        Assert.StartsWith("/530103/530103001/530103001001/", building.ScopePath, StringComparison.Ordinal);
        Assert.Equal(("Position", "Buildings.Position.OutsideDistrict"), (kunmingCenter.Errors[0].Field, kunmingCenter.Errors[0].Code));
        Assert.Equal("Buildings.Position.NotInScope", Assert.Single(otherStreet.Errors).Code);
        Assert.Equal(["Floors:Buildings.Floors.OutOfRange", "Position:Buildings.Position.Required"], noPosition.Errors.Select(e => $"{e.Field}:{e.Code}"));
    }

    [Fact]
    public async Task MovingABuilding_IntoAnotherGrid_TakesItsHousesAlong()
    {
        var gridworker = await UserAsync("gridworker");
        var buildingId = await NewBuildingAsync("搬迁测试楼");
        var houseId = (await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, "1单元", "201", HouseUse.Residential, 70m))).Id!.Value;
        var building = await RecordAsync<Building>(buildingId);
        var (grid2, lat2, lng2) = await GridAsync("530103001001002");

        var moved = await Buildings.SaveAsync(WorkflowActor.From(gridworker), buildingId, building.Version, new BuildingInput(building.Name, building.Address, building.Floors, building.Use, lat2, lng2));

        Assert.True(moved.Ok, string.Join(", ", moved.Errors));
        var house = await RecordAsync<House>(houseId);
        Assert.Equal((grid2, (await RecordAsync<Building>(buildingId)).ScopePath), (house.GridId, house.ScopePath));
        var diff = JsonSerializer.Deserialize<Dictionary<string, string?[]>>((await ChangesAsync(nameof(Building), buildingId))[1].Changes)!;
        Assert.Equal(["Grid", "Position"], diff.Keys.Order());
        Assert.Equal("东庄社区第1网格", diff["Grid"][0]);
    }

    [Fact]
    public async Task AHouse_ListsItsResidents_AndOneRoomIsRegisteredOnce()
    {
        var gridworker = await UserAsync("gridworker");
        var buildingId = await NewBuildingAsync();
        var house = await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, "1单元", "301", HouseUse.Residential, 89.5m));
        var again = await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, " 1单元 ", "301", HouseUse.Office, 20m));
        var bad = await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, "1单元", "", HouseUse.Residential, 0m));
        Assert.True(house.Ok, string.Join(", ", house.Errors));
        var resident = await portal.Services.GetRequiredService<PersonEditor>().SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty,
            new PersonInput("住户甲", ResidentIdNumber.Create("530103", new DateOnly(1977, 5, 5), 612)), (await GridAsync(Dongzhuang1)).Id);
        await using (var db = await Db.CreateDbContextAsync())
        {
            await db.People.Where(p => p.Id == resident.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.HouseId, house.Id));
        }

        var residents = await Places.ResidentsAsync(gridworker, house.Id!.Value);
        var fromGulou = await Places.ResidentsAsync(GulouSupervisor(), house.Id!.Value);

        Assert.Equal(("Room", "Houses.Room.Duplicate"), (Assert.Single(again.Errors).Field, again.Errors[0].Code));
        Assert.Equal(["Room:Houses.Room.Required", "Area:Houses.Area.OutOfRange"], bad.Errors.Select(e => $"{e.Field}:{e.Code}"));
        Assert.Matches(@"^\d{6}\*{8}[\dX]{4}$", Assert.Single(residents).IdMasked);
        Assert.Empty(fromGulou);
        var row = Assert.Single((await Places.HousesAsync(gridworker, null, buildingId: buildingId)).Items);
        Assert.Equal(("301", 1), (row.Room, row.Residents));
        Assert.Equal("Created", Assert.Single(await ChangesAsync(nameof(House), house.Id!.Value)).Action);
    }

    [Fact]
    public async Task AnotherStreet_NeitherSeesNorEditsTheRecords_AndAViewerRoleCannotSave()
    {
        var gridworker = await UserAsync("gridworker");
        var buildingId = await NewBuildingAsync("范围测试楼");
        var entity = await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, AnEntity(buildingId: buildingId, name: "范围测试商行"));
        var house = await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, "2单元", "101", HouseUse.Commercial, 40m));
        var building = await RecordAsync<Building>(buildingId);
        var record = await RecordAsync<LegalEntity>(entity.Id!.Value);
        var gulou = GulouSupervisor();
        var gulouGrid = (await GridAsync(GulouGrid)).Id;

        Assert.Empty((await Places.EntitiesAsync(gulou, "范围测试商行")).Items);
        Assert.Empty((await Places.BuildingsAsync(gulou, "范围测试楼")).Items);
        Assert.Empty((await Places.HousesAsync(gulou, "范围测试楼")).Items);
        Assert.Single((await Places.EntitiesAsync(await UserAsync("leader"), "范围测试商行")).Items);
        Assert.Equal("Common.NotInScope", Assert.Single((await Entities.SaveAsync(WorkflowActor.From(gulou), record.Id, record.Version, AnEntity(record.CreditCode, gulouGrid))).Errors).Code);
        Assert.Equal("Common.NotInScope", Assert.Single((await Houses.SaveAsync(WorkflowActor.From(gulou), house.Id!.Value, Guid.Empty, new HouseInput(buildingId, "2单元", "102", HouseUse.Commercial, 40m))).Errors).Code);
        var (_, gulouLat, gulouLng) = await GridAsync(GulouGrid);
        Assert.Equal("Common.NotInScope", Assert.Single((await Buildings.SaveAsync(WorkflowActor.From(gulou), buildingId, building.Version, new BuildingInput("改名", "地址", 3, BuildingUse.Other, gulouLat, gulouLng))).Errors).Code);
        // An editor of 拓东 cannot move an entity into 鼓楼 either.
        var moved = await Entities.SaveAsync(WorkflowActor.From(gridworker), record.Id, record.Version, AnEntity(record.CreditCode, gulouGrid));
        Assert.Equal(new FieldError("GridId", "Common.NotInScope"), Assert.Single(moved.Errors));

        var leader = await UserAsync("leader");
        Assert.False((await Entities.SaveAsync(WorkflowActor.From(leader), 0, Guid.Empty, AnEntity(gridId: record.GridId))).Ok);
        Assert.False((await Buildings.SaveAsync(WorkflowActor.From(leader), 0, Guid.Empty, new BuildingInput("领导楼", "地址", 3, BuildingUse.Other, building.Lat, building.Lng))).Ok);
        Assert.False((await Houses.SaveAsync(WorkflowActor.From(leader), 0, Guid.Empty, new HouseInput(buildingId, "9单元", "901", HouseUse.Residential, 50m))).Ok);
        Assert.Equal(record.Version, (await RecordAsync<LegalEntity>(record.Id)).Version);
        Assert.Single(await ChangesAsync(nameof(LegalEntity), record.Id));
    }

    [Fact]
    public async Task SavingAStaleVersion_SaysSomeoneElseChangedIt_AndKeepsTheirChange()
    {
        var gridworker = await UserAsync("gridworker");
        var supervisor = await UserAsync("supervisor");
        var buildingId = await NewBuildingAsync("并发测试楼");
        var entity = await RecordAsync<LegalEntity>((await Entities.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, AnEntity(buildingId: buildingId))).Id!.Value);
        var houseId = (await Houses.SaveAsync(WorkflowActor.From(gridworker), 0, Guid.Empty, new HouseInput(buildingId, "1单元", "101", HouseUse.Residential, 60m))).Id!.Value;
        var building = await RecordAsync<Building>(buildingId);
        var house = await RecordAsync<House>(houseId);

        var first = await Entities.SaveAsync(WorkflowActor.From(supervisor), entity.Id, entity.Version, AnEntity(entity.CreditCode, entity.GridId, buildingId, "先保存的名称"));
        var second = await Entities.SaveAsync(WorkflowActor.From(gridworker), entity.Id, entity.Version, AnEntity(entity.CreditCode, entity.GridId, buildingId, "后保存的名称"));
        var firstBuilding = await Buildings.SaveAsync(WorkflowActor.From(supervisor), buildingId, building.Version, new BuildingInput("并发测试楼", "新地址", 7, building.Use, building.Lat, building.Lng));
        var staleBuilding = await Buildings.SaveAsync(WorkflowActor.From(gridworker), buildingId, building.Version, new BuildingInput("并发测试楼", "旧地址", 8, building.Use, building.Lat, building.Lng));
        var firstHouse = await Houses.SaveAsync(WorkflowActor.From(supervisor), houseId, house.Version, new HouseInput(buildingId, "1单元", "101", HouseUse.Office, 60m));
        var staleHouse = await Houses.SaveAsync(WorkflowActor.From(gridworker), houseId, house.Version, new HouseInput(buildingId, "1单元", "101", HouseUse.Commercial, 60m));

        Assert.True(first.Ok && firstBuilding.Ok && firstHouse.Ok);
        Assert.All([second, staleBuilding, staleHouse], o => Assert.Equal(("", "Common.ChangedBySomeoneElse"), (Assert.Single(o.Errors).Field, o.Errors[0].Code)));
        Assert.Equal("先保存的名称", (await RecordAsync<LegalEntity>(entity.Id)).Name);
        Assert.Equal("新地址", (await RecordAsync<Building>(buildingId)).Address);
        Assert.Equal(HouseUse.Office, (await RecordAsync<House>(houseId)).Use);
        Assert.Equal(2, (await ChangesAsync(nameof(LegalEntity), entity.Id)).Count);
    }
}
