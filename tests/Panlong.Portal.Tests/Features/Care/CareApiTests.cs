using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Portal.Features.Care;
using Panlong.Workflows.Care;

namespace Panlong.Portal.Tests.Features.Care;

/// <summary>
/// The care plans' API and export on the demo portal (docs/decisions/0087-care-plans.md): the demo grid worker's plans reach only
/// roles their kinds name whose scope covers 东庄社区, masked, each read audited.
/// </summary>
[Collection(nameof(PortalCollection))]
public class CareApiTests(PortalFactory portal)
{
    [Fact]
    public async Task List_ByRoleAndScope_ShowsOnlyTheKindsTheRoleIsNamedFor()
    {
        var ours = await ListAsync("gridworker");
        Assert.Equal(4, ours.Count);
        Assert.All(ours, p => Assert.Contains("*", p.IdMasked, StringComparison.Ordinal));
        Assert.Equal(4, (await ListAsync("leader")).Count);
        // Gated in but not covering the community (a department's approver): nothing.
        Assert.Empty(await ListAsync("approver"));
        // A dispatcher is not among the roles care plans are for (CareSettings.Readers): refused, as a resident is.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await portal.SignedInAsync("dispatcher")).GetAsync("/api/care/plans")).StatusCode);
        // Not gated in at all.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await portal.SignedInAsync("resident")).GetAsync("/api/care/plans")).StatusCode);
    }

    [Fact]
    public async Task Export_AsCsv_IsMaskedAndAudited()
    {
        var response = await (await portal.SignedInAsync("gridworker")).GetAsync("/api/care/plans.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains("*", l, StringComparison.Ordinal));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == CareService.ExportAudit));
    }

    private async Task<IReadOnlyList<CarePlanItem>> ListAsync(string user) =>
        (await (await portal.SignedInAsync(user)).GetFromJsonAsync<List<CarePlanItem>>("/api/care/plans"))!;
}
