using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Panlong.Data.Providers;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Shell;

/// <summary>At most <see cref="PermitLimit"/> permits per <see cref="Window"/> for each key (an address, a user, a phone).</summary>
public sealed class RateLimitRule
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>
/// The <c>RateLimits</c> section. The defaults are generous enough for an office of staff behind one address and tight
/// enough that a script is stopped within a minute (docs/decisions/0027-rate-limits.md).
/// </summary>
public sealed class RateLimitSettings
{
    public RateLimitRule SignInPerAddress { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Wrong passwords for one account name from one address; fewer than lockout needs, so one address never locks an account.</summary>
    public RateLimitRule SignInFailuresPerAccount { get; set; } = new() { PermitLimit = 4, Window = TimeSpan.FromMinutes(15) };

    public RateLimitRule RegisterPerAddress { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };
    public RateLimitRule SmsPerAddress { get; set; } = new() { PermitLimit = 20, Window = TimeSpan.FromHours(1) };
    public RateLimitRule SmsPerPhone { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromHours(1) };
    public RateLimitRule CasesPerUser { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };
    public RateLimitRule PublicPerAddress { get; set; } = new() { PermitLimit = 60, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Posts and replies in the party study threads, per member (docs/decisions/0053-party-study.md).</summary>
    public RateLimitRule StudyPostsPerUser { get; set; } = new() { PermitLimit = 5, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Open311 calls per partner client, reads and reports together (docs/decisions/0083-open311-server.md).</summary>
    public RateLimitRule Open311PerClient { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    /// <summary>How often the counted sign-in failures of unknown names are written to the audit log, one row per address.</summary>
    public TimeSpan SignInSummaryPeriod { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>
/// Every rate limit of the portal, one fixed-window limiter per rule partitioned by key. The same limiters serve the
/// ASP.NET Core rate-limiting middleware (named policies on endpoints) and code that knows its key only later — the
/// account name in a sign-in form, the phone the registry holds, a case action taken in a Blazor circuit — so an API
/// client and the page share one budget (docs/decisions/0027-rate-limits.md).
/// </summary>
public sealed class RateLimits : IDisposable
{
    /// <summary>Rule names; the middleware policies carry the same names.</summary>
    public const string SignIn = "signin";
    public const string SignInFailures = "signin-failures";
    public const string Register = "register";
    public const string Sms = "sms";
    public const string SmsPhone = "sms-phone";
    public const string Cases = "cases";
    public const string Public = "public";
    public const string StudyPosts = "study-posts";
    public const string Open311 = "open311";

    private readonly Dictionary<string, (RateLimitRule Rule, PartitionedRateLimiter<string> Limiter)> _rules;

    public RateLimits(IOptions<RateLimitSettings> options)
    {
        var s = options.Value;
        _rules = new Dictionary<string, RateLimitRule>
        {
            [SignIn] = s.SignInPerAddress,
            [SignInFailures] = s.SignInFailuresPerAccount,
            [Register] = s.RegisterPerAddress,
            [Sms] = s.SmsPerAddress,
            [SmsPhone] = s.SmsPerPhone,
            [Cases] = s.CasesPerUser,
            [Public] = s.PublicPerAddress,
            [StudyPosts] = s.StudyPostsPerUser,
            [Open311] = s.Open311PerClient,
        }.ToDictionary(r => r.Key, r => (r.Value, Create(r.Key, r.Value)));
    }

    private static PartitionedRateLimiter<string> Create(string name, RateLimitRule rule)
    {
        if (rule.PermitLimit < 1 || rule.Window <= TimeSpan.Zero)
        {
            throw new StartupConfigurationException($"配置项 RateLimits 中“{name}”的 PermitLimit 和 Window 必须大于 0。 (RateLimits '{name}' needs a PermitLimit and a Window above 0.)");
        }
        return PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = rule.PermitLimit,
            Window = rule.Window,
            QueueLimit = 0,
        }));
    }

    /// <summary>Takes a permit of <paramref name="rule"/> for <paramref name="key"/>: null when given, otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string rule, string key) => Attempt(rule, key, 1);

    /// <summary>Takes a permit for work done inside a Blazor circuit (no HTTP request to refuse): null when given, else the sentence to show.</summary>
    public string? Refusal(string rule, string key, IStringLocalizer localizer) => TryAcquire(rule, key) is { } wait ? Sentence(localizer, wait) : null;

    /// <summary>Whether a permit is left, without taking it: for rules that count only what went wrong (wrong passwords).</summary>
    public TimeSpan? Check(string rule, string key) => Attempt(rule, key, 0);

    private TimeSpan? Attempt(string rule, string key, int permits)
    {
        var (settings, limiter) = _rules[rule];
        using var lease = limiter.AttemptAcquire(key, permits);
        return lease.IsAcquired ? null : RetryAfter(lease, settings.Window);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) && wait > TimeSpan.Zero ? wait : fallback;

    /// <summary>
    /// The client's address as a key: IPv4 as is, IPv6 by its /64 network, since one subscriber holds a whole /64 and could
    /// otherwise take a fresh address per request. Behind the proxy this is the forwarded client address (PortalSetup.TrustProxies).
    /// </summary>
    public static string AddressKey(HttpContext context) => AddressKey(context.Connection.RemoteIpAddress);

    public static string AddressKey(IPAddress? address)
    {
        if (address is null)
        {
            return "-";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>A signed-in user by id; anyone else by address.</summary>
    public static string UserKey(ClaimsPrincipal user, HttpContext? context = null) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) is { } id ? "user:" + id : context is null ? "-" : AddressKey(context);

    /// <summary>The sentence a person reads: "操作太频繁，请 N 秒后再试。"</summary>
    public static string Sentence(IStringLocalizer localizer, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        return seconds >= 120 ? localizer["RateLimit.Minutes", (int)Math.Ceiling(wait.TotalMinutes)] : localizer["RateLimit.Seconds", Math.Max(seconds, 1)];
    }

    /// <summary>429 with Retry-After in whole seconds.</summary>
    public static void SetStatus(HttpContext context, TimeSpan wait)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The refusal the middleware writes: problem details for /api, a short page for people.</summary>
    public static async Task RefuseAsync(HttpContext context, TimeSpan wait)
    {
        var localizer = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var sentence = Sentence(localizer, wait);
        SetStatus(context, wait);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await ApiProblems.TooManyRequests(sentence).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        var back = WebUtility.HtmlEncode(context.Request.PathBase + context.Request.Path);
        await context.Response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="{CultureInfo.CurrentUICulture.Name}"><head><meta charset="utf-8" /><title>{WebUtility.HtmlEncode(localizer["RateLimit.Title"])}</title></head>
            <body><main><h1 data-testid="rate-limited">{WebUtility.HtmlEncode(sentence)}</h1>
            <p><a href="{back}">{WebUtility.HtmlEncode(localizer["RateLimit.Back"])}</a></p></main></body></html>
            """));
    }

    internal RateLimiter Shared(string rule, string key) => new SharedLimiter(_rules[rule].Limiter, key);

    public void Dispose()
    {
        foreach (var (_, limiter) in _rules.Values)
        {
            limiter.Dispose();
        }
    }

    /// <summary>
    /// What the middleware holds for one key: a view of the shared limiter, holding no state of its own, so the middleware
    /// may drop it whenever it likes (idle partitions are dropped after a few seconds) without forgetting what was spent.
    /// </summary>
    private sealed class SharedLimiter(PartitionedRateLimiter<string> shared, string key) : RateLimiter
    {
        public override TimeSpan? IdleDuration => TimeSpan.MaxValue;
        public override RateLimiterStatistics? GetStatistics() => shared.GetStatistics(key);
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => shared.AttemptAcquire(key, permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            shared.AcquireAsync(key, permitCount, cancellationToken);
    }
}

/// <summary>Registers the limits and the middleware's named policies.</summary>
public static class RateLimitSetup
{
    public static IHostApplicationBuilder AddRateLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitSettings>(builder.Configuration.GetSection("RateLimits"));
        builder.Services.AddSingleton<RateLimits>();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<RateLimits>((options, limits) =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) => new ValueTask(RateLimits.RefuseAsync(context.HttpContext,
                context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1)));
            // Registration and code sends count what is sent, not the page being read.
            Add(options, limits, RateLimits.Register, c => Sending(c) ? RateLimits.AddressKey(c) : null);
            Add(options, limits, RateLimits.Sms, c => Sending(c) ? RateLimits.AddressKey(c) : null);
            // The second sign-in step (the authenticator code): the password form takes from the same budget in SignInThrottle.
            Add(options, limits, RateLimits.SignIn, c => Sending(c) ? RateLimits.AddressKey(c) : null);
            Add(options, limits, RateLimits.Cases, c => RateLimits.UserKey(c.User, c));
            Add(options, limits, RateLimits.Public, RateLimits.AddressKey);
        });
        return builder;
    }

    private const string Unlimited = "unlimited";

    private static bool Sending(HttpContext context) => !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);

    private static void Add(RateLimiterOptions options, RateLimits limits, string rule, Func<HttpContext, string?> key) =>
        options.AddPolicy(rule, context => key(context) is { } k
            ? RateLimitPartition.Get(k, k => limits.Shared(rule, k))
            : RateLimitPartition.GetNoLimiter(Unlimited));
}
