using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Audit;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Audit;

[Collection(nameof(PortalCollection))]
public class AuditTargetsTests(PortalFactory portal)
{
    /// <summary>A case decision's row names the case by its category (the audit page broke on it: the category was not loaded).</summary>
    [Fact]
    public async Task CaseRow_NamesTheCaseByItsCategory_AndLinksToIt()
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => new { c.Id, c.Name }).SingleAsync();
        var inspector = new WorkflowActor("audit-targets-inspector", "赵巡查", new HashSet<string> { Roles.Inspector }, new DataScope("/530103/"));
        var number = (await portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category.Id, "人行道护栏倒伏", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), inspector)).Number!;
        var entry = new AuditEntry { Action = "Case.Urge", UserId = "u-leader", UserName = "leader", Target = number, At = DateTimeOffset.UtcNow };

        var row = (await AuditTargets.ResolveAsync(db, [entry], CancellationToken.None)).Single();

        Assert.Equal($"/cases/{number}", row.Target!.Href);
        Assert.Contains(category.Name, row.Target.Args);
    }
}
