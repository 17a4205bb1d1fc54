using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Identity;
using Panlong.Workflows.Demo;

namespace Panlong.Portal.Tests.Features.Identity;

/// <summary>
/// Sign-in limits (issue 15, docs/decisions/0027-rate-limits.md) with the real default limits: the address is throttled
/// before the password is checked, so a flood from one address locks nobody out, and unknown names do not flood the audit log.
/// </summary>
[Collection(nameof(PortalCollection))]
public class SignInThrottleTests(PortalFactory portal)
{
    private const string WrongPassword = "Wrong#Pass1";

    [Fact]
    public async Task SignInFlood_FromOneAddress_Is429OnTheForm_AndTheAccountIsNotLockedOut()
    {
        const string victim = "flood.victim";
        await portal.CreateUserAsync(victim);
        var attacker = portal.Anonymous();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await PortalFactory.PostLoginAsync(attacker, victim, WrongPassword));
        }
        var rightPasswordFromAttacker = await PortalFactory.PostLoginAsync(attacker, victim, DemoAccounts.Password);
        var owner = await PortalFactory.PostLoginAsync(portal.Anonymous(), victim, DemoAccounts.Password);

        // Four wrong passwords are checked; from the fifth on the address is refused before the password is looked at.
        Assert.All(answers.Take(4), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.All(answers.Skip(4).Append(rightPasswordFromAttacker), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.StatusCode));
        var refused = answers[^1];
        Assert.True(int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) > 0);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("操作太频繁，请 15 分钟后再试。", page, StringComparison.Ordinal);
        Assert.Contains("id=\"login-submit\"", page, StringComparison.Ordinal); // the form again, not a bare 429
        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        await using var db = await Factory().CreateDbContextAsync();
        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.Target == victim && a.Action == AuditActions.SignInFailed));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Target == victim && a.Action == AuditActions.LockedOut));
    }

    [Fact]
    public async Task SignIns_FromOneAddress_BeyondTheLimitPerMinute_Are429_WhateverTheNames()
    {
        var client = portal.Anonymous();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 21; i++)
        {
            statuses.Add((await PortalFactory.PostLoginAsync(client, $"nobody.{Guid.NewGuid():N}", WrongPassword)).StatusCode);
        }

        Assert.All(statuses.Take(20), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task Administrator_WrongPasswordsFromManyAddresses_IsNotLockedOut()
    {
        const string admin = "throttle.secadmin";
        await portal.CreateUserAsync(admin, Roles.SecurityAdmin);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PortalFactory.PostLoginAsync(portal.Anonymous(), admin, WrongPassword)).StatusCode);
        }
        var right = await PortalFactory.PostLoginAsync(portal.Anonymous(), admin, DemoAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        await using var db = await Factory().CreateDbContextAsync();
        Assert.Equal(6, await db.AuditEntries.CountAsync(a => a.Target == admin && a.Action == AuditActions.SignInFailed));
        Assert.Equal(0, await db.AuditEntries.CountAsync(a => a.Target == admin && a.Action == AuditActions.LockedOut));
    }

    [Fact]
    public async Task UnknownNameFailures_AreWrittenAsOneSummaryRow_NotOneEach()
    {
        var address = ClientAddress.Next();
        var client = portal.Anonymous(address);
        var names = Enumerable.Range(0, 5).Select(i => $"ghost.{i}.{Guid.NewGuid():N}").ToList();

        foreach (var name in names)
        {
            Assert.Contains("用户名或密码错误", WebUtility.HtmlDecode(await (await PortalFactory.PostLoginAsync(client, name, WrongPassword)).Content.ReadAsStringAsync()),
                StringComparison.Ordinal);
        }
        await using var db = await Factory().CreateDbContextAsync();
        var before = await db.AuditEntries.CountAsync(a => a.IpAddress == address.ToString());
        await portal.Services.GetRequiredService<SignInSummary>().WriteAsync();
        var rows = await db.AuditEntries.Where(a => a.IpAddress == address.ToString()).ToListAsync();

        Assert.Equal(0, before);
        var row = Assert.Single(rows);
        Assert.Equal(AuditActions.SignInFailed, row.Action);
        Assert.Contains("未知账户登录失败 5 次", row.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await db.AuditEntries.Select(a => a.Target).ToListAsync(), t => names.Contains(t!));
    }

    private IDbContextFactory<PanlongDbContext> Factory() => portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>();
}
