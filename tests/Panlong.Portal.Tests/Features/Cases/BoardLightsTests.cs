using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Cases;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>
/// The board's lights counted by the database (docs/decisions/0050-city-scale-counts.md) are the lights coloured one case at a
/// time in memory, under the seeded calendar (holidays, make-up days, the lunch break), for deadlines of every kind and
/// moments of every kind: in working hours, at lunch, at the end of the day, at a weekend, in a holiday.
/// </summary>
public class BoardLightsTests
{
    private static readonly DateTimeOffset Anchor = ChinaTime.At(new DateTime(2026, 10, 9, 10, 30, 0));

    public static readonly TheoryData<DatabaseProvider> Providers = [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Count_GeneratedStepsAroundTheCalendar_EqualsTheLightsColouredOneByOne(DatabaseProvider provider)
    {
        await using var database = TestDatabase.For(provider, services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        var calendar = await database.Get<CalendarProvider>().GetAsync();
        var steps = await GenerateAsync(database.Factory, calendar, 3_000);

        DateTimeOffset[] moments =
        [
            Anchor, Anchor.AddHours(2), Anchor.AddHours(3.5), Anchor.AddHours(7), Anchor.AddHours(7).AddTicks(1), Anchor.AddDays(1),
            ChinaTime.At(new DateTime(2026, 10, 3, 11, 0, 0)), ChinaTime.At(new DateTime(2026, 10, 12, 9, 0, 0)), Anchor.AddDays(-200).AddMinutes(7),
        ];
        foreach (var now in moments)
        {
            await using var db = await database.Factory.CreateDbContextAsync();
            var counted = await BoardLights.CountAsync(db.Cases.Where(c => c.Status == CaseStatus.Open), calendar, now);

            var coloured = steps.Select(s => TrafficLights.For(calendar, s.Start, s.Due, now)).ToList();
            Assert.Equal((coloured.Count(l => l == TrafficLight.Green), coloured.Count(l => l == TrafficLight.Yellow), coloured.Count(l => l == TrafficLight.Red)),
                (counted.Green, counted.Yellow, counted.Red));
            // Most cases are decided by their band pair; only those near the 80 % line are read.
            Assert.InRange(counted.Read, 0, steps.Count / 2);
        }
    }

    /// <summary>Open cases whose steps started within the last year and a bit, due by every rule a deadline is made with.</summary>
    private static async Task<List<(DateTimeOffset Start, DateTimeOffset Due)>> GenerateAsync(IDbContextFactory<PanlongDbContext> factory, WorkingCalendar calendar, int count)
    {
        var random = new Random(17);
        await using var db = await factory.CreateDbContextAsync();
        var cases = await GeneratedCases.InFirstGridAsync(db);
        var steps = new List<(DateTimeOffset Start, DateTimeOffset Due)>();
        for (var i = 0; i < count; i++)
        {
            var start = Anchor.AddMinutes(-random.Next(0, 400 * 24 * 60)).AddSeconds(random.Next(0, 60));
            var due = (i % 6) switch
            {
                0 => calendar.AddWorkingTime(start, TimeSpan.FromMinutes(random.Next(1, 60 * 120))),
                1 => calendar.AddWorkingDays(start, random.Next(1, 40)),
                2 => start.AddMinutes(random.Next(0, 60 * 24 * 90)),
                3 => calendar.AddWorkingTime(start, TimeSpan.FromHours(random.Next(1, 4))),
                4 => i % 12 == 4 ? start : start.AddMinutes(-random.Next(1, 600)),
                _ => calendar.AddWorkingTime(start, TimeSpan.FromDays(random.Next(1, 300))),
            };
            steps.Add((start, due));
            db.Cases.Add(cases.Make($"AJ-LIGHT-{i:D5}", start, due));
        }
        // A closed case and an open one without a deadline are not lights.
        db.Cases.Add(cases.Make("AJ-LIGHT-CLOSED", Anchor.AddDays(-30), Anchor.AddDays(-29), CaseStatus.Closed));
        db.Cases.Add(cases.Make("AJ-LIGHT-UNTIMED", Anchor.AddDays(-30), null));
        await db.SaveChangesAsync();
        return steps;
    }
}
