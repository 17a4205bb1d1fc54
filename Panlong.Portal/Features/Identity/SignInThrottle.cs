using System.Net;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// The sign-in limits, asked before the password is checked (docs/decisions/0027-rate-limits.md): each address has so many
/// attempts a minute, and each account name so many wrong passwords from one address — fewer than lockout needs, so that
/// no single address can lock an account. An attempt refused here checks nothing, writes no audit row of its own and
/// counts toward no lockout. Unknown names are counted like known ones: the answer must not tell which names exist.
/// </summary>
public sealed class SignInThrottle(RateLimits limits, SignInSummary summary)
{
    /// <summary>Takes an attempt of the address; null when the password may be checked, otherwise how long to wait.</summary>
    public TimeSpan? Refuse(string? ip, string userName)
    {
        var address = Address(ip);
        var wait = limits.TryAcquire(RateLimits.SignIn, address) ?? limits.Check(RateLimits.SignInFailures, Pair(address, userName));
        if (wait is not null)
        {
            summary.Throttled(ip);
        }
        return wait;
    }

    /// <summary>How long a refused attempt has to wait, for the page's message and Retry-After; takes nothing.</summary>
    public TimeSpan RetryAfter(string? ip, string userName)
    {
        var address = Address(ip);
        return limits.Check(RateLimits.SignIn, address) ?? limits.Check(RateLimits.SignInFailures, Pair(address, userName)) ?? TimeSpan.FromMinutes(1);
    }

    public void Failed(string? ip, string userName) => limits.TryAcquire(RateLimits.SignInFailures, Pair(Address(ip), userName));

    private static string Address(string? ip) => RateLimits.AddressKey(IPAddress.TryParse(ip, out var address) ? address : null);

    // Identity compares names upper-cased; so do the limits, or "Admin" and "admin" would each get their own budget.
    private static string Pair(string address, string userName) => address + " " + userName.Trim().ToUpperInvariant();
}
