using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Identity.Passwords;

/// <summary>
/// Refuses the passwords guessing attacks try first (OWASP ASVS 5.0 V6.2.4; issue 15): those of the list written by
/// tools/common_passwords.py, also with digits and symbols added at either end ("Password123!" is "password"), and
/// those built on the account's own name or the portal's ("panlong", 盘龙), which an attacker tries next.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PanlongUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);
    private static readonly string[] SiteNames = ["panlong", "盘龙"];

    public Task<IdentityResult> ValidateAsync(UserManager<PanlongUser> manager, PanlongUser user, string? password) =>
        Task.FromResult(IsCommon(password ?? "", user.UserName)
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordCommon",
                Description = "密码过于常见或含有用户名、平台名称，容易被猜中，请换一个。 (This password is too common or contains your user name or the site's name.)",
            })
            : IdentityResult.Success);

    public static bool IsCommon(string password, string? userName)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim(lower.Where(c => !char.IsLetter(c)).Distinct().ToArray());
        return List.Value.Contains(lower) || (core.Length > 0 && List.Value.Contains(core))
            || SiteNames.Any(name => lower.Contains(name, StringComparison.Ordinal))
            || (userName is { Length: >= 3 } && lower.Contains(userName.ToLowerInvariant(), StringComparison.Ordinal));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Panlong.Portal.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the portal.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                words.Add(line);
            }
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
