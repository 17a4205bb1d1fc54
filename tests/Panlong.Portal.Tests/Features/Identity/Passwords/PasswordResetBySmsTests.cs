using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Services;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Identity.Passwords;
using Panlong.Workflows.Registry;

namespace Panlong.Portal.Tests.Features.Identity.Passwords;

/// <summary>Issue 15's password management: a forgotten password is reset with a code sent to the verified account's registry phone.</summary>
[Collection(nameof(PortalCollection))]
public class PasswordResetBySmsTests(PortalFactory portal)
{
    private const string First = "Dianchi#Lake26";
    private const string Next = "Erhai#Moon2027";

    private T Get<T>() where T : notnull => portal.Services.GetRequiredService<T>();

    /// <summary>A resident's account, registered and verified with the first code sent to the registry's phone.</summary>
    private async Task<(string UserName, RegisteredPerson Person)> VerifiedAccountAsync()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var user = $"r.{Guid.NewGuid():N}"[..16];
        using var scope = portal.Services.CreateScope();
        var registered = await scope.ServiceProvider.GetRequiredService<Registration>()
            .RegisterAsync(new(ApplicantKind.Person, user, First, person.Name, person.IdNumber, null), "127.0.0.1");
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);
        Assert.Equal(CodeOutcome.Verified, await Get<AccountVerifier>().ConfirmAsync(registered.Ticket!.Value, code, null));
        return (user, person);
    }

    [Fact]
    public async Task Reset_WithTheCodeSentToTheRegistryPhone_SetsTheNewPassword_EndsTheSessions_AndIsAudited()
    {
        var (user, person) = await VerifiedAccountAsync();
        var before = await portal.SignedInAsync(user, First);
        using var scope = portal.Services.CreateScope();
        var reset = scope.ServiceProvider.GetRequiredService<PasswordResetBySms>();

        var ticket = await reset.SendCodeAsync(user);
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone, nth: 2);
        var common = await reset.ResetAsync(ticket, code, "Panlong#2026", "127.0.0.1");
        var done = await reset.ResetAsync(ticket, code, Next, "127.0.0.1");
        var again = await reset.ResetAsync(ticket, code, "Cangshan#Snow28", "127.0.0.1");

        Assert.False(common.Ok);
        Assert.NotEmpty(common.Errors!);
        Assert.True(done.Ok, string.Join(" ", done.Errors ?? []) + done.ErrorKey);
        Assert.Equal("Forgot.Code.Expired", again.ErrorKey);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var account = (await users.FindByNameAsync(user))!;
        Assert.True(await users.CheckPasswordAsync(account, Next));
        Assert.Equal(HttpStatusCode.Redirect, (await before.GetAsync("/my/applications")).StatusCode);
        await using var db = await Get<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Target == user && a.Action == "PasswordReset" && a.Detail == "by SMS code"));
    }

    [Fact]
    public async Task Reset_OfAnUnknownOrUnverifiedName_SendsNothing_AndNoCodeWorks_YetAnswersTheSame()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var unverified = $"u.{Guid.NewGuid():N}"[..16];
        using var scope = portal.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<Registration>()
            .RegisterAsync(new(ApplicantKind.Person, unverified, First, person.Name, person.IdNumber, null), "127.0.0.1");
        var texts = (await RegistrySamples.TextsToAsync(portal, person.Phone)).Count;
        var reset = scope.ServiceProvider.GetRequiredService<PasswordResetBySms>();

        var unknownTicket = await reset.SendCodeAsync("nobody." + Guid.NewGuid().ToString("N")[..8]);
        var unverifiedTicket = await reset.SendCodeAsync(unverified);

        Assert.NotEqual(Guid.Empty, unknownTicket);
        Assert.Equal(texts, (await RegistrySamples.TextsToAsync(portal, person.Phone)).Count);
        Assert.Equal("Forgot.Code.Wrong", (await reset.ResetAsync(unverifiedTicket, "123456", Next, null)).ErrorKey);
    }

    [Fact]
    public async Task AVerificationCode_CannotResetAPassword()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var user = $"p.{Guid.NewGuid():N}"[..16];
        using var scope = portal.Services.CreateScope();
        var registered = await scope.ServiceProvider.GetRequiredService<Registration>()
            .RegisterAsync(new(ApplicantKind.Person, user, First, person.Name, person.IdNumber, null), "127.0.0.1");
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);

        var result = await scope.ServiceProvider.GetRequiredService<PasswordResetBySms>().ResetAsync(registered.Ticket!.Value, code, Next, null);

        Assert.Equal("Forgot.Code.Wrong", result.ErrorKey);
    }

    [Fact]
    public async Task ForgotPage_AsksForTheName_ThenForTheCode()
    {
        var client = portal.Anonymous();

        var page = await client.GetStringAsync("/account/forgot");

        Assert.Contains("id=\"forgot-user\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"forgot-link\"", await client.GetStringAsync("/account/login"), StringComparison.Ordinal);
    }
}
