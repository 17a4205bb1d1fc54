using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Services;
using Panlong.Portal.Tests.Features.Services;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Issue 15, hole 9: Production behind the TLS proxy. A Production portal over the seeded database of the Development one,
/// with one known proxy; each request comes from the address its X-Test-Peer header names.
/// </summary>
[Collection(nameof(PortalCollection))]
public class BehindProxyTests(PortalFactory portal)
{
    private const string Proxy = "10.20.0.2";
    private const string Stranger = "198.51.100.23";

    private WebApplicationFactory<Program> Production()
    {
        _ = portal.Services; // the Development portal has seeded the database this one serves
        return portal.WithWebHostBuilder(b => PortalFactory.Production(b)
            .UseSetting("Portal:KnownProxies:0", Proxy)
            .ConfigureServices(s => s.AddSingleton<IStartupFilter>(new PeerAddress())));
    }

    private static HttpClient Client(WebApplicationFactory<Program> factory, string baseAddress, string peer, params (string Name, string Value)[] headers)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri(baseAddress), AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add(PeerAddress.Header, peer);
        foreach (var (name, value) in headers)
        {
            client.DefaultRequestHeaders.Add(name, value);
        }
        return client;
    }

    [Fact]
    public async Task ForwardedProto_FromTheKnownProxy_GivesHstsAndSecureCookies()
    {
        await using var production = Production();
        var client = Client(production, "http://panlong.example", Proxy, ("X-Forwarded-Proto", "https"));

        var response = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task ForwardedProto_FromAnUnknownAddress_IsIgnored_AndThePlainRequestGoesToHttps()
    {
        await using var production = Production();
        var client = Client(production, "http://panlong.example", Stranger, ("X-Forwarded-Proto", "https"));

        var response = await client.GetAsync("/account/login");

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://panlong.example/account/login", response.Headers.Location?.ToString());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task HealthProbe_OverPlainHttpFromTheHost_IsAnsweredWithoutRedirect()
    {
        await using var production = Production();

        var response = await Client(production, "http://127.0.0.1", "127.0.0.1").GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SignIn_AuditsTheForwardedAddress_OnlyWhenTheKnownProxySentIt()
    {
        await using var production = Production();
        var viaProxy = Client(production, "https://panlong.example", Proxy, ("X-Forwarded-For", "203.0.113.77"));
        var direct = Client(production, "https://panlong.example", Stranger, ("X-Forwarded-For", "203.0.113.88"));

        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(viaProxy, "clerk.dongzhuang", Panlong.Workflows.Demo.DemoAccounts.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(direct, "clerk.dongzhuang", Panlong.Workflows.Demo.DemoAccounts.Password)).StatusCode);

        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var addresses = await db.AuditEntries.Where(e => e.Action == AuditActions.SignIn && e.UserName == "clerk.dongzhuang").Select(e => e.IpAddress).ToListAsync();
        Assert.Contains("203.0.113.77", addresses);
        Assert.Contains(Stranger, addresses);
        Assert.DoesNotContain("203.0.113.88", addresses);
    }

    [Fact]
    public async Task VerifyLink_InAPrintedDecision_IsThePublicUrl_WhateverHostTheRequestNamed()
    {
        var applications = new ServiceApplicationPortalTests(portal);
        var number = await applications.SubmitAsync();
        await applications.ActAsync("clerk", number, ApprovalContract.Accept);
        await applications.ActAsync("approver.sc", number, ApprovalContract.Approve, "经营场所符合要求");
        var certificate = (await applications.DocumentsAsync(number)).Single(d => d.Kind == ServiceDocumentKind.Certificate);
        await using var production = Production();

        // A Host AllowedHosts does not list is refused outright; one it lists (the host's own address) is not the public address.
        Assert.Equal(HttpStatusCode.BadRequest, (await Client(production, "https://evil.example", Stranger).GetAsync("/account/login")).StatusCode);
        var resident = Client(production, "https://127.0.0.1", Stranger);
        Assert.Equal(HttpStatusCode.Redirect, (await PortalFactory.PostLoginAsync(resident, "resident", Panlong.Workflows.Demo.DemoAccounts.Password)).StatusCode);
        var pdf = await resident.GetByteArrayAsync($"/applications/{number}/documents/{certificate.Id}.pdf");

        Assert.Equal($"https://panlong.example/verify/{certificate.VerifyCode}", PrintedPage.Qr(pdf, 1).Text);
    }

    /// <summary>
    /// TestServer connections have no address, which the forwarded-headers middleware trusts like a known proxy; this gives each
    /// request the address its X-Test-Peer header names, as Kestrel would give the TCP peer's.
    /// </summary>
    private sealed class PeerAddress : IStartupFilter
    {
        public const string Header = "X-Test-Peer";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
