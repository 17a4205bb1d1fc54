using Panlong.Data.Audit;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Identity;

/// <summary>
/// Sign-in failures that name no account, and attempts the limits refused, are counted per address and written as one
/// audit row per address and period ("未知账户登录失败 N 次") instead of one row each: a script trying names must not
/// flood the audit log (docs/decisions/0027-rate-limits.md). The names tried are not kept — people type passwords there.
/// </summary>
public sealed class SignInSummary(AuditLog audit, ILogger<SignInSummary> log)
{
    private readonly Lock _gate = new();
    private Dictionary<(Kind Kind, string Address), int> _counts = [];

    public enum Kind { UnknownName, Throttled }

    public void UnknownName(string? ip) => Add(Kind.UnknownName, ip);

    public void Throttled(string? ip) => Add(Kind.Throttled, ip);

    private void Add(Kind kind, string? ip, int count = 1)
    {
        lock (_gate)
        {
            _counts[(kind, ip ?? "")] = _counts.GetValueOrDefault((kind, ip ?? "")) + count;
        }
    }

    /// <summary>Writes what was counted since the last call, one row per kind and address; counts of a failed write are kept for the next.</summary>
    public async Task WriteAsync(CancellationToken ct = default)
    {
        Dictionary<(Kind Kind, string Address), int> counts;
        lock (_gate)
        {
            (counts, _counts) = (_counts, []);
        }
        foreach (var ((kind, address), count) in counts)
        {
            try
            {
                await audit.WriteAsync(AuditActions.SignInFailed, null, null, detail: Detail(kind, count), ip: address.Length == 0 ? null : address, ct: ct);
            }
            catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex))
            {
                log.LogWarning(ex, "Sign-in summary for {Address} not written; kept for the next period", address);
                Add(kind, address, count);
            }
        }
    }

    public const string UnknownNamePrefix = "未知账户登录失败 ";
    public const string ThrottledPrefix = "登录尝试过于频繁被拒绝 ";

    public static string Detail(Kind kind, int count) => kind == Kind.UnknownName
        ? $"{UnknownNamePrefix}{count} 次 ({count} failed sign-ins with unknown user names)"
        : $"{ThrottledPrefix}{count} 次 ({count} sign-in attempts refused by the rate limits)";

    /// <summary>
    /// The failed sign-ins a summary row (its <see cref="Detail"/>) stands for: an unknown-name row its count; a refused-attempts
    /// row none — no password was checked, and the failures that set the limit off have rows of their own.
    /// </summary>
    public static int FailuresIn(string? detail) =>
        detail is not null && detail.StartsWith(UnknownNamePrefix, StringComparison.Ordinal)
            && int.TryParse(detail[UnknownNamePrefix.Length..].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count : 0;
}

/// <summary>Writes the sign-in summary every <see cref="Shell.RateLimitSettings.SignInSummaryPeriod"/> on every node (each counts its own), and once more on shutdown.</summary>
public sealed class SignInSummaryJob(SignInSummary summary, Microsoft.Extensions.Options.IOptions<Shell.RateLimitSettings> settings) : Panlong.Workflows.Engine.Timers.PeriodicJob
{
    public override string Name => "sign-in-summary";

    public override TimeSpan Interval => settings.Value.SignInSummaryPeriod;

    public override bool AtStop => true;

    public override Task RunAsync(CancellationToken ct) => summary.WriteAsync(ct);
}
