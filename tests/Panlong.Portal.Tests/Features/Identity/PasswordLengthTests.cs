using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Identity;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>Passwords have an upper bound (issue 15): every form that sets one refuses more, sign-in does not hash more.</summary>
[Collection(nameof(PortalCollection))]
public class PasswordLengthTests(PortalFactory portal)
{
    [Fact]
    public async Task SettingAPassword_LongerThan128_IsRefusedInChinese()
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();

        var tooLong = await users.CreateAsync(new PanlongUser { UserName = "long.password" }, "Aa1!" + new string('x', 9_996));
        var longest = new PanlongUser { UserName = "longest.password" };
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, longest, "Aa1!" + new string('x', PasswordLengthValidator.MaxLength - 4))).Errors);
        }

        var error = Assert.Single(tooLong.Errors);
        Assert.Equal("PasswordTooLong", error.Code);
        Assert.Contains("128", error.Description, StringComparison.Ordinal);
        Assert.Empty(errors);
        Assert.Null(await users.FindByNameAsync("long.password"));
    }

    [Fact]
    public async Task SignIn_WithA10000CharacterPassword_FailsWithoutCountingOrHashing()
    {
        var response = await PortalFactory.PostLoginAsync(portal.Anonymous(), "approver.dongzhuang", new string('x', 10_000));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with its message
        Assert.Contains("用户名或密码错误", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Target == "approver.dongzhuang" && a.Detail == "password too long"));
        Assert.Equal(0, (await db.Users.SingleAsync(u => u.UserName == "approver.dongzhuang")).AccessFailedCount);
    }
}
