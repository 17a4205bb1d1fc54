using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>A case the demo resident reports at the first grid of a region (category 14-01), for list, inbox and export tests.</summary>
public static class ResidentReports
{
    public static Task<string> ReportAsync(PortalFactory portal, string regionCode, string description) => ReportAsync(portal.Services, regionCode, description);

    /// <summary>The same through any host's services (e.g. one of two nodes).</summary>
    public static async Task<string> ReportAsync(IServiceProvider services, string regionCode, string description)
    {
        TestPlaces.GridPlace grid;
        int category;
        await using (var db = await services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            grid = await TestPlaces.GridAsync(db, regionCode);
            category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        }
        using var scope = services.CreateScope();
        var reporter = WorkflowActor.From(await PortalFactory.PrincipalAsync(scope, "resident"));
        var result = await services.GetRequiredService<CaseService>()
            .ReportAsync(new CaseReport(category, description, grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), reporter);
        return result.Number ?? throw new InvalidOperationException(string.Join(",", result.Errors.Values));
    }
}
