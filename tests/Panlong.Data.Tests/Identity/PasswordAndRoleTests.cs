using Panlong.Data.Identity;

namespace Panlong.Data.Tests.Identity;

public class PasswordAndRoleTests
{
    [Theory]
    [InlineData("Panlong#2026", true)]
    [InlineData("abcd123!", true)]
    [InlineData("ABCDabcd1", true)]
    [InlineData("abcdefgh", false)]
    [InlineData("abcd1234", false)]
    [InlineData("ABCD!@#$", false)]
    public async Task Password_NeedsThreeCharacterClasses(string password, bool accepted)
    {
        var result = await new CharacterClassesPasswordValidator().ValidateAsync(null!, new PanlongUser(), password);

        Assert.Equal(accepted, result.Succeeded);
    }

    [Theory]
    [InlineData(new[] { Roles.SystemAdmin, Roles.AuditAdmin }, "RoleSeparation.TwoAdmins")]
    [InlineData(new[] { Roles.SecurityAdmin, Roles.Dispatcher }, "RoleSeparation.AdminWithBusinessRole")]
    [InlineData(new[] { Roles.AuditAdmin }, null)]
    [InlineData(new[] { Roles.Dispatcher, Roles.ShiftLead }, null)]
    public void ThreeAdministrators_AreSeparate(string[] roles, string? error) => Assert.Equal(error, Roles.CheckSeparation(roles));
}
