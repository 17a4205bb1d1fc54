using Microsoft.AspNetCore.Identity;

namespace Panlong.Data.Identity;

/// <summary>
/// MLPS level 3 password rule: at least three of the four character classes
/// (lower case, upper case, digits, symbols). Identity's built-in options can only demand all of them.
/// </summary>
public sealed class CharacterClassesPasswordValidator : IPasswordValidator<PanlongUser>
{
    public const int RequiredClasses = 3;

    public Task<IdentityResult> ValidateAsync(UserManager<PanlongUser> manager, PanlongUser user, string? password)
    {
        var classes = CountClasses(password ?? "");
        return Task.FromResult(classes >= RequiredClasses
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordCharacterClasses",
                Description = "密码须包含大写字母、小写字母、数字、符号中的至少三类。",
            }));
    }

    public static int CountClasses(string password)
    {
        var lower = password.Any(char.IsAsciiLetterLower);
        var upper = password.Any(char.IsAsciiLetterUpper);
        var digit = password.Any(char.IsAsciiDigit);
        var symbol = password.Any(c => !char.IsAsciiLetterOrDigit(c));
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }
}
