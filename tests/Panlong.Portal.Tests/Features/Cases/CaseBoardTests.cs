using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Testing;
using Panlong.Workflows;
using Panlong.Workflows.Engine.Calendar;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Demo;
using Panlong.Workflows.Engine.Definitions;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

public class CaseBoardTests
{
    [Theory]
    [InlineData(47_199, 45_016, 95.4)]
    [InlineData(3, 2, 66.7)]
    [InlineData(8, 8, 100.0)]
    [InlineData(2_000, 1_999, 100.0)]   // 99.95 rounds up, half away from zero
    [InlineData(1_000, 0, 0.0)]
    public void ClosureRate_IsClosedOverReceived_ToOneDecimal(int received, int closed, double expected) =>
        Assert.Equal(expected, CaseFigures.ClosureRate(received, closed));

    [Fact]
    public void ClosureRate_WhenNothingIsReceived_IsNone() => Assert.Null(CaseFigures.ClosureRate(0, 0));

    [Fact]
    public async Task Board_CountsTheGeneratedYearFromTheDatabase_AndReads95Point4Percent()
    {
        await using var database = TestDatabase.Sqlite(services =>
        {
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
            services.AddPanlongWorkflows().AddDemo();
        });
        await database.MigratedAsync(seed: true);
        await database.Get<CalendarProvider>().SeedAsync();
        await database.Get<DefinitionStore>().SeedAsync();
        // A small year at the article's closure rate (45,016 / 47,199 and 62 / 65 both read 95.4 %): every case goes through
        // the loop (ADR 22), which is what this test pays for — 1,180 cases took 8 CPU-starved minutes of the test command.
        var counts = await database.Get<CaseGenerator>().GenerateAsync(65, 62);
        Assert.Equal((65, 62), (counts.Cases, counts.Closed));

        var queries = new CaseQueries(database.Factory, database.Get<DefinitionStore>(), database.Get<CalendarProvider>(), TimeProvider.System);
        var leader = new WorkflowActor("leader", "leader", new HashSet<string> { Roles.Leader }, new DataScope("/530103/"));
        var board = await queries.BoardAsync(leader);
        Assert.Equal((65, 62, 95.4), (board.ReceivedThisYear, board.ClosedThisYear, board.ClosureRate));
        Assert.Equal(counts.Open, board.ByState.Sum(s => s.Count));
        Assert.Equal(counts.Open, board.Green + board.Yellow + board.Red);

        // A street leader's board counts only the street's cases.
        var street = new WorkflowActor("l2", "l2", new HashSet<string> { Roles.Leader }, new DataScope("/530103/530103001/"));
        var streetBoard = await queries.BoardAsync(street);
        Assert.InRange(streetBoard.ReceivedThisYear, 1, 64);
    }
}
