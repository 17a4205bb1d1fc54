using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Panlong.Data.Audit;
using Panlong.Data.Community;
using Panlong.Data.Providers;
using Panlong.Data.Registry;
using Panlong.Testing;
using Panlong.Workflows.Community;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Engine.Definitions;

namespace Panlong.Workflows.Tests.Demo;

/// <summary>The demo activities (docs/decisions/0056-community-activities.md) are made through the services, once.</summary>
public class ActivityDemoTests
{
    [Fact]
    public async Task Seed_MakesPastAndComingActivitiesOfDongzhuangAndRenqiying_TheHelperOfThePastOneAttended_AndOnlyOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero));
        await using var database = TestDatabase.For(DatabaseProvider.Sqlite, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddSingleton(new PersonalDataProtector(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
            services.AddSingleton<AuditLog>();
            services.AddPanlongWorkflows().AddDemo();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DemoData.CasesKey] = "0" }).Build();

        await database.Get<DemoData>().SeedAsync(configuration);
        await ActivityDemo.SeedAsync(database.Services);

        await using var db = await database.Factory.CreateDbContextAsync();
        var activities = await db.Activities.AsNoTracking().ToListAsync();
        Assert.Equal(6, activities.Count);
        Assert.Contains(activities, a => a.CommunityCode == "530103001001" && a.StartsAt < clock.GetUtcNow());
        Assert.Contains(activities, a => a.Kind == ActivityKind.SmallCulture && a.CommunityCode != "530103001001" && a.StartsAt > clock.GetUtcNow());
        var attended = await db.ActivitySignUps.AsNoTracking().Where(s => s.CheckedInAt != null).ToListAsync();
        Assert.Equal(ActivityCheckIn.ByCard, Assert.Single(attended).CheckedInBy);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Topic == PointsInbox.ActivityAttendedTopic));
    }
}
