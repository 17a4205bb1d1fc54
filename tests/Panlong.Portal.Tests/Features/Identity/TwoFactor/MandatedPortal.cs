using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity.TwoFactor;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity.TwoFactor;

/// <summary>
/// A portal of its own with the two-factor mandate on, as in production (Development turns it off for the demo accounts),
/// and accounts made per test so that no other test's demo account gets a second factor.
/// </summary>
public sealed partial class MandatedPortal : IAsyncLifetime
{
    private readonly PortalFactory _factory = new();

    public WebApplicationFactory<Program> Portal { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Portal = _factory.WithWebHostBuilder(b => b.UseSetting(TwoFactorSetup.RequireForAdminsKey, "true"));
        _ = Portal.Services;
        return Task.CompletedTask;
    }

    /// <summary>A browser of its own, from an address of its own: sign-in and code attempts are limited per address (ADR 27).</summary>
    public HttpClient Client()
    {
        var client = Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(ClientAddress.Header, ClientAddress.Next().ToString());
        return client;
    }

    /// <summary>A new account with one role in the district; with <paramref name="enrolled"/>, its key and recovery codes.</summary>
    public async Task<TestAccount> AccountAsync(string role, bool enrolled)
    {
        using var scope = Portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanlongUser>>();
        var district = (await users.FindByNameAsync("auditadmin"))!.OrgUnitId;
        var user = new PanlongUser { UserName = $"tf.{Guid.NewGuid():N}"[..14], DisplayName = "双因素测试", OrgUnitId = district, CreatedAt = DateTimeOffset.UtcNow };
        Check(await DemoAccounts.CreateWithDemoPasswordAsync(users, user));
        Check(await users.AddToRoleAsync(user, role));
        if (!enrolled)
        {
            return new TestAccount(user.UserName, user.Id, null, []);
        }
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        return new TestAccount(user.UserName, user.Id, await users.GetAuthenticatorKeyAsync(user), codes);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>Posts a static SSR form of <paramref name="path"/> (the token from the page as served) with its named handler.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, string handler, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = PortalFactory.AntiforgeryToken().Match(page).Groups[1].Value,
        };
        return await client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    /// <summary>The key as the enrolment page shows it (lower case in groups of four), back as the Base32 an app reads.</summary>
    public static string ShownKey(string page) => ShownKeyPattern().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    [GeneratedRegex("data-testid=\"authenticator-key\">([^<]+)<")]
    private static partial Regex ShownKeyPattern();

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _factory.DisposeAsync();
    }
}

public sealed record TestAccount(string UserName, string Id, string? Key, IReadOnlyList<string> RecoveryCodes);
