using System.Text.Json;
using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Panlong.Portal.Features.Maps;
using Panlong.Portal.Features.Shell;

namespace Panlong.Portal.Tests.Features.Maps;

/// <summary>The base-map setting (docs/decisions/0033-report-map.md): none by default, 天地图 with its key, or any XYZ template.</summary>
public class BaseMapTests : PortalComponentTest
{
    private static readonly JsonSerializerOptions AsTheBrowserReadsIt =
        new(JsonSerializerOptions.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void BaseMap_WithNoSettingOrTheShippedEmptyOnes_IsNone_SoTheMapWorksOffline()
    {
        Assert.True(BaseMap.From(Settings()).IsNone);
        Assert.True(BaseMap.From(Settings(("Maps:TiandituKey", ""), ("Maps:TiandituLayer", "vec"), ("Maps:TileUrl", ""), ("Maps:TileAttribution", ""))).IsNone);
    }

    [Fact]
    public void BaseMap_WithATiandituKey_IsTiandituWmtsWithItsLabelsAndAttribution_AndTheCspLetsItsTilesIn()
    {
        var map = BaseMap.From(Settings(("Maps:TiandituKey", "k&1"), ("Maps:TiandituLayer", "img")));

        Assert.StartsWith("https://t{s}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile", map.TileUrl, StringComparison.Ordinal);
        Assert.Contains("TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k%261", map.TileUrl, StringComparison.Ordinal);
        Assert.Contains("/cia_w/wmts", map.LabelUrl, StringComparison.Ordinal);
        Assert.Equal("01234567", map.Subdomains);
        Assert.Contains("天地图", map.Attribution, StringComparison.Ordinal);
        Assert.Equal(" https://*.tianditu.gov.cn", ContentSecurityPolicy.TileSource(map.TileUrl));
    }

    [Fact]
    public void BaseMap_WithAnXyzTemplate_IsThatTemplateWithItsAttribution()
    {
        var map = BaseMap.From(Settings(("Maps:TileUrl", "https://tiles.example.org/{z}/{x}/{y}.png"), ("Maps:TileAttribution", "© OpenStreetMap")));

        Assert.Equal(("https://tiles.example.org/{z}/{x}/{y}.png", null, "© OpenStreetMap"), (map.TileUrl, map.LabelUrl, map.Attribution));
    }

    [Fact]
    public void DistrictMap_GivesTheConfiguredBaseMapAndTheOwnArea_ToTheBrowser()
    {
        Services.AddSingleton(Settings(("Maps:TiandituKey", "KEY42")));
        var module = JSInterop.SetupModule("./Features/Maps/DistrictMap.razor.js");
        var area = new OwnArea("530103001001", "东庄社区", "Community", 102.7, 25.0, 102.8, 25.1, []);

        Render<DistrictMap>(p => p.Add(m => m.Mode, "picker").Add(m => m.Area, area));

        var options = JsonSerializer.Serialize(module.Invocations["create"].Single().Arguments[2], AsTheBrowserReadsIt);
        Assert.Contains("tianditu.gov.cn/vec_w/wmts", options, StringComparison.Ordinal);
        Assert.Contains("tk=KEY42", options, StringComparison.Ordinal);
        Assert.Contains("\"ownArea\":{\"code\":\"530103001001\"", options, StringComparison.Ordinal);
        Assert.Contains("\"ownArea\":\"我的辖区\"", options, StringComparison.Ordinal);
    }
}
