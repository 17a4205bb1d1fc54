using System.Net;
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

/// <summary>One number: real-name registration of residents (GB 11643) and businesses (GB 32100), one account each.</summary>
[Collection(nameof(PortalCollection))]
public class RegistrationTests(PortalFactory portal)
{
    private async Task<RegistrationResult> RegisterAsync(RegistrationInput input)
    {
        using var scope = portal.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<Registration>().RegisterAsync(input, "127.0.0.1");
    }

    private static string NewId(int sequence) => ResidentIdNumber.Create("530103", new DateOnly(1988, 6, 15), sequence);

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
        Assert.NotNull(ok.User);
        var again = await RegisterAsync(new(ApplicantKind.Person, "li.other", "Dianchi#Lake26", "李明", id.ToLowerInvariant(), null));
        Assert.Equal("Registration.IdTaken", again.Errors["idNumber"]);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var row = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == "li.resident");
        Assert.DoesNotContain(id, row.IdCipher!, StringComparison.Ordinal);
        Assert.Equal(PersonalDataMask.IdNumber(id), row.IdMasked);
        Assert.Equal(portal.Services.GetRequiredService<PersonalDataProtector>().Hash(id), row.IdHash);
        using var scope = portal.Services.CreateScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>().IsInRoleAsync(row, Roles.Resident));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "Account.Register" && a.UserId == row.Id && a.Target == row.IdMasked));
    }

    [Fact]
    public async Task Resident_BornTodayInChinaWhileStillYesterdayInUtc_Registers()
    {
        // 17:00 UTC on 30 November is 01:00 on 1 December in Kunming: the birth date is today, not in the future.
        using var scope = portal.Services.CreateScope();
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero));
        var registration = ActivatorUtilities.CreateInstance<Registration>(scope.ServiceProvider, (TimeProvider)clock);
        var id = ResidentIdNumber.Create("530103", new DateOnly(2026, 12, 1), Random.Shared.Next(100, 999));

        var result = await registration.RegisterAsync(new(ApplicantKind.Person, $"newborn.{id[^4..]}", "Dianchi#Lake26", "王小新", id, null), "127.0.0.1");

        Assert.False(result.Errors.ContainsKey("idNumber"), string.Join(", ", result.Errors.Values));
        Assert.NotNull(result.User);
    }

    [Fact]
    public async Task Business_RegistersWithItsCreditCode_AndEachRejectionNamesTheField()
    {
        var code = SocialCreditCode.Create('1', "530103", "MA6K0P1X" + Random.Shared.Next(0, 9));
        var broken = code[..17] + (code[17] == 'A' ? 'B' : 'A');
        var bad = await RegisterAsync(new(ApplicantKind.Entity, "x", "Dianchi#Lake26", "", null, broken));
        Assert.Equal(("Registration.UserName", "Registration.Name.Entity", "Entities.CreditCode.WrongCheckCharacter"),
            (bad.Errors["userName"], bad.Errors["name"], bad.Errors["creditCode"]));
        Assert.NotNull((await RegisterAsync(new(ApplicantKind.Entity, "dongfeng.shop", "Dianchi#Lake26", "盘龙区东风便民超市", null, code.ToLowerInvariant()))).User);
        Assert.Equal("Registration.CreditCodeTaken", (await RegisterAsync(new(ApplicantKind.Entity, "dongfeng.2", "Dianchi#Lake26", "东风超市", null, code))).Errors["creditCode"]);
    }

    [Fact]
    public async Task RegistrationPage_WithoutSigningIn_IsOpen()
    {
        var response = await portal.Anonymous().GetAsync("/account/register");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("统一社会信用代码", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
