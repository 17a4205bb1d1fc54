using Microsoft.AspNetCore.Identity;

namespace Panlong.Data.Identity;

/// <summary>
/// A password's upper bound (OWASP ASVS 5.0 V6.2: at least 64 allowed, a maximum stated): every password is hashed
/// with PBKDF2 on each sign-in, so an unbounded one is a cheap way to make the server work (issue 15).
/// </summary>
public sealed class PasswordLengthValidator : IPasswordValidator<PanlongUser>
{
    public const int MaxLength = 128;

    public Task<IdentityResult> ValidateAsync(UserManager<PanlongUser> manager, PanlongUser user, string? password) =>
        Task.FromResult(password?.Length > MaxLength
            ? IdentityResult.Failed(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"密码不能超过 {MaxLength} 个字符。 (A password has at most {MaxLength} characters.)",
            })
            : IdentityResult.Success);
}
