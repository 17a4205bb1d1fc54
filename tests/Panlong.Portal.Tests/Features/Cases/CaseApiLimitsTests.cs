using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Data;
using Panlong.Testing;

namespace Panlong.Portal.Tests.Features.Cases;

/// <summary>Input an attacker sends to the case API (issue 15): answered with a 400 in the user's language or an empty page, never a 500.</summary>
[Collection(nameof(PortalCollection))]
public class CaseApiLimitsTests(PortalFactory portal)
{
    private async Task<(double Lat, double Lng, int Category)> PlaceAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        var grid = await TestPlaces.GridAsync(db, "530103001001");
        var category = await db.CaseCategories.Where(c => c.Code == "14-01").Select(c => c.Id).SingleAsync();
        return (grid.Lat, grid.Lng, category);
    }

    private static MultipartFormDataContent Report(int category, double lat, double lng, string description, string? address = null, string? clientKey = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(category.ToString(CultureInfo.InvariantCulture)), "categoryId" },
            { new StringContent(description), "description" },
            { new StringContent(lat.ToString(CultureInfo.InvariantCulture)), "lat" },
            { new StringContent(lng.ToString(CultureInfo.InvariantCulture)), "lng" },
        };
        if (address is not null)
        {
            form.Add(new StringContent(address), "address");
        }
        if (clientKey is not null)
        {
            form.Add(new StringContent(clientKey), "clientKey");
        }
        return form;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("invalid", problem.GetProperty("code").GetString());
        return problem.GetProperty("errors");
    }

    [Theory]
    [InlineData("NaN", "102.7")]
    [InlineData("25.1", "Infinity")]
    [InlineData("-Infinity", "102.7")]
    [InlineData("91", "102.7")]
    [InlineData("25.1", "-181")]
    public async Task Nearby_PositionNotOnTheGlobe_Is400InChinese(string lat, string lng)
    {
        var (_, _, category) = await PlaceAsync();
        var inspector = await portal.SignedInAsync("inspector");

        var errors = await ProblemAsync(await inspector.GetAsync($"/api/cases/nearby?categoryId={category}&lat={lat}&lng={lng}"));

        Assert.Contains("有效的纬度", errors.GetProperty("position")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_PageBeyondAnyCount_IsAnEmptyPageNotAnOverflow()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await portal.SignedInAsync("inspector");
        Assert.Equal(HttpStatusCode.Created, (await inspector.PostAsync("/api/cases", Report(category, lat, lng, "井盖缺失，行人易跌落"))).StatusCode);

        // int.MaxValue × 100 wraps to -100 in 32 bits: SQLite read that as the first page, PostgreSQL as an error.
        var response = await inspector.GetAsync($"/api/cases?kind=Reported&page={int.MaxValue}&pageSize=100");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(0, list.GetProperty("rows").GetArrayLength());
        Assert.True(list.GetProperty("total").GetInt32() > 0);
    }

    [Fact]
    public async Task Report_AddressOrClientKeyLongerThanTheirColumns_IsRefusedByField()
    {
        var (lat, lng, category) = await PlaceAsync();
        var inspector = await portal.SignedInAsync("inspector");

        var address = await ProblemAsync(await inspector.PostAsync("/api/cases", Report(category, lat, lng, "地址过长的案件描述", address: new string('路', 201))));
        var key = await ProblemAsync(await inspector.PostAsync("/api/cases", Report(category, lat, lng, "客户端标识过长的案件描述", clientKey: new string('k', 65))));

        Assert.Contains("200", address.GetProperty("address")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("64", key.GetProperty("clientKey")[0].GetString(), StringComparison.Ordinal);
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PanlongDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Cases.AnyAsync(c => c.Description == "地址过长的案件描述" || c.Description == "客户端标识过长的案件描述"));
    }
}
