using System.Text.RegularExpressions;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>Issue 16 (12): the security administrator's list names a legal entity's account 企业/法人 and a person's 个人居民, not both 居民.</summary>
[Collection(nameof(PortalCollection))]
public partial class UsersPageKindTests(PortalFactory portal)
{
    [Theory]
    [InlineData("business", "企业/法人")]
    [InlineData("resident", "个人居民")]
    public async Task UsersPage_ResidentRoleAccount_IsListedWithItsKind(string userName, string kind)
    {
        var client = await portal.SignedInAsync("secadmin");

        var html = await client.GetStringAsync($"/admin/users?search={userName}");

        var row = Rows().Matches(html).Select(m => m.Value).Single(r => r.Contains($">{userName}<", StringComparison.Ordinal));
        Assert.Contains(kind, row, StringComparison.Ordinal);
        Assert.DoesNotContain(">居民<", row, StringComparison.Ordinal);
    }

    [GeneratedRegex("<tr[^>]*>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Rows();
}
