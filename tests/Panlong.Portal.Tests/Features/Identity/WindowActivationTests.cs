using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Identity;
using Panlong.Workflows.Engine.Runtime;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>The second way to prove an account: a window clerk who sees the ID card in person activates it, audited.</summary>
[Collection(nameof(PortalCollection))]
public class WindowActivationTests(PortalFactory portal)
{
    private WindowActivation Activation => portal.Services.GetRequiredService<WindowActivation>();

    [Fact]
    public async Task Clerk_WithTheCardInHand_ActivatesTheAccount_AndItIsAudited()
    {
        // A number the registry does not hold: no code can be sent, the window is the only way.
        var id = ResidentIdNumber.Create("530103", new DateOnly(1975, 1, 1).AddDays(Random.Shared.Next(0, 9000)), Random.Shared.Next(100, 999));
        var user = $"w.{Guid.NewGuid():N}"[..16];
        using (var scope = portal.Services.CreateScope())
        {
            Assert.True((await scope.ServiceProvider.GetRequiredService<Registration>()
                .RegisterAsync(new(ApplicantKind.Person, user, "Dianchi#Lake26", "孙窗口", id, null), "127.0.0.1")).Accepted);
        }
        var clerk = WorkflowActor.From(await portal.PrincipalAsync("clerk"));
        var resident = WorkflowActor.From(await portal.PrincipalAsync("resident"));

        var (found, account) = await Activation.FindAsync(clerk, ApplicantKind.Person, id, "127.0.0.1");
        Assert.Equal((ActivationOutcome.Found, user), (found, account?.UserName));
        Assert.Null(account!.VerifiedAt);
        Assert.Equal(ActivationOutcome.NotAClerk, await Activation.ActivateAsync(resident, ApplicantKind.Person, id, "孙窗口", null));
        Assert.Equal(ActivationOutcome.NameMismatch, await Activation.ActivateAsync(clerk, ApplicantKind.Person, id, "孙别人", null));
        Assert.Equal(ActivationOutcome.Activated, await Activation.ActivateAsync(clerk, ApplicantKind.Person, id.ToLowerInvariant(), " 孙窗口 ", "127.0.0.1"));
        Assert.Equal(ActivationOutcome.AlreadyVerified, await Activation.ActivateAsync(clerk, ApplicantKind.Person, id, "孙窗口", null));

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user);
        Assert.NotNull(row.IdentityVerifiedAt);
        Assert.Equal($"窗口激活：{clerk.Name}", row.IdentityVerifiedBy);
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "Account.ActivateAtWindow" && a.Target == PersonalDataMask.IdNumber(id)).ToListAsync();
        Assert.Equal((clerk.UserId, "127.0.0.1"), (Assert.Single(audit).UserId, audit[0].IpAddress));
        Assert.Contains(user, audit[0].Detail, StringComparison.Ordinal);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.LookupAtWindow" && a.UserId == clerk.UserId && a.Target == PersonalDataMask.IdNumber(id)));
    }

    [Fact]
    public async Task ActivationPage_IsTheWindowClerks()
    {
        var clerk = await (await portal.SignedInAsync("clerk")).GetAsync("/window/activate");
        var resident = await (await portal.SignedInAsync("resident")).GetAsync("/window/activate");

        Assert.Equal(HttpStatusCode.OK, clerk.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, resident.StatusCode);
    }
}
