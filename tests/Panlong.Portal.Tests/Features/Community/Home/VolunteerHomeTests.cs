using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Registry;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;
using static Panlong.Portal.Tests.Features.Community.CommunityAccounts;

namespace Panlong.Portal.Tests.Features.Community.Home;

/// <summary>
/// The volunteer's home (issue 18 part 8, docs/decisions/0061-volunteer-home-and-community-desk.md) over the demo portal: a
/// volunteer of 东庄社区 with a grabbed order, beans, offered orders and a signed-up activity, each made through the real services.
/// </summary>
[Collection(nameof(PortalCollection))]
public class VolunteerHomeTests(PortalFactory portal)
{
    /// <summary>文体: no demo order or other test posts for it, so the offers are this test's own.</summary>
    private const int Culture = 7;

    private async Task<PanlongDbContext> DbAsync() => await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Home_OfAVolunteer_ShowsTheirOrderNextStep_NearestOffersMasked_Beans_Activities_AndTheCard()
    {
        var (userName, volunteer, code) = await VolunteerAsync(portal, "home.volunteer", withHouse: true, Culture);
        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        var orders = portal.Services.GetRequiredService<ServiceOrderService>();
        var requesters = await RequestersAsync(volunteer.UserId!, 3);
        var tomorrow = ChinaTime.StartOf(ChinaTime.Today(TimeProvider.System).AddDays(1));
        var posted = new List<long>();
        foreach (var (person, i) in requesters.Select((p, i) => (p, i)))
        {
            var result = await orders.PostAsync(staff, new ServiceOrderForm(Culture, person.Id, tomorrow.AddHours(9 + i), tomorrow.AddHours(11 + i), "陪老人下棋、读报"));
            Assert.True(result.Ok, result.Problem);
            posted.Add(result.Id!.Value);
        }
        Assert.True((await orders.GrabAsync(posted[0], volunteer)).Ok);
        var ledger = portal.Services.GetRequiredService<PointLedger>();
        Assert.Equal(PointOutcome.Done, (await ledger.AwardAsync(code, 30, null, new PointSource("order", $"home-test-{posted[0]}"), "主页测试奖励", DateTimeOffset.UtcNow)).Outcome);
        var (mine, open) = await ActivitiesAsync(staff, volunteer);

        var page = await PageAsync(userName);

        var grabbed = page.QuerySelector($"[data-testid=home-order][data-order='{posted[0]}']")!;
        Assert.Equal("已接单", grabbed.QuerySelector("[data-testid=home-order-status]")!.TextContent.Trim());
        Assert.Contains("签到", grabbed.QuerySelector("[data-testid=home-order-next]")!.TextContent, StringComparison.Ordinal);
        var nearby = portal.Services.GetRequiredService<ServiceOrderQueries>();
        var expected = await nearby.NearbyAsync(volunteer.UserId, int.MaxValue);
        Assert.Equal(posted[1..].Order(), expected.Select(o => o.Card.Id).Where(posted.Contains).Order());
        Assert.True(expected.All(o => o.Meters is not null), "the volunteer has a house: every offer has a distance");
        Assert.Equal(expected.Select(o => o.Meters).Order(), expected.Select(o => o.Meters));
        var shown = page.QuerySelectorAll("[data-testid=home-nearby] [data-testid=order-card]");
        Assert.Equal(expected.Take(3).Select(o => $"{o.Card.Id}"), shown.Select(c => c.GetAttribute("data-order")));
        var nameOf = posted.Zip(requesters).ToDictionary(x => $"{x.First}", x => x.Second.Name);
        foreach (var card in shown.Where(c => nameOf.ContainsKey(c.GetAttribute("data-order")!)))
        {
            var name = nameOf[card.GetAttribute("data-order")!];
            Assert.Equal(PersonalDataMask.Name(name), card.QuerySelector("[data-testid=order-requester]")!.TextContent.Trim());
            Assert.DoesNotContain(name, card.TextContent, StringComparison.Ordinal);
        }
        Assert.Equal("30", page.QuerySelector("[data-testid=home-points-balance]")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll("[data-testid=home-points-row]"), r => r.TextContent.Contains("主页测试奖励", StringComparison.Ordinal) && r.TextContent.Contains("+30", StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector($"[data-testid=home-activity-mine][data-activity='{mine}']"));
        Assert.NotNull(page.QuerySelector($"[data-testid=home-activity-open][data-activity='{open}']"));
        Assert.Null(page.QuerySelector($"[data-testid=home-activity-open][data-activity='{mine}']"));
        Assert.Equal(code, page.QuerySelector("[data-testid=volunteer-code]")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#volunteer-my-card"));
        Assert.NotNull(page.QuerySelector("[data-testid=volunteer-qr] svg"));
    }

    [Fact]
    public async Task Home_OfAResidentNotYetVolunteering_ShowsTheApplicationFormOnly()
    {
        var (userName, _) = await ResidentAsync(portal, "home.resident");

        var page = await PageAsync(userName);

        Assert.NotNull(page.QuerySelector("[data-testid=volunteer-apply]"));
        Assert.Null(page.QuerySelector("[data-testid=volunteer-home]"));
    }

    private async Task<IDocument> PageAsync(string userName)
    {
        var client = await portal.SignedInAsync(userName);
        return new HtmlParser().ParseDocument(await client.GetStringAsync("/volunteer"));
    }

    /// <summary>People of 东庄社区 with a registered house other than the volunteer's, for orders posted on their behalf.</summary>
    private async Task<List<(long Id, string Name)>> RequestersAsync(string volunteerUserId, int count)
    {
        await using var db = await DbAsync();
        var own = await db.Volunteers.Where(v => v.UserId == volunteerUserId).Select(v => v.PersonId).SingleAsync();
        var people = await db.People.Where(p => p.IsDemo && p.HouseId != null && p.ScopePath.Contains(Dongzhuang) && p.Id != own)
            .OrderBy(p => p.Id).Take(count).Select(p => new { p.Id, p.Name }).ToListAsync();
        return people.Select(p => (p.Id, p.Name)).ToList();
    }

    /// <summary>Two activities the day after tomorrow: one the volunteer helps at (signed up through the service), one still open.</summary>
    private async Task<(long Mine, long Open)> ActivitiesAsync(WorkflowActor staff, WorkflowActor volunteer)
    {
        var activities = portal.Services.GetRequiredService<ActivityService>();
        var start = ChinaTime.StartOf(ChinaTime.Today(TimeProvider.System).AddDays(2)).AddHours(15);
        async Task<long> PublishAsync(string title) =>
            (await activities.PublishAsync(staff, new ActivityDraft(title, ActivityKind.SmallCulture, "主页测试", "东庄社区活动室", null, start, start.AddHours(2), 10,
                new Dictionary<int, int> { [Culture] = 2 }))).Id!.Value;
        var mine = await PublishAsync("主页测试：象棋角");
        var open = await PublishAsync("主页测试：小书屋");
        var signedUp = await portal.Services.GetRequiredService<ActivitySignUps>().SignUpAsync(volunteer, mine, Culture);
        Assert.True(signedUp.Ok, signedUp.Problem);
        return (mine, open);
    }
}
