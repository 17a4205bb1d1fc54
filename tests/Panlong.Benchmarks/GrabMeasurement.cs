using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Benchmarks;

/// <summary>
/// Issue 18's figure for 抢单: 50 volunteers of one community race for 1,000 open orders through the real
/// <see cref="ServiceOrderService.GrabAsync"/> — each reads the open orders, picks one of the first 20 at random and
/// grabs, until none is left. Counted, not assumed: orders won, grab events per order (a double assignment would be a
/// second one), refusals; timed: grabs per second (docs/decisions/0055-service-orders.md).
/// </summary>
public static class GrabMeasurement
{
    private const int Volunteers = 50;
    private const int Orders = 1_000;
    private const string Community = "530103001001";

    public static async Task<int> RunAsync(string provider)
    {
        await using var database = await SeededWorkflows.OpenAsync(Enum.Parse<DatabaseProvider>(provider, ignoreCase: true));
        var actors = await SeedAsync(database);
        var orders = database.Get<ServiceOrderService>();
        var (won, refused) = (0, new ConcurrentDictionary<string, int>());
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(actors.Select(actor => Task.Run(async () =>
        {
            while (true)
            {
                List<long> open;
                await using (var db = await database.Factory.CreateDbContextAsync())
                {
                    open = await db.ServiceOrders.AsNoTracking().Where(o => o.Status == ServiceOrderStatus.Open).OrderBy(o => o.Id).Take(20).Select(o => o.Id).ToListAsync();
                }
                if (open.Count == 0)
                {
                    return;
                }
                var result = await orders.GrabAsync(open[Random.Shared.Next(open.Count)], actor);
                if (result.Ok)
                {
                    Interlocked.Increment(ref won);
                }
                else
                {
                    refused.AddOrUpdate(result.Problem!, 1, (_, n) => n + 1);
                }
            }
        })));
        watch.Stop();
        await using var check = await database.Factory.CreateDbContextAsync();
        var assigned = await check.ServiceOrders.CountAsync(o => o.Status == ServiceOrderStatus.Assigned && o.AssigneeVolunteerId != null);
        var doubled = await check.ServiceOrderEvents.Where(e => e.Action == ServiceOrderActions.Grab).GroupBy(e => e.OrderId).CountAsync(g => g.Count() > 1);
        var attempts = won + refused.Values.Sum();
        Console.WriteLine($"{provider}: {Volunteers} volunteers, {Orders:N0} orders: {won:N0} grabs won of {attempts:N0} tried in {watch.Elapsed.TotalSeconds:N2} s " +
            $"= {won / watch.Elapsed.TotalSeconds:N0} grabs/s won ({attempts / watch.Elapsed.TotalSeconds:N0} tried/s); orders assigned {assigned:N0}, " +
            $"double assignments {doubled}; refusals {string.Join(", ", refused.Select(r => $"{r.Key} {r.Value}"))}; " +
            $"load {File.ReadAllText("/proc/loadavg").Trim()}");
        return assigned == Orders && won == Orders && doubled == 0 ? 0 : 1;
    }

    /// <summary>One requester's house and 1,000 open orders, and 50 housekeeping volunteers available every day — rows written directly (the race is what is measured).</summary>
    private static async Task<List<WorkflowActor>> SeedAsync(Testing.TestDatabase database)
    {
        await using var db = await database.Factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, Community);
        var gridPath = await db.OrgUnits.Where(u => u.Id == grid.Id).Select(u => u.ScopePath).SingleAsync();
        var communityPath = OrgPath.Parse(gridPath).Parent!.Value;
        var building = new Building { Name = "测试楼", Address = "拓东路 1 号", Lat = grid.Lat, Lng = grid.Lng, GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow };
        db.Buildings.Add(building);
        await db.SaveChangesAsync();
        var house = new House { BuildingId = building.Id, Unit = "1", Room = "101", GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow };
        db.Houses.Add(house);
        var person = new Person { Name = "王奶奶", IdCipher = "-", IdHash = "bench", IdMasked = "-", GridId = grid.Id, ScopePath = gridPath, UpdatedAt = DateTimeOffset.UtcNow,
            Groups = SpecialGroups.LivingAlone };
        db.People.Add(person);
        await db.SaveChangesAsync();
        var start = DateTimeOffset.UtcNow.AddDays(1);
        db.ServiceOrders.AddRange(Enumerable.Range(0, Orders).Select(i => new ServiceOrder
        {
            CommunityCode = Community, ScopePath = gridPath, SkillId = 4, PersonId = person.Id, HouseId = house.Id, BuildingId = building.Id, LivingAlone = true,
            WindowStart = start, WindowEnd = start.AddHours(2), Description = $"打扫卫生 {i}", PostedByUserId = "bench", PostedByName = "bench",
            PostedAt = DateTimeOffset.UtcNow, Version = Guid.NewGuid(),
        }));
        var actors = new List<WorkflowActor>();
        for (var i = 0; i < Volunteers; i++)
        {
            var userId = $"bench-volunteer-{i}";
            db.Volunteers.Add(new Volunteer
            {
                UserId = userId, PersonId = person.Id, CommunityCode = Community, ScopePath = communityPath, Code = VolunteerListener.NewCode(), Skills = "4",
                Availability = "每天 00:00-24:00", JoinedAt = DateTimeOffset.UtcNow,
            });
            actors.Add(new WorkflowActor(userId, $"志愿者{i}", new HashSet<string> { Roles.Volunteer }, DataScope.None));
        }
        await db.SaveChangesAsync();
        return actors;
    }
}
