using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Issue 15 hole 8: /api/cases/nearby answers only cases the caller may open — no harvesting other areas' open cases.</summary>
[Collection(nameof(PortalCollection))]
public class CaseNearbyScopeTests(PortalFactory portal)
{
    [Fact]
    public async Task Nearby_ShowsAStreetsOpenCase_ToItsStaff_ButNotToAResidentOrAnotherStreet()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001002");
        var category = await db.CaseCategories.Where(c => c.Code == "11-01").Select(c => c.Id).SingleAsync();
        var supervisor = WorkflowActor.From(await portal.PrincipalAsync("supervisor"));
        var number = (await portal.Services.GetRequiredService<CaseService>().ReportAsync(
            new CaseReport(category, "小广告张贴在公交站台", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N")), supervisor)).Number!;
        var query = string.Create(CultureInfo.InvariantCulture, $"/api/cases/nearby?categoryId={category}&lat={grid.Lat}&lng={grid.Lng}");

        async Task<List<string>> NearbyAsync(string userName)
        {
            var client = await portal.SignedInAsync(userName);
            var rows = JsonDocument.Parse(await client.GetStringAsync(query)).RootElement;
            return rows.EnumerateArray().Select(r => r.GetProperty("number").GetString()!).ToList();
        }

        Assert.DoesNotContain(number, await NearbyAsync("resident"));
        Assert.DoesNotContain(number, await NearbyAsync("dispatcher.gulou"));
        Assert.Contains(number, await NearbyAsync("dispatcher.tuodong"));
    }
}
