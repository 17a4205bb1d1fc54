using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Data.Services;
using Panlong.Portal.Features.Identity;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>
/// One number: real-name registration of residents (GB 11643) and businesses (GB 32100), one account each, and an
/// answer that tells nothing about the number (docs/decisions/0029-registration-second-factor.md).
/// </summary>
[Collection(nameof(PortalCollection))]
public partial class RegistrationTests(PortalFactory portal)
{
    private async Task<RegistrationResult> RegisterAsync(RegistrationInput input)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Registration>().RegisterAsync(input, "127.0.0.1");
    }

    private static string NewId(int sequence) => ResidentIdNumber.Create("530103", new DateOnly(1988, 6, 15), sequence);

    private async Task<PanlongDbContext> DbAsync() => await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task Resident_RegistersOnceWithACheckedIdNumber_KeptEncrypted()
    {
        var id = NewId(Random.Shared.Next(100, 999));
        var wrong = id[..17] + (id[17] == '1' ? '2' : '1');
        var bad = await RegisterAsync(new(ApplicantKind.Person, "li.resident", "Dianchi#Lake26", "李明", wrong, null));
        Assert.Equal("Registry.IdNumber.WrongCheckCharacter", bad.Errors["idNumber"]);

        var weak = await RegisterAsync(new(ApplicantKind.Person, "li.resident", "123", "李明", id, null));
        Assert.Contains("密码", weak.Errors["password"], StringComparison.Ordinal);

        var ok = await RegisterAsync(new(ApplicantKind.Person, "li.resident", "Dianchi#Lake26", "李明", id, null));
        Assert.True(ok.Accepted);
        // A second registration of the number is answered as the first — and opens nothing.
        var again = await RegisterAsync(new(ApplicantKind.Person, "li.other", "Dianchi#Lake26", "李明", id.ToLowerInvariant(), null));
        Assert.True(again.Accepted);
        Assert.Empty(again.Errors);

        await using var db = await DbAsync();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "li.resident");
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "li.other"));
        Assert.DoesNotContain(id, row.IdCipher!, StringComparison.Ordinal);
        Assert.Equal(PersonalDataMask.IdNumber(id), row.IdMasked);
        Assert.Equal(portal.Services.GetRequiredService<PersonalDataProtector>().Hash(id), row.IdHash);
        Assert.Null(row.IdentityVerifiedAt);
        using var scope = portal.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>().IsInRoleAsync(row, Roles.Resident));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.Register" && a.UserId == row.Id && a.Target == row.IdMasked));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.Register.Refused" && a.UserName == "li.other" && a.Target == row.IdMasked));
    }

    [Fact]
    public async Task Resident_FourteenTodayInChinaWhileStillThirteenInUtc_Registers()
    {
        // 17:00 UTC on 30 November is 01:00 on 1 December in Kunming: born 1 December 2012, the resident is 14 today.
        using var scope = portal.Services.CreateScope();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero));
        var registration = ActivatorUtilities.CreateInstance<Registration>(scope.ServiceProvider, (TimeProvider)clock);
        var id = ResidentIdNumber.Create("530103", new DateOnly(2012, 12, 1), Random.Shared.Next(100, 999));

        var result = await registration.RegisterAsync(new(ApplicantKind.Person, $"teen.{id[^4..]}{Random.Shared.Next(1000)}", "Dianchi#Lake26", "王小新", id, null), "127.0.0.1");

        Assert.False(result.Errors.ContainsKey("idNumber"), string.Join(", ", result.Errors.Values));
        Assert.True(result.Accepted);
    }

    [Fact]
    public async Task Resident_UnderFourteen_IsToldAGuardianApplies_AndNoAccountIsOpened()
    {
        var today = ChinaTime.Today(TimeProvider.System);
        var id = ResidentIdNumber.Create("530103", today.AddYears(-14).AddDays(1), Random.Shared.Next(100, 999));
        var user = $"child.{Random.Shared.Next(100_000)}";

        var result = await RegisterAsync(new(ApplicantKind.Person, user, "Dianchi#Lake26", "王小小", id, null));

        Assert.False(result.Accepted);
        Assert.Equal("Registration.Minor", result.Errors["idNumber"]);
        await using var db = await DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == user));
    }

    [Fact]
    public async Task Business_RegistersWithItsCreditCode_AndEachRejectionNamesTheField()
    {
        var code = SocialCreditCode.Create('1', "530103", "MA6K0P1X" + Random.Shared.Next(0, 9));
        var broken = code[..17] + (code[17] == 'A' ? 'B' : 'A');
        var bad = await RegisterAsync(new(ApplicantKind.Entity, "x", "Dianchi#Lake26", "", null, broken));
        Assert.Equal(("Registration.UserName", "Registration.Name.Entity", "Entities.CreditCode.WrongCheckCharacter"),
            (bad.Errors["userName"], bad.Errors["name"], bad.Errors["creditCode"]));
        var user = $"dongfeng.{Random.Shared.Next(100_000)}";
        Assert.True((await RegisterAsync(new(ApplicantKind.Entity, user, "Dianchi#Lake26", "盘龙区东风便民超市", null, code.ToLowerInvariant()))).Accepted);
        var twice = await RegisterAsync(new(ApplicantKind.Entity, user + ".2", "Dianchi#Lake26", "东风超市", null, code));
        Assert.True(twice.Accepted);
        await using var db = await DbAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.CreditCode == code));
    }

    [Fact]
    public async Task RegistrationPage_WithoutSigningIn_IsOpen()
    {
        var response = await portal.Anonymous().GetAsync("/account/register");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("统一社会信用代码", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegistrationAnswer_ForAnUnknownNumber_AKnownPersonAndATakenNumber_IsTheSame()
    {
        var person = await RegistrySamples.PersonWithPhoneAsync(portal);
        var unknown = ResidentIdNumber.Create("530103", new DateOnly(1970, 1, 1).AddDays(Random.Shared.Next(0, 9000)), Random.Shared.Next(100, 999));
        var suffix = Random.Shared.Next(100_000);

        var (unknownStatus, unknownPage) = await PostRegistrationAsync($"u.{suffix}", "钱多多", unknown);
        var (knownStatus, knownPage) = await PostRegistrationAsync($"k.{suffix}", person.Name, person.IdNumber);
        var (takenStatus, takenPage) = await PostRegistrationAsync($"t.{suffix}", person.Name, person.IdNumber);
        var (wrongNameStatus, wrongNamePage) = await PostRegistrationAsync($"w.{suffix}", "冒名者", person.IdNumber);

        Assert.Equal(HttpStatusCode.OK, unknownStatus);
        Assert.All([knownStatus, takenStatus, wrongNameStatus], s => Assert.Equal(unknownStatus, s));
        Assert.Contains("注册申请已收到", unknownPage, StringComparison.Ordinal);
        Assert.All([knownPage, takenPage, wrongNamePage], p => Assert.Equal(unknownPage, p));
        // The code went to the registry's phone; the real holder is told of the second attempt there.
        var texts = await RegistrySamples.TextsToAsync(portal, person.Phone, atLeast: 2);
        Assert.Matches(@"验证码为 \d{6}", texts[0]);
        Assert.Contains(texts, t => t.Contains("有人使用您的证件号码申请注册", StringComparison.Ordinal));
    }

    /// <summary>Posts the real registration form; the page back with its per-request values (tokens, ticket, the encrypted component state) blanked.</summary>
    private async Task<(HttpStatusCode, string)> PostRegistrationAsync(string userName, string name, string id)
    {
        var client = portal.Anonymous();
        var page = await client.GetStringAsync("/account/register");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "register",
            ["__RequestVerificationToken"] = PortalFactory.AntiforgeryToken().Match(page).Groups[1].Value,
            ["Input.Kind"] = "Person",
            ["Input.Name"] = name,
            ["Input.IdNumber"] = id,
            ["Input.CreditCode"] = "",
            ["Input.UserName"] = userName,
            ["Input.Password"] = "Yunnan#2026x",
            ["Input.Confirmation"] = "Yunnan#2026x",
        });
        var response = await client.PostAsync("/account/register", form);
        return (response.StatusCode, PerRequest().Replace(await response.Content.ReadAsStringAsync(), "…"));
    }

    [GeneratedRegex("\\b(value|nonce)=\"[^\"]*\"|<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex PerRequest();
}
