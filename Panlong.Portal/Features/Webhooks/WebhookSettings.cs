namespace Panlong.Portal.Features.Webhooks;

/// <summary>The <c>Webhooks</c> section: retries, the receiver's time, and which targets are allowed (docs/decisions/0090-webhooks.md).</summary>
public sealed class WebhookSettings(IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>Attempts before a delivery is dead (the first one included).</summary>
    public int MaxAttempts => Math.Max(1, configuration.GetValue("Webhooks:MaxAttempts", 8));

    public TimeSpan RetryBase => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Webhooks:RetryBaseSeconds", 30)));

    public TimeSpan RetryCap => TimeSpan.FromMinutes(Math.Max(1, configuration.GetValue("Webhooks:RetryCapMinutes", 60)));

    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Webhooks:TimeoutSeconds", 10)));

    /// <summary>How often each node looks for deliveries due; 0 turns sending off.</summary>
    public TimeSpan SendInterval => TimeSpan.FromSeconds(configuration.GetValue("Webhooks:SendSeconds", 5));

    /// <summary>Loopback, private and link-local targets are refused (SSRF) unless this is set — for a receiver inside the district's own network.</summary>
    public bool AllowPrivateTargets => configuration.GetValue("Webhooks:AllowPrivateTargets", false);

    /// <summary>https only, except in Development or when this is set.</summary>
    public bool AllowHttp => environment.IsDevelopment() || configuration.GetValue("Webhooks:AllowHttp", false);

    /// <summary>
    /// The wait before the next attempt after <paramref name="attempts"/> failures: base × 2^(attempts−1), capped, of which the
    /// upper half is random (<paramref name="random"/> in [0, 1)), so receivers coming back up are not hit by every sender at once.
    /// </summary>
    public TimeSpan DelayAfter(int attempts, double random)
    {
        var exponential = RetryBase.TotalSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(exponential, RetryCap.TotalSeconds);
        return TimeSpan.FromSeconds(capped / 2 + capped / 2 * random);
    }
}
