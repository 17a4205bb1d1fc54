using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Maps;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;

namespace Panlong.Workflows.Demo;

/// <summary>How much demo registry data to make, in how many communities.</summary>
public sealed record RegistryScale(int Communities, int Buildings, int Houses, int People, int Entities)
{
    /// <summary>The article's 17 pilot communities: 3,767 buildings, 95,962 houses, 133,364 people, 3,846 legal entities.</summary>
    public static readonly RegistryScale District = new(17, 3767, 95962, 133364, 3846);

    /// <summary>What the quick start seeds: one community (东庄社区).</summary>
    public static readonly RegistryScale Sample = new(1, 24, 480, 660, 24);

    /// <summary>
    /// <paramref name="factor"/> times as many buildings, houses, people and entities in the same communities, so every
    /// grid holds <paramref name="factor"/> times its people (a city's volume on the district's map, issue 17).
    /// </summary>
    public RegistryScale Times(int factor) => factor < 1
        ? throw new ArgumentOutOfRangeException(nameof(factor), "The scale factor is at least 1.")
        : new(Communities, Buildings * factor, Houses * factor, People * factor, Entities * factor);
}

public sealed record RegistryCounts(int Buildings, int Houses, int People, int Entities, long ElapsedMs);

/// <summary>
/// Fills the registries with invented but valid records (GB 11643 IDs, GB 32100 codes) tied to real grids, with
/// positions inside each grid's polygon. Runs once: a second run finds the demo data and adds nothing.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Seeded, repeatable demo data; nothing secret is drawn from it.")]
public sealed class RegistryGenerator(IDbContextFactory<PanlongDbContext> dbFactory, PersonalDataProtector protector, TimeProvider clock)
{
    private const int Batch = 4000;
    private static readonly string[] FloatingRegions = ["530102", "530111", "530112", "530113", "530114", "532301", "530302", "532502", "510104", "430102"];
    private static readonly string[] Ethnicities = ["汉族", "汉族", "汉族", "汉族", "汉族", "汉族", "彝族", "白族", "回族", "哈尼族", "傣族", "苗族"];
    private static readonly string[] EntityTypes = ["有限责任公司", "个体工商户", "个体工商户", "股份有限公司", "社会组织", "机关事业单位"];
    private static readonly string[] Trades = ["商贸", "餐饮", "物业服务", "建筑工程", "文化传媒", "医药", "汽车维修", "家政服务", "教育咨询", "科技"];
    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /// <param name="replace">Replace demo data of another scale (the command line); false leaves any demo data alone (start-up).</param>
    public async Task<RegistryCounts> GenerateAsync(RegistryScale scale, IProgress<string>? progress = null, bool replace = true, CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        await using (var check = await dbFactory.CreateDbContextAsync(ct))
        {
            var existing = await check.People.CountAsync(p => p.IsDemo, ct);
            if (existing == scale.People || (existing > 0 && !replace))
            {
                progress?.Report("演示登记数据已存在，未重复生成。");
                return new RegistryCounts(0, 0, 0, 0, watch.ElapsedMilliseconds);
            }
            if (existing > 0)
            {
                // Another scale (the quick start's sample before the district run): demo data is replaced, never mixed.
                progress?.Report("删除原有演示登记数据……");
                await DeleteDemoAsync(check, ct);
            }
        }
        var random = new Random(20260103);
        var people = new DemoPeople(133364);
        var now = clock.GetUtcNow();
        List<OrgUnit> grids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var communities = await db.OrgUnits.AsNoTracking()
                .Where(u => u.Kind == OrgUnitKind.Community && u.AreaClass == AreaClass.Urban)
                .OrderBy(u => u.Code).Take(scale.Communities).Select(u => u.Id).ToListAsync(ct);
            grids = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Grid && communities.Contains(u.ParentId!.Value))
                .OrderBy(u => u.Code).ToListAsync(ct);
        }

        // Buildings, spread evenly over the grids, each at a random point inside its grid.
        var buildings = new List<Building>(scale.Buildings);
        for (var i = 0; i < scale.Buildings; i++)
        {
            var grid = grids[i % grids.Count];
            var envelope = GeoJsonPolygon.Read(grid.Boundary!).EnvelopeInternal;
            var number = i / grids.Count + 1;
            buildings.Add(new Building
            {
                Name = $"{grid.Name.Replace("网格", "", StringComparison.Ordinal)}{number}号楼",
                Address = $"{grid.Name.Replace("网格", "", StringComparison.Ordinal)}{number}号",
                Floors = random.Next(2, 33),
                Use = random.Next(10) switch { < 7 => BuildingUse.Residential, 7 => BuildingUse.Mixed, 8 => BuildingUse.Commercial, _ => BuildingUse.Public },
                Lat = Math.Round(envelope.MinY + (random.NextDouble() * 0.9 + 0.05) * envelope.Height, 6),
                Lng = Math.Round(envelope.MinX + (random.NextDouble() * 0.9 + 0.05) * envelope.Width, 6),
                GridId = grid.Id,
                ScopePath = grid.ScopePath,
                IsDemo = true,
                UpdatedAt = now,
            });
        }
        await InsertAsync(buildings, "建筑物", progress, ct);

        // Houses: each building gets its share, numbered by unit and room.
        var houses = new List<House>(scale.Houses);
        var perBuilding = DistrictPlan.Spread(scale.Houses, buildings.Count);
        for (var b = 0; b < buildings.Count; b++)
        {
            var building = buildings[b];
            var perFloor = Math.Max(1, (int)Math.Ceiling(perBuilding[b] / (double)building.Floors));
            for (var h = 0; h < perBuilding[b]; h++)
            {
                var floor = h / perFloor + 1;
                houses.Add(new House
                {
                    BuildingId = building.Id,
                    Unit = $"{h % 3 + 1}单元",
                    Room = $"{floor}{h % perFloor + 1:00}",
                    Use = building.Use == BuildingUse.Commercial ? HouseUse.Commercial : h % 20 == 0 ? HouseUse.Office : HouseUse.Residential,
                    Area = Math.Round((decimal)(40 + random.NextDouble() * 110), 2),
                    GridId = building.GridId,
                    ScopePath = building.ScopePath,
                    IsDemo = true,
                    UpdatedAt = now,
                });
            }
        }
        await InsertAsync(houses, "房屋", progress, ct);

        // People: spread over the houses, valid and unique ID numbers; most registered here, some floating.
        var ids = new HashSet<string>();
        var perHouse = DistrictPlan.Spread(scale.People, houses.Count);
        var batch = new List<Person>(Batch);
        var made = 0;
        for (var h = 0; h < houses.Count; h++)
        {
            for (var p = 0; p < perHouse[h]; p++)
            {
                var floating = random.Next(5) == 0;
                string id;
                do
                {
                    var birth = new DateOnly(1935, 1, 1).AddDays(random.Next(0, 32000));
                    id = ResidentIdNumber.Create(floating ? FloatingRegions[random.Next(FloatingRegions.Length)] : "530103", birth, random.Next(1, 1000));
                }
                while (!ids.Add(id));
                var age = 2026 - int.Parse(id[6..10], System.Globalization.CultureInfo.InvariantCulture);
                var groups = SpecialGroups.None;
                if (age >= 70 && random.Next(8) == 0)
                {
                    groups |= SpecialGroups.LivingAlone;
                }
                if (random.Next(50) == 0)
                {
                    groups |= SpecialGroups.Disabled;
                }
                if (random.Next(40) == 0)
                {
                    groups |= SpecialGroups.LowIncome;
                }
                if (random.Next(300) == 0)
                {
                    groups |= SpecialGroups.KeyPerson;
                }
                var person = new Person { Name = "", IdCipher = "", IdHash = "", IdMasked = "", GridId = houses[h].GridId, ScopePath = houses[h].ScopePath, HouseId = houses[h].Id, IsDemo = true, UpdatedAt = now };
                PersonRules.Apply(person, new PersonInput(people.NextName(), id, random.Next(10) < 7 ? people.NextMobile() : null,
                    Ethnicities[random.Next(Ethnicities.Length)], floating ? HouseholdType.Floating : HouseholdType.Registered, groups), protector);
                batch.Add(person);
                if (batch.Count == Batch)
                {
                    made += await InsertAsync(batch, null, null, ct);
                    progress?.Report($"人口：{made:N0} / {scale.People:N0}");
                    batch.Clear();
                }
            }
        }
        made += await InsertAsync(batch, null, null, ct);
        progress?.Report($"人口：{made:N0} / {scale.People:N0}");

        // Legal entities in the buildings, with valid unique credit codes.
        var codes = new HashSet<string>();
        var entities = new List<LegalEntity>(scale.Entities);
        for (var e = 0; e < scale.Entities; e++)
        {
            var building = buildings[random.Next(buildings.Count)];
            var type = EntityTypes[random.Next(EntityTypes.Length)];
            string code;
            do
            {
                var organization = new string(Enumerable.Range(0, 9).Select(_ => CodeAlphabet[random.Next(CodeAlphabet.Length)]).ToArray());
                code = SocialCreditCode.Create(type == "个体工商户" ? '2' : '1', "530103", organization);
            }
            while (!codes.Add(code));
            var trade = Trades[random.Next(Trades.Length)];
            entities.Add(new LegalEntity
            {
                Name = type == "个体工商户" ? $"盘龙区{people.NextName()}{trade}店" : $"昆明{people.NextName()[1..]}{trade}{type}",
                CreditCode = code,
                EntityType = type,
                LegalRepresentative = people.NextName(),
                Address = building.Address,
                BuildingId = building.Id,
                GridId = building.GridId,
                ScopePath = building.ScopePath,
                IsDemo = true,
                UpdatedAt = now,
            });
        }
        await InsertAsync(entities, "法人单位", progress, ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // Fresh statistics after a bulk load, or the planner guesses.
            if (!db.Database.IsSqlServer())
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE", ct);
            }
        }
        return new RegistryCounts(buildings.Count, houses.Count, made, entities.Count, watch.ElapsedMilliseconds);
    }

    private async Task<int> InsertAsync<T>(IReadOnlyList<T> rows, string? label, IProgress<string>? progress, CancellationToken ct)
        where T : class
    {
        for (var start = 0; start < rows.Count; start += Batch)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            db.Set<T>().AddRange(rows.Skip(start).Take(Batch));
            await db.SaveChangesAsync(ct);
            if (label is not null)
            {
                progress?.Report($"{label}：{Math.Min(start + Batch, rows.Count):N0} / {rows.Count:N0}");
            }
        }
        return rows.Count;
    }

    /// <summary>
    /// Deletes the demo registry in one transaction. Other demo data that refers to it (the quick start's service orders,
    /// needs, volunteers…) is never deleted with it: then nothing is deleted and the command says what to do instead.
    /// </summary>
    private static async Task DeleteDemoAsync(PanlongDbContext db, CancellationToken ct)
    {
        try
        {
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                await db.People.Where(p => p.IsDemo).ExecuteDeleteAsync(ct);
                await db.LegalEntities.Where(e => e.IsDemo).ExecuteDeleteAsync(ct);
                await db.Houses.Where(h => h.IsDemo).ExecuteDeleteAsync(ct);
                await db.Buildings.Where(b => b.IsDemo).ExecuteDeleteAsync(ct);
                await transaction.CommitAsync(ct);
            });
        }
        catch (Exception ex) when (DatabaseErrors.IsReferenceViolation(ex))
        {
            throw new StartupConfigurationException(
                "演示登记数据已被其他演示数据（服务工单、需求、志愿者等）引用，未做任何删除。请在新的数据库上、门户首次启动之前运行 generate-registry。 " +
                "(Other demo data — service orders, needs, volunteers — refers to the demo registry, so nothing was deleted. Run generate-registry on a new database before the portal's first start.)", ex);
        }
    }
}
