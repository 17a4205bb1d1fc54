using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Portal.Features.Shell;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Shell;

/// <summary>
/// Issue 15, hole 4: a page on a sibling host or port posted a report to /api/cases with the victim's cookie (SameSite=Lax
/// lets it through) and got 201. A state-changing API request signed in by the cookie needs the antiforgery token now.
/// </summary>
[Collection(nameof(PortalCollection))]
public class ApiAntiforgeryTests(PortalFactory portal)
{
    /// <summary>What a cross-site form can send: the fields, and the cookie the browser adds — but no header of its own.</summary>
    private async Task<(MultipartFormDataContent Form, string ClientKey)> ReportFormAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        var key = Guid.NewGuid().ToString("N");
        var form = new MultipartFormDataContent
        {
            { new StringContent(category.ToString(CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent("跨站提交的案件"), "description" },
            { new StringContent(grid.Lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(grid.Lng.ToString(CultureInfo.InvariantCulture)), "lng" },
            { new StringContent(key), "clientKey" },
        };
        return (form, key);
    }

    private async Task<bool> CaseExistsAsync(string clientKey)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        return await db.Cases.AnyAsync(c => c.ClientKey == clientKey);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(ApiProblems.Codes.Antiforgery, problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("X-CSRF-TOKEN", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CookiePost_WithoutTheToken_IsRefusedAndSavesNothing()
    {
        var victim = await portal.SignedInAsync("inspector");
        victim.DefaultRequestHeaders.Remove(ApiAntiforgery.HeaderName);
        var (form, key) = await ReportFormAsync();

        await AssertRefusedAsync(await victim.PostAsync("/api/cases", form));

        Assert.False(await CaseExistsAsync(key));
    }

    [Fact]
    public async Task CookiePost_WithAForgedOrAnotherUsersToken_IsRefused()
    {
        var victim = await portal.SignedInAsync("inspector");
        var attacker = await portal.SignedInAsync("supervisor");
        var attackersToken = attacker.DefaultRequestHeaders.GetValues(ApiAntiforgery.HeaderName).Single();

        foreach (var token in new[] { "forged", attackersToken })
        {
            victim.DefaultRequestHeaders.Remove(ApiAntiforgery.HeaderName);
            victim.DefaultRequestHeaders.Add(ApiAntiforgery.HeaderName, token);
            var (form, key) = await ReportFormAsync();

            await AssertRefusedAsync(await victim.PostAsync("/api/cases", form));
            Assert.False(await CaseExistsAsync(key));
        }
    }

    [Fact]
    public async Task CookiePost_WithTheToken_IsServed()
    {
        var inspector = await portal.SignedInAsync("inspector");
        var (form, key) = await ReportFormAsync();

        var response = await inspector.PostAsync("/api/cases", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(await CaseExistsAsync(key));
    }

    [Fact]
    public async Task ActionWithoutTheToken_IsRefused_EvenBeforeItsIfMatchIsLookedAt()
    {
        var victim = await portal.SignedInAsync("dispatcher.tuodong");
        victim.DefaultRequestHeaders.Remove(ApiAntiforgery.HeaderName);

        await AssertRefusedAsync(await victim.PostAsync("/api/cases/ANY/actions/Dispatch", new MultipartFormDataContent()));
    }

    [Fact]
    public async Task AnonymousPost_IsStillAnsweredUnauthorized()
    {
        var (form, _) = await ReportFormAsync();

        var response = await portal.Anonymous().PostAsync("/api/cases", form);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reads_NeedNoToken()
    {
        var inspector = await portal.SignedInAsync("inspector");
        inspector.DefaultRequestHeaders.Remove(ApiAntiforgery.HeaderName);

        Assert.Equal(HttpStatusCode.OK, (await inspector.GetAsync("/api/cases?kind=Reported")).StatusCode);
    }
}
