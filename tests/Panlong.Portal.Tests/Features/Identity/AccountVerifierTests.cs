using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Services;
using Panlong.Portal.Features.Identity;
using Panlong.Portal.Features.Services;
using Panlong.Testing;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Registry;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>
/// Hole 2 of issue 15: a name and an ID number are public knowledge, so an account opened with them shows nothing from the
/// registry and gets no walk-in applications until the one-time code sent to the registry's phone proves it.
/// </summary>
[Collection(nameof(PortalCollection))]
public partial class AccountVerifierTests(PortalFactory portal)
{
    private T Get<T>() where T : notnull => portal.Services.GetRequiredService<T>();

    private async Task<PanlongDbContext> DbAsync() => await Get<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    private async Task<(Guid Ticket, string UserName)> RegisterAsync(RegisteredPerson person)
    {
        var user = $"v.{Guid.NewGuid():N}"[..16];
        using var scope = portal.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<Registration>()
            .RegisterAsync(new(ApplicantKind.Person, user, "Dianchi#Lake26", person.Name, person.IdNumber, null), "127.0.0.1");
        Assert.True(result.Accepted, string.Join("; ", result.Errors.Values));
        return (result.Ticket!.Value, user);
    }

    private async Task<string> WalkInAsync(RegisteredPerson person)
    {
        await using var pdf = new MemoryStream(TestPdfs.Minimal("premises"));
        var material = (await Get<MaterialStore>().SaveAsync(pdf, "premises.pdf", "经营场所使用证明")).Material!;
        var result = await Get<ApplicationService>().SubmitAsync(new ApplicationInput("XK-00201", new Dictionary<string, string?>
        {
            ["name"] = person.Name, ["idNumber"] = person.IdNumber, ["phone"] = person.Phone, ["businessScope"] = "小吃", ["premises"] = "拓东路 2 号",
        }, null, null, Materials: [material], WalkIn: new WalkInApplicant(person.Name, person.IdNumber, null)), WorkflowActor.From(await portal.PrincipalAsync("clerk")));
        Assert.True(result.Ok, string.Join("; ", result.Errors.Select(e => $"{e.Key}={e.Value}")));
        return result.Number!;
    }

    private async Task<(RegistryLookup Prefill, IReadOnlyList<ApplicationRow> Mine)> WhatTheAccountSeesAsync(string user)
    {
        var actor = WorkflowActor.From(await portal.PrincipalAsync(user));
        var item = (await Get<ServiceCatalog>().GuideAsync("XK-00201"))!.Item;
        return (await Get<ApplicationService>().PrefillAsync(item, actor, null), await Get<ApplicationQueries>().MineAsync(actor));
    }

    [Fact]
    public async Task KnownPerson_RegisteredWithoutTheCode_SeesNoRegistryDataAndNoWalkIn_AndWithTheCodeSeesBoth()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var walkIn = await WalkInAsync(person);
        var (ticket, user) = await RegisterAsync(person);

        var (before, mineBefore) = await WhatTheAccountSeesAsync(user);
        Assert.Empty(before.Facts);
        Assert.Empty(before.Prefill);
        Assert.DoesNotContain(mineBefore, r => r.Number == walkIn);

        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);
        Assert.Equal(CodeOutcome.Verified, await Get<AccountVerifier>().ConfirmAsync(ticket, code, "127.0.0.1"));

        var (after, mineAfter) = await WhatTheAccountSeesAsync(user);
        Assert.Contains(RegistryFacts.PersonDisabled, after.Facts.Keys);
        Assert.Equal(person.IdNumber, after.Prefill[RegistryFacts.PersonIdNumber]);
        Assert.Contains(mineAfter, r => r.Number == walkIn);
        await using var db = await DbAsync();
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user);
        Assert.Equal(AccountVerifier.BySms, account.IdentityVerifiedBy);
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.Verify" && a.UserId == account.Id));
    }

    [Fact]
    public async Task Code_IsKeptHashed_AndTheTextIsDroppedFromTheOutboxOnceSent()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var (ticket, _) = await RegisterAsync(person);
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);

        await using var db = await DbAsync();
        var row = await db.AccountVerifications.AsNoTracking().SingleAsync(v => v.Ticket == ticket);
        Assert.DoesNotContain(code, row.CodeHash, StringComparison.Ordinal);
        Assert.Equal(64, row.CodeHash.Length);
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Recipient == $"sms:person:{person.Id}" && (m.Payload != null || m.Recipient.Contains(person.Phone))));
    }

    [Fact]
    public async Task WrongCode_IsRefused_AndTheFifthWrongOneEndsTheCode()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var (ticket, user) = await RegisterAsync(person);
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);
        var wrong = code == "000000" ? "000001" : "000000";
        var verifier = Get<AccountVerifier>();

        for (var i = 1; i < AccountVerifier.MaxAttempts; i++)
        {
            Assert.Equal(CodeOutcome.Wrong, await verifier.ConfirmAsync(ticket, wrong, null));
        }
        Assert.Equal(CodeOutcome.TooManyAttempts, await verifier.ConfirmAsync(ticket, wrong, null));
        Assert.Equal(CodeOutcome.TooManyAttempts, await verifier.ConfirmAsync(ticket, code, null));
        await using var db = await DbAsync();
        Assert.Null((await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user)).IdentityVerifiedAt);
    }

    [Fact]
    public async Task ExpiredCode_IsRefused()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var (ticket, user) = await RegisterAsync(person);
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);
        // Eleven minutes later.
        var later = new ManualClock(DateTimeOffset.UtcNow + AccountVerifier.Lifetime + TimeSpan.FromMinutes(1));
        var verifier = ActivatorUtilities.CreateInstance<AccountVerifier>(portal.Services, (TimeProvider)later);

        Assert.Equal(CodeOutcome.Expired, await verifier.ConfirmAsync(ticket, code, null));
        await using var db = await DbAsync();
        Assert.Null((await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user)).IdentityVerifiedAt);
    }

    [Fact]
    public async Task Reissue_ForAnUnverifiedAccount_SendsANewCodeThatVerifies()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var (_, user) = await RegisterAsync(person);
        await using var db = await DbAsync();
        var id = (await db.Users.AsNoTracking().SingleAsync(u => u.UserName == user)).Id;

        var ticket = await Get<AccountVerifier>().ReissueAsync(id);

        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone, nth: 2);
        Assert.Equal(CodeOutcome.Verified, await Get<AccountVerifier>().ConfirmAsync(ticket, code, null));
    }

    [Fact]
    public async Task VerifyPage_ForASignedInUnverifiedAccount_SendsACodeThatVerifies()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var (_, user) = await RegisterAsync(person);
        var client = await portal.SignedInAsync(user, "Dianchi#Lake26");
        Assert.Contains("verify-needed", await client.GetStringAsync("/my/applications"), StringComparison.Ordinal);

        var sent = await PostAsync(client, "send-code", []);
        var ticket = TicketField().Match(sent).Groups[1].Value;
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone, nth: 2);
        var done = await PostAsync(client, "verify", new() { ["Code.Ticket"] = ticket, ["Code.Value"] = code });

        Assert.Contains("账户已实名验证", done, StringComparison.Ordinal);
        Assert.DoesNotContain("verify-needed", await client.GetStringAsync("/my/applications"), StringComparison.Ordinal);
    }

    private static async Task<string> PostAsync(HttpClient client, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync("/account/verify");
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = PortalFactory.AntiforgeryToken().Match(page).Groups[1].Value;
        var response = await client.PostAsync("/account/verify", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"Code.Ticket\" value=\"([^\"]+)\"")]
    private static partial Regex TicketField();

    [Fact]
    public async Task DevSmsPage_InDevelopment_ShowsTheCodeSent()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        await RegisterAsync(person);
        var code = await RegistrySamples.CodeSentToAsync(portal, person.Phone);

        var response = await portal.Anonymous().GetAsync("/dev/sms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(code, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
