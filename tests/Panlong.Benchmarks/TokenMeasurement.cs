using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Panlong.Benchmarks;

/// <summary>
/// Token issuance per second against a running portal (issue 20's figure, docs/decisions/0091-phone-app-sign-in.md): the phone
/// app's refresh grant, the whole code + PKCE round (authorize as a signed-in person, exchange), and — given a partner
/// client's id and secret — client credentials. Each token is a signed and encrypted JWT with its database entry.
/// <c>measure-tokens &lt;portal url&gt; [client_id secret]</c>; the portal signs in <c>gridworker</c> of the demo data.
/// </summary>
public static partial class TokenMeasurement
{
    private const int Requests = 200;
    private const int Workers = 4;
    private const string ClientId = "panlong-phone";

    public static async Task<int> RunAsync(string[] args)
    {
        var portal = new Uri(args.FirstOrDefault() ?? throw new ArgumentException("measure-tokens <portal url> [client_id secret]"));
        using var person = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = portal };
        await SignInAsync(person, "gridworker");
        var redirect = new Uri(portal, "/app/signed-in").ToString();
        using var app = new HttpClient { BaseAddress = portal };

        async Task<JsonElement> CodeRoundAsync()
        {
            var verifier = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
            var authorize = QueryHelpers.AddQueryString("/connect/authorize", new Dictionary<string, string?>
            {
                ["response_type"] = "code", ["client_id"] = ClientId, ["redirect_uri"] = redirect, ["scope"] = "cases.read offline_access", ["state"] = "m",
                ["code_challenge"] = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))), ["code_challenge_method"] = "S256",
            });
            var answer = await person.GetAsync(authorize);
            var code = QueryHelpers.ParseQuery(answer.Headers.Location!.Query)["code"].ToString();
            return await TokenAsync(app, new()
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect, ["client_id"] = ClientId, ["code_verifier"] = verifier,
            });
        }

        var refreshTokens = new List<string>();
        for (var w = 0; w < Workers; w++)
        {
            refreshTokens.Add((await CodeRoundAsync()).GetProperty("refresh_token").GetString()!);
        }
        Report("authorization code + PKCE (authorize + exchange)", await TimeAsync(_ => CodeRoundAsync()));
        // Refresh tokens roll: each worker keeps the newest one its last refresh gave.
        Report("refresh_token (phone app)", await TimeAsync(async w =>
        {
            var body = await TokenAsync(app, new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshTokens[w], ["client_id"] = ClientId });
            refreshTokens[w] = body.GetProperty("refresh_token").GetString()!;
            return body;
        }));
        if (args.Length >= 3)
        {
            Report("client_credentials (partner)", await TimeAsync(_ => TokenAsync(app, new()
            {
                ["grant_type"] = "client_credentials", ["client_id"] = args[1], ["client_secret"] = args[2], ["scope"] = "cases.read",
            })));
        }
        return 0;
    }

    private static void Report(string what, double seconds) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {Requests / seconds:F0}/s ({Requests} tokens, {Workers} at a time, {seconds:F2} s)"));

    private static async Task<double> TimeAsync(Func<int, Task<JsonElement>> issue)
    {
        var left = Requests;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(async w =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                await issue(w);
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    private static async Task<JsonElement> TokenAsync(HttpClient app, Dictionary<string, string> fields)
    {
        var response = await app.PostAsync("/connect/token", new FormUrlEncodedContent(fields));
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode ? JsonDocument.Parse(text).RootElement : throw new InvalidOperationException($"{(int)response.StatusCode}: {text}");
    }

    private static async Task SignInAsync(HttpClient person, string userName)
    {
        var page = await person.GetStringAsync("/account/login");
        var token = Antiforgery().Match(page).Groups[1].Value;
        var response = await person.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = token, ["Input.UserName"] = userName, ["Input.Password"] = "Panlong#2026", ["Input.ReturnUrl"] = "",
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {response.StatusCode}");
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
