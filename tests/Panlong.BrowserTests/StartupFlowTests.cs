using Microsoft.EntityFrameworkCore;
using Panlong.Data.Organization;
using Panlong.Data.Providers;
using Panlong.Testing;
using Panlong.Workflows.Demo;

namespace Panlong.BrowserTests;

/// <summary>Real portal processes started as an operator starts several nodes (docs/operations.md); no browser needed.</summary>
public class StartupFlowTests
{
    // Two cold starts on a shared two-core machine, one after the other behind the start-up lock.
    private static readonly TimeSpan Readiness = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TwoNodes_StartingTogetherOnAnEmptyPostgresDatabase_BothComeUpWithOneCopyOfTheData()
    {
        // Disposed last: the database is dropped after both nodes have stopped.
        await using var database = TestDatabase.Postgres();
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings__Postgres"] = database.Settings.ConnectionString,
        };
        await using var first = PortalProcess.Start(settings);
        await using var second = PortalProcess.Start(settings);

        await Task.WhenAll(first.WaitUntilReadyAsync(Readiness), second.WaitUntilReadyAsync(Readiness));

        await using var db = await database.Factory.CreateDbContextAsync();
        Assert.Equal(DistrictPlan.Build().Count, await db.OrgUnits.CountAsync());
        Assert.Equal(1, await db.OrgUnits.CountAsync(u => u.Kind == OrgUnitKind.District));
        // The demo district (Development) was seeded once too, under the same lock: the demo accounts and the demo volunteers' own.
        Assert.Equal(DemoAccounts.All.Count + DemoVolunteers.Count, await db.Users.CountAsync());
    }
}
