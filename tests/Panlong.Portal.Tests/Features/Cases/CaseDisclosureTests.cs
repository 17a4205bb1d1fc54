using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;
using Panlong.Workflows.Cases;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Issue 15 hole 8: a volunteer of the community sees its hotline cases without the caller and without what staff wrote.</summary>
[Collection(nameof(PortalCollection))]
public class CaseDisclosureTests(PortalFactory portal)
{
    private const string Caller = "刘来电";
    private const string InternalComment = "来电人系多次重复反映的市民，注意沟通方式";

    /// <summary>A hotline call about a 东庄社区 grid, taken by the district's acceptor and sent for verification with an internal comment.</summary>
    private async Task<(string Number, Guid Instance)> HotlineCaseAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        var cases = portal.Services.GetRequiredService<CaseService>();
        var acceptor = WorkflowActor.From(await portal.PrincipalAsync("acceptor"));
        var call = await cases.ReportAsync(new CaseReport(category, "市民来电：小区门口占道经营", grid.Lat, grid.Lng, null, Guid.NewGuid().ToString("N"),
            CallerName: Caller, CallerPhone: "13812345678"), acceptor);
        var sent = await cases.ActAsync(call.Number!, CaseLoopContract.SendToVerify, acceptor, new FireInput(InternalComment));
        Assert.Equal(CaseActOutcome.Done, sent.Outcome);
        return (call.Number!, await db.Cases.Where(c => c.Number == call.Number).Select(c => c.InstanceId).SingleAsync());
    }

    [Fact]
    public async Task Volunteer_SeesTheCommunityHotlineCase_WithoutTheCallerOrInternalComments()
    {
        var (number, instance) = await HotlineCaseAsync();
        var volunteer = await portal.SignedInAsync("volunteer");

        var page = await volunteer.GetAsync($"/cases/{number}");
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        var api = JsonDocument.Parse(await volunteer.GetStringAsync($"/api/cases/{number}")).RootElement;
        var history = WebUtility.HtmlDecode(await volunteer.GetStringAsync($"/processes/{instance}"));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("小区门口占道经营", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Caller, html, StringComparison.Ordinal);
        Assert.DoesNotContain("138****5678", html, StringComparison.Ordinal);
        Assert.DoesNotContain(InternalComment, html, StringComparison.Ordinal);
        Assert.All(api.GetProperty("steps").EnumerateArray(), s => Assert.Equal(JsonValueKind.Null, s.GetProperty("comment").ValueKind));
        Assert.Contains("instance-history", history, StringComparison.Ordinal);
        Assert.DoesNotContain(InternalComment, history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispatcher_SeesTheCallerAndTheComments()
    {
        var (number, _) = await HotlineCaseAsync();
        var dispatcher = await portal.SignedInAsync("dispatcher");

        var html = WebUtility.HtmlDecode(await dispatcher.GetStringAsync($"/cases/{number}"));
        var api = await dispatcher.GetStringAsync($"/api/cases/{number}");

        Assert.Contains(Caller, html, StringComparison.Ordinal);
        Assert.Contains("138****5678", html, StringComparison.Ordinal);
        Assert.Contains(InternalComment, html, StringComparison.Ordinal);
        Assert.Contains(InternalComment, api, StringComparison.Ordinal);
    }
}
