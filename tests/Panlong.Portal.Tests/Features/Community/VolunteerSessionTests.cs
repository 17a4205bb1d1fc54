using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Community;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.Sessions;
using Panlong.Workflows.Community;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Community;

/// <summary>
/// ADR 52's open end: a resident approved as a volunteer while signed in kept their old roles until they signed in again.
/// The approval now renews the account's stamp, so the old session fails its next check (ADR 25) and the new sign-in has the role.
/// </summary>
[Collection(nameof(PortalCollection))]
public class VolunteerSessionTests(PortalFactory portal)
{
    [Fact]
    public async Task Approval_WhileSignedIn_EndsTheSessionWithTheOldRoles_AndTheNextSignInCarriesTheVolunteerRole()
    {
        var (userName, userId) = await CommunityAccounts.ResidentAsync(portal, "vol.session");
        var client = await portal.SignedInAsync(userName);
        // The menu's 我的待办 (/tasks) is a volunteer's entry, not a resident's.
        Assert.DoesNotContain("href=\"/tasks\"", await client.GetStringAsync("/"), StringComparison.Ordinal);

        await ApproveAsync(userId);
        await ForgetCachedChecksAsync(userId);
        var old = await client.GetAsync("/volunteer");
        var again = await (await portal.SignedInAsync(userName)).GetStringAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Contains("/account/login", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("href=\"/tasks\"", again, StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.Contains(SessionEndReasons.AccountChanged, await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt != null).Select(s => s.EndReason).ToListAsync());
    }

    /// <summary>The stamp alone was seen only when the cached check ran out (30 s; an open circuit's check every minute): the old roles worked meanwhile.</summary>
    [Fact]
    public async Task Approval_WhileSignedIn_EndsTheOpenSessionAtOnce()
    {
        var (userName, userId) = await CommunityAccounts.ResidentAsync(portal, "vol.at-once");
        var client = await portal.SignedInAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/volunteer")).StatusCode);

        await ApproveAsync(userId);
        var old = await client.GetAsync("/volunteer");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
    }

    [Fact]
    public async Task Suspension_WhileSignedIn_EndsTheVolunteersOpenSessionAtOnce()
    {
        var (userName, userId) = await CommunityAccounts.ResidentAsync(portal, "vol.suspended");
        await ApproveAsync(userId);
        var client = await portal.SignedInAsync(userName);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/volunteer/orders")).StatusCode);

        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync())
        {
            var volunteer = await db.Volunteers.Where(v => v.UserId == userId).Select(v => v.Id).SingleAsync();
            Assert.True((await portal.Services.GetRequiredService<VolunteerService>().SetStatusAsync(volunteer, VolunteerStatus.Suspended, "多次爽约", staff)).Ok);
        }
        var old = await client.GetAsync("/volunteer/orders");

        Assert.Equal(HttpStatusCode.Redirect, old.StatusCode);
        Assert.Contains("/account/login", old.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    /// <summary>The check caches a session's account for 30 s; the test skips the wait as if it had passed.</summary>
    private async Task ForgetCachedChecksAsync(string userId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var cache = portal.Services.GetRequiredService<IMemoryCache>();
        foreach (var id in await db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null).Select(s => s.Id).ToListAsync())
        {
            cache.Remove(id);
        }
    }

    private async Task ApproveAsync(string userId)
    {
        var volunteers = portal.Services.GetRequiredService<VolunteerService>();
        var resident = new WorkflowActor(userId, "居民", new HashSet<string> { Roles.Resident }, DataScope.None);
        var applied = await volunteers.ApplyAsync(resident, new VolunteerForm([1], "周六上午", null));
        Assert.True(applied.Ok, applied.Problem);
        var staff = WorkflowActor.From(await portal.PrincipalAsync("approver.dongzhuang"));
        var decided = await volunteers.DecideAsync(applied.Id!.Value, VolunteerContract.Approve, staff, null);
        Assert.True(decided.Ok, decided.Problem);
    }
}
