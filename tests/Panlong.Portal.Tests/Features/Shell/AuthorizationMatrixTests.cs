using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Issue 15's authorization matrix: every page and endpoint the portal's own endpoint data source holds is asked over
/// HTTP by anonymous callers, by a user of each role, and — for resources of one street — by a user of each role in
/// another street, and each answer is held to <see cref="AuthorizationMatrix"/>. A new endpoint without a row, or a
/// row whose endpoint is gone, fails here. Static files of wwwroot (the build's asset manifest) are public by design
/// and not rows.
/// </summary>
public partial class AuthorizationMatrixTests(AuthorizationMatrixPortal fixture, ITestOutputHelper output) : IClassFixture<AuthorizationMatrixPortal>
{
    /// <summary>What a page shows instead of its resource when the id is unknown or out of the caller's scope (they answer 200).</summary>
    private static readonly string[] NotFoundNotices =
        ["case-missing", "application-missing", "instance-not-found", "grid-not-found", "apply-missing", "track-missing", "guide-missing", "verify-invalid", "material-missing", "activity-missing", "incident-missing", "site-missing", "forum-missing", "law-missing"];

    private const string DeniedNotice = "access-denied";

    private const string SignOut = "POST /account/logout";
    // The phone app's sign-out ends the portal's session as well (ADR 97): asked last beside it.
    private const string AppSignOut = "POST /connect/logout";

    [Fact]
    public void EveryProbe_NamesIdsTheFixtureMakes()
    {
        var unknown = AuthorizationMatrix.Rows.SelectMany(r => r.Value.Probes.Select(p => (r.Key, p.Probe)))
            .Where(p => p.Probe is { } probe && Token().Matches(probe).Any(m => !fixture.Ids.ContainsKey(m.Groups[1].Value)))
            .Select(p => $"{p.Key}: {p.Probe}").ToList();

        Assert.True(unknown.Count == 0, $"Probes naming ids the fixture does not make ({string.Join(", ", fixture.Ids.Keys)}): " + string.Join(", ", unknown));
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachAskerAsTheMatrixSays()
    {
        var endpoints = MatrixEndpoint.All(fixture.Portal.Services).Where(e => AuthorizationMatrix.Rows.ContainsKey(e.Key)).ToList();
        var probes = (from e in endpoints
                      from access in AuthorizationMatrix.Rows[e.Key].Probes
                      from method in e.Methods
                      from who in AuthorizationMatrixPortal.Askers
                      where !who.OtherStreet || access.Scoped
                      select (e, access, method, who)).ToList();
        var wrong = new ConcurrentBag<string>();
        var seen = new ConcurrentDictionary<Answer, int>();
        var clock = Stopwatch.StartNew();

        // Signing out ends the asker's session on the server (issue 15 hole 7): it is asked after everything else.
        var last = probes.Where(p => p.e.Key is SignOut or AppSignOut).ToList();
        async ValueTask AskAndJudgeAsync((MatrixEndpoint e, Access access, string method, Asker who) probe, CancellationToken ct)
        {
            var (endpoint, access, method, who) = probe;
            var path = Fill(access.Probe ?? endpoint.Pattern);
            var (answer, status) = await AskAsync(fixture.Clients[who], method, path, ct);
            // Signing out succeeds by going to the sign-in page (without a return address, unlike a refusal).
            answer = endpoint.Key == SignOut && answer == Answer.SignIn && !status.Contains("ReturnUrl", StringComparison.Ordinal) ? Answer.Allowed : answer;
            seen.AddOrUpdate(answer, 1, (_, n) => n + 1);
            var expected = access.Expected(who);
            if (answer != expected)
            {
                wrong.Add($"{method} {path} (row \"{endpoint.Key}\") as {who}: expected {expected}, got {answer} ({status})");
            }
        }
        await Parallel.ForEachAsync(probes.Except(last), new ParallelOptions { MaxDegreeOfParallelism = 4 }, AskAndJudgeAsync);
        await Parallel.ForEachAsync(last, new ParallelOptions { MaxDegreeOfParallelism = 4 }, AskAndJudgeAsync);

        output.WriteLine($"{probes.Count} requests over {endpoints.Count} endpoints in {clock.Elapsed.TotalSeconds:F1} s " +
            $"({string.Join(", ", seen.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}"))}); set-up: {fixture.SetUp}");
        // The judge tells every kind of answer apart, or the comparison below could not fail.
        Assert.All(new[] { Answer.Allowed, Answer.SignIn, Answer.Denied, Answer.NotFound }, a => Assert.True(seen.ContainsKey(a), $"no {a} answer seen"));
        Assert.True(wrong.IsEmpty, $"{wrong.Count} of {probes.Count} answers differ from AuthorizationMatrix.Rows:\n" + string.Join('\n', wrong.Order(StringComparer.Ordinal)));
    }

    private string Fill(string probe) => Token().Replace(probe, m => fixture.Ids.TryGetValue(m.Groups[1].Value, out var id) ? id : m.Value);

    private static async Task<(Answer Answer, string Status)> AskAsync(HttpClient client, string method, string path, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == HttpMethods.Post)
        {
            // A minimal body; actions carry a version nobody saw, so a case in sight answers 412 and changes nothing.
            request.Content = new FormUrlEncodedContent([new("probe", "1")]);
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{Guid.NewGuid():N}\""));
        }
        using var response = await client.SendAsync(request, ct);
        var status = $"{(int)response.StatusCode}{(response.Headers.Location is { } to ? " → " + to : "")}";
        return (await ClassifyAsync(response, ct), status);
    }

    private static async Task<Answer> ClassifyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var code = (int)response.StatusCode;
        if (code >= 500)
        {
            return Answer.Broken;
        }
        switch (response.StatusCode)
        {
            case HttpStatusCode.Unauthorized:
                return Answer.SignIn;
            case HttpStatusCode.Forbidden:
                return Answer.Denied;
            case HttpStatusCode.NotFound:
                return Answer.NotFound;
            case HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.RedirectMethod or HttpStatusCode.TemporaryRedirect:
                var target = response.Headers.Location?.OriginalString ?? "";
                var path = Uri.TryCreate(new Uri("http://localhost/"), target, out var absolute) ? absolute.AbsolutePath : target;
                return path.StartsWith("/account/login", StringComparison.OrdinalIgnoreCase) ? Answer.SignIn
                    : path.StartsWith("/account/access-denied", StringComparison.OrdinalIgnoreCase) ? Answer.Denied
                    : Answer.Allowed;
            case HttpStatusCode.OK when response.Content.Headers.ContentType?.MediaType == "text/html":
                var html = await response.Content.ReadAsStringAsync(ct);
                return NotFoundNotices.Any(n => html.Contains($"data-testid=\"{n}\"", StringComparison.Ordinal)) ? Answer.NotFound
                    : html.Contains($"data-testid=\"{DeniedNotice}\"", StringComparison.Ordinal) ? Answer.Denied
                    : Answer.Allowed;
            default:
                return Answer.Allowed;
        }
    }

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Token();
}
