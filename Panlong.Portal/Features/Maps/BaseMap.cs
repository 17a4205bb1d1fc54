namespace Panlong.Portal.Features.Maps;

/// <summary>
/// The tiles drawn under the regions, from the <c>Maps</c> settings (docs/decisions/0033-report-map.md): none by default, so the
/// portal works offline; 天地图 with <c>Maps:TiandituKey</c>; or any XYZ template in <c>Maps:TileUrl</c>. Positions stay WGS-84, so
/// only WGS-84/CGCS2000 tiles (天地图, OpenStreetMap) line up; GCJ-02 tiles (高德, 腾讯) would be off by hundreds of metres.
/// </summary>
public sealed record BaseMap(string? TileUrl, string? LabelUrl, string Subdomains, string Attribution)
{
    public static readonly BaseMap None = new(null, null, "", "");

    public bool IsNone => string.IsNullOrEmpty(TileUrl);

    public static BaseMap From(IConfiguration configuration)
    {
        var maps = configuration.GetSection("Maps");
        if (maps["TiandituKey"] is { Length: > 0 } key)
        {
            // WMTS in Web Mercator (…_w), KVP requests; vec = streets, img = imagery, each with its own label layer (cva / cia).
            var layer = maps["TiandituLayer"] is "img" ? "img" : "vec";
            var labels = layer == "img" ? "cia" : "cva";
            return new BaseMap(Tianditu(layer, key), Tianditu(labels, key), "01234567",
                maps["TileAttribution"] is { Length: > 0 } own ? own : "© 天地图 tianditu.gov.cn");
        }
        return maps["TileUrl"] is { Length: > 0 } url
            ? new BaseMap(url, null, maps["TileSubdomains"] is { Length: > 0 } s ? s : "abc", maps["TileAttribution"] ?? "")
            : None;
    }

    private static string Tianditu(string layer, string key) =>
        $"https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w"
        + $"&FORMAT=tiles&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={Uri.EscapeDataString(key)}";
}
