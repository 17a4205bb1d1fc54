using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Providers;
using Panlong.Workflows.Demo;

namespace Panlong.Workflows.Tests.Demo;

/// <summary>
/// <c>generate-registry</c> after the quick start: the sample registry is replaced by the district's only when nothing else
/// refers to it; otherwise nothing is deleted and the command says what to do (it used to stop with a foreign-key error).
/// </summary>
public class RegistryGeneratorTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Generate_WhenOtherDemoDataRefersToTheSample_DeletesNothingAndSaysWhatToDo(DatabaseProvider provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var database = await CaseGeneratorTests.DatabaseAsync(provider, clock);
        // The quick start's sample registry, by the generator the start-up seeding calls.
        await database.Get<RegistryGenerator>().GenerateAsync(RegistryScale.Sample, replace: false);
        int people;
        await using (var db = await database.Factory.CreateDbContextAsync())
        {
            people = await db.People.CountAsync(p => p.IsDemo);
            Assert.Equal(RegistryScale.Sample.People, people);
            // As the quick start's demo service orders do: one order for a sample resident at their house.
            var resident = await db.People.Where(p => p.IsDemo && p.HouseId != null).Select(p => new { p.Id, HouseId = p.HouseId!.Value }).FirstAsync();
            var house = await db.Houses.Where(h => h.Id == resident.HouseId).Select(h => new { h.BuildingId, h.ScopePath }).SingleAsync();
            db.ServiceOrders.Add(new ServiceOrder
            {
                CommunityCode = "530103002001", ScopePath = house.ScopePath, SkillId = await db.VolunteerSkills.Select(s => s.Id).FirstAsync(),
                PersonId = resident.Id, HouseId = resident.HouseId, BuildingId = house.BuildingId, Description = "代买药品",
                PostedByUserId = "test", PostedByName = "测试", PostedAt = clock.GetUtcNow(), WindowStart = clock.GetUtcNow(), WindowEnd = clock.GetUtcNow().AddHours(2),
            });
            await db.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<StartupConfigurationException>(() => database.Get<RegistryGenerator>().GenerateAsync(RegistryScale.District));

        Assert.Contains("未做任何删除", refused.Message, StringComparison.Ordinal);
        Assert.Contains("generate-registry on a new database", refused.Message, StringComparison.Ordinal);
        await using var after = await database.Factory.CreateDbContextAsync();
        Assert.Equal(people, await after.People.CountAsync(p => p.IsDemo));
        Assert.Equal(1, await after.ServiceOrders.CountAsync());
    }
}
