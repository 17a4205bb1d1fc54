using System.Net;
using System.Text.Json;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// While the database cannot be reached, people get a 503 page with one sentence, programs a 503 problem with code
/// <c>unavailable</c>, the operator a readiness answer naming the database; afterwards everything answers again
/// (docs/decisions/0019-database-outages.md).
/// </summary>
public sealed class OutagePagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Sentence = "服务暂时不可用，请稍后重试";

    private async Task<HttpResponseMessage> DuringOutageAsync(Func<Task<HttpResponseMessage>> request)
    {
        using var outage = portal.TakeDatabaseAway();
        return await request();
    }

    [Fact]
    public async Task Page_WhenDatabaseIsUnavailable_Answers503WithTheSentence_AndRecovers()
    {
        var client = await portal.SignedInAsync("dispatcher.tuodong");

        // Home reads its area's counts while prerendering; the desk reads nothing then (its table loads live and says
        // when the database is away, and since ADR 99 its categories wait for the filter's first use).
        var during = await DuringOutageAsync(() => client.GetAsync("/"));
        var after = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Contains(Sentence, await during.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull(during.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Api_WhenDatabaseIsUnavailable_Answers503ProblemUnavailable()
    {
        var client = await portal.SignedInAsync("dispatcher.tuodong");

        var response = await DuringOutageAsync(() => client.GetAsync("/api/cases/"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("unavailable", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains(Sentence, problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReady_WhenDatabaseIsUnavailable_NamesTheDatabase()
    {
        var client = portal.Anonymous();

        var response = await DuringOutageAsync(() => client.GetAsync("/health/ready"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["database"], health.RootElement.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        var database = health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "database");
        Assert.Equal("数据库不可用 (Sqlite)", database.GetProperty("description").GetString());
    }

    [Fact]
    public async Task SignIn_WhenDatabaseIsUnavailable_SaysServiceUnavailable_NotAnError()
    {
        var client = portal.Anonymous();
        await client.GetStringAsync("/account/login");

        var response = await DuringOutageAsync(() => PortalFactory.PostLoginAsync(client, "dispatcher.tuodong", Panlong.Workflows.Demo.DemoAccounts.Password));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains(Sentence, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
