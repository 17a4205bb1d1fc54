using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Identity.TwoFactor;

/// <summary>
/// Identity's authenticator provider accepts a code during the five 30-second steps around now, as often as it is sent;
/// ASVS 5.0 (6.5.1) wants a time-based code to count once, so a code seen over someone's shoulder cannot be replayed.
/// The codes accepted in the last five minutes are kept with the account (AspNetUserTokens) and refused a second time.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : AuthenticatorTokenProvider<PanlongUser>
{
    private const string Store = "[Panlong]";
    private const string UsedCodes = "UsedAuthenticatorCodes";
    private static readonly TimeSpan Remembered = TimeSpan.FromMinutes(5);

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<PanlongUser> manager, PanlongUser user)
    {
        if (!await base.ValidateAsync(purpose, token, manager, user))
        {
            return false;
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var recent = Parse(await manager.GetAuthenticationTokenAsync(user, Store, UsedCodes))
            .Where(u => now - u.At < Remembered.TotalSeconds).ToList();
        if (recent.Any(u => u.Code == token))
        {
            return false;
        }
        recent.Add((token, now));
        await manager.SetAuthenticationTokenAsync(user, Store, UsedCodes, string.Join(';', recent.Select(u => $"{u.Code}:{u.At.ToString(CultureInfo.InvariantCulture)}")));
        return true;
    }

    private static IEnumerable<(string Code, long At)> Parse(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split(':'))
            .Where(parts => parts.Length == 2 && long.TryParse(parts[1], CultureInfo.InvariantCulture, out _))
            .Select(parts => (parts[0], long.Parse(parts[1], CultureInfo.InvariantCulture)));
}
