using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>The rate limits of issue 15 (docs/decisions/0027-rate-limits.md), over HTTP with the real default limits.</summary>
[Collection(nameof(PortalCollection))]
public class RateLimitsTests(PortalFactory portal)
{
    [Theory]
    [InlineData("/track/NO-SUCH-NUMBER")]
    [InlineData("/verify/NO-SUCH-CODE")]
    public async Task PublicPage_FloodFromOneAddress_Is429WithRetryAfterAndTheChineseSentence(string path)
    {
        var client = portal.Anonymous();
        var limit = new RateLimitSettings().PublicPerAddress.PermitLimit;

        for (var i = 0; i < limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
        var refused = await client.GetAsync(path);
        var other = await portal.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        // The factory stretches the window to an hour (PortalFactory); the default minute reads "请 60 秒后再试".
        Assert.Equal("3600", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Contains("操作太频繁，请 60 分钟后再试。", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode); // another address has its own budget
    }

    [Fact]
    public async Task RegistrationPosts_FromOneAddress_BeyondTheLimit_Are429_ButReadingTheFormIsNot()
    {
        var client = portal.Anonymous();
        var limit = new RateLimitSettings().RegisterPerAddress.PermitLimit;

        for (var i = 0; i < limit; i++)
        {
            // Without a token each post is refused by antiforgery, after it was counted.
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/account/register", new FormUrlEncodedContent([]))).StatusCode);
        }
        var refused = await client.PostAsync("/account/register", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("操作太频繁，请 60 分钟后再试。", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/register")).StatusCode);
    }

    [Fact]
    public async Task CaseReports_OfOneUser_BeyondTheLimit_Are429Problems_InTheUsersLanguage()
    {
        const string reporter = "flood.reporter";
        await portal.CreateUserAsync(reporter, Roles.Inspector);
        var client = await portal.SignedInAsync(reporter);
        var limit = new RateLimitSettings().CasesPerUser.PermitLimit;

        for (var i = 0; i < limit; i++)
        {
            // An empty report is a 400, after it was counted: the flood costs the server nothing but the count.
            Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/cases", new MultipartFormDataContent { { new StringContent(""), "description" } })).StatusCode);
        }
        var refused = await client.PostAsync("/api/cases", new MultipartFormDataContent { { new StringContent(""), "description" } });
        var action = await client.PostAsync("/api/cases/NO-SUCH-CASE/actions/Accept", null);
        await client.GetAsync("/culture/set?culture=en&redirectUri=%2F");
        var english = await client.PostAsync("/api/cases", new MultipartFormDataContent());

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("60", Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(ApiProblems.Codes.TooManyRequests, problem.GetProperty("code").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("操作太频繁，请 60 秒后再试。", problem.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, action.StatusCode); // actions share the user's budget
        Assert.Equal("Too many requests: please try again in 60 seconds.",
            JsonDocument.Parse(await english.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/cases?kind=Reported")).StatusCode);
    }

    [Fact]
    public void SmsCodes_PerPhone_AreLimitedInCode_WithHowLongToWait()
    {
        using var limits = new RateLimits(Options.Create(new RateLimitSettings()));

        var given = Enumerable.Range(0, 5).Select(_ => limits.TryAcquire(RateLimits.SmsPhone, "13800000000")).ToList();
        var refused = limits.TryAcquire(RateLimits.SmsPhone, "13800000000");

        Assert.All(given, wait => Assert.Null(wait));
        Assert.Equal(TimeSpan.FromHours(1), refused);
        Assert.Null(limits.TryAcquire(RateLimits.SmsPhone, "13900000000"));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AddressKey_IsTheIPv4Address_OrTheIPv6Network(string address, string key)
    {
        Assert.Equal(key, RateLimits.AddressKey(IPAddress.Parse(address)));
    }

    [Fact]
    public void Settings_WithoutAPermit_AreRefusedAtStart()
    {
        var settings = new RateLimitSettings { CasesPerUser = new RateLimitRule { PermitLimit = 0, Window = TimeSpan.FromMinutes(1) } };

        var ex = Assert.Throws<Panlong.Data.Providers.StartupConfigurationException>(() => new RateLimits(Options.Create(settings)));

        Assert.Contains("cases", ex.Message, StringComparison.Ordinal);
    }
}
