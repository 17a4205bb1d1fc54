using System.Text.Json;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Services;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Services;

/// <summary>Issue 16 (12): a 不满意 chosen on the application page is not sent with five stars the applicant never gave.</summary>
[Collection(nameof(PortalCollection))]
public class RatingPageTests : PortalComponentTest
{
    private readonly PortalFactory _portal;

    public RatingPageTests(PortalFactory portal)
    {
        _portal = portal;
        UsePortal(portal, typeof(ApplicationQueries), typeof(ApplicationService), typeof(MaterialStore));
    }

    private async Task<string> FinishedApplicationAsync()
    {
        var applications = _portal.Services.GetRequiredService<ApplicationService>();
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var resident = await db.Users.SingleAsync(u => u.UserName == "resident");
        var form = new Dictionary<string, string?>
        {
            ["name"] = resident.DisplayName, ["idNumber"] = _portal.Services.GetRequiredService<PersonalDataProtector>().Decrypt(resident.IdCipher!), ["phone"] = "13800007777",
        };
        var result = await applications.SubmitAsync(new ApplicationInput("GG-00304", form, "530103001", null),
            WorkflowActor.From(await _portal.PrincipalAsync("resident")));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        Assert.Equal(ApplicationActOutcome.Done, (await applications.ActAsync(result.Number!, ApprovalContract.Accept, WorkflowActor.From(await _portal.PrincipalAsync("clerk")), null)).Outcome);
        Assert.Equal(ApplicationActOutcome.Done, (await applications.ActAsync(result.Number!, ApprovalContract.Approve, WorkflowActor.From(await _portal.PrincipalAsync("approver.tuodong")), null)).Outcome);
        return result.Number!;
    }

    [Fact]
    public async Task Dissatisfied_ChosenWithoutTouchingTheStars_IsStoredWithTheStarsOfThatLevel()
    {
        var number = await FinishedApplicationAsync();
        SignInAs(await _portal.PrincipalAsync("resident"));
        var page = Render<ApplicationPage>(p => p.Add(x => x.Number, number));
        page.WaitForElement("[data-testid=rating-form]");

        page.Find("[data-testid=rating-2]").Click();
        page.Find("[data-testid=rating-comment]").Input("窗口等候太久");
        page.Find("[data-testid=rating-submit]").Click();
        page.WaitForElement("[data-testid=application-rating]");

        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var rating = await db.ServiceRatings.SingleAsync(r => r.Application!.Number == number);
        Assert.Equal(2, rating.Level);
        var stars = JsonSerializer.Deserialize<Dictionary<string, int>>(rating.Dimensions, ServiceItem.Json)!;
        Assert.All(ServiceRating.DimensionNames, d => Assert.Equal(2, stars[d]));
    }
}
