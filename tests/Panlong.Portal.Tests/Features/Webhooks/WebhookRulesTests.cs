using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Panlong.Portal.Features.Webhooks;

namespace Panlong.Portal.Tests.Features.Webhooks;

/// <summary>The signature, the targets a production portal refuses (SSRF) and the backoff (ADR 90).</summary>
public class WebhookRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 2, 0, 0, TimeSpan.Zero);

    private static WebhookSettings Settings(params (string Key, string Value)[] values) => new(
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build(),
        new HostingEnvironment { EnvironmentName = Environments.Production });

    [Fact]
    public void Signature_SignedBody_VerifiesAndRefusesTamperedForeignOrOld()
    {
        const string body = "{\"id\":\"1\",\"type\":\"case.status\"}";
        var timestamp = Now.ToUnixTimeSeconds();
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var signature = WebhookSignature.Sign("whsec_a", timestamp, body);

        Assert.Matches("^v1=[0-9a-f]{64}$", signature);
        Assert.True(WebhookSignature.Verify("whsec_a", stamp, signature, body, Now.AddMinutes(4)));
        Assert.False(WebhookSignature.Verify("whsec_a", stamp, signature, body + " ", Now));
        Assert.False(WebhookSignature.Verify("whsec_b", stamp, signature, body, Now));
        Assert.False(WebhookSignature.Verify("whsec_a", stamp, signature, body, Now.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify("whsec_a", (timestamp + 60).ToString(CultureInfo.InvariantCulture), signature, body, Now));
        Assert.False(WebhookSignature.Verify("whsec_a", "soon", signature, body, Now));
    }

    [Theory]
    [InlineData("https://hooks.example.cn/panlong", null)]
    [InlineData("http://hooks.example.cn/panlong", "Webhooks.Url.Https")]
    [InlineData("https://127.0.0.1/hook", "Webhooks.Url.Private")]
    [InlineData("https://localhost:8443/hook", "Webhooks.Url.Private")]
    [InlineData("https://10.1.2.3/hook", "Webhooks.Url.Private")]
    [InlineData("https://172.20.0.1/hook", "Webhooks.Url.Private")]
    [InlineData("https://192.168.1.1/hook", "Webhooks.Url.Private")]
    [InlineData("https://169.254.169.254/latest/meta-data", "Webhooks.Url.Private")]
    [InlineData("https://[::1]/hook", "Webhooks.Url.Private")]
    [InlineData("https://[fd00::1]/hook", "Webhooks.Url.Private")]
    [InlineData("https://[::ffff:10.0.0.1]/hook", "Webhooks.Url.Private")]
    [InlineData("https://user:pw@hooks.example.cn/", "Webhooks.Url.Invalid")]
    [InlineData("ftp://hooks.example.cn/", "Webhooks.Url.Invalid")]
    [InlineData("hooks.example.cn", "Webhooks.Url.Invalid")]
    public void Targets_Url_RefusedUnlessPublicHttps(string url, string? refusal)
    {
        Assert.Equal(refusal, new WebhookTargets(Settings()).Refusal(url));
    }

    [Fact]
    public void Targets_PrivateAllowedBySetting_AcceptsLoopback()
    {
        Assert.Null(new WebhookTargets(Settings(("Webhooks:AllowPrivateTargets", "true"), ("Webhooks:AllowHttp", "true"))).Refusal("http://127.0.0.1:5000/hook"));
    }

    [Fact]
    public async Task Targets_NameResolvingToLoopback_RefusedAtConnect()
    {
        // The URL check cannot see where a name points; the connection checks the addresses it resolved.
        using var handler = new SocketsHttpHandler { ConnectCallback = new WebhookTargets(Settings()).ConnectAsync };
        using var client = new HttpClient(handler);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://localhost:9/")));
        Assert.Contains("no public address", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_AfterEachFailure_DoublesWithJitterUpToTheCap()
    {
        var settings = Settings(("Webhooks:RetryBaseSeconds", "30"), ("Webhooks:RetryCapMinutes", "60"));

        Assert.Equal(TimeSpan.FromSeconds(15), settings.DelayAfter(1, 0));
        Assert.Equal(TimeSpan.FromSeconds(30), settings.DelayAfter(1, 1));
        Assert.Equal(TimeSpan.FromSeconds(60), settings.DelayAfter(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(120), settings.DelayAfter(3, 1));
        Assert.Equal(TimeSpan.FromMinutes(60), settings.DelayAfter(20, 1));
        Assert.Equal(TimeSpan.FromMinutes(30), settings.DelayAfter(200, 0));
    }
}
