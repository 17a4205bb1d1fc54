using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Panlong.Portal.Tests.Features.Shell;

namespace Panlong.Portal.Tests.Features.Pwa;

/// <summary>The phone app's offline form and its service worker as the portal serves them (docs/decisions/0092-offline-phone-app.md).</summary>
[Collection(nameof(PortalCollection))]
public partial class OfflineFormTests(PortalFactory portal)
{
    [Fact]
    public async Task FormData_ForAReporter_HasTheActiveCategoriesEveryWordInBothLanguagesAndTheOwner()
    {
        var gridWorker = await portal.SignedInAsync("gridworker");

        var response = await gridWorker.GetAsync("/api/pwa/form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var form = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(form.GetProperty("user").GetString()));
        var categories = form.GetProperty("categories").EnumerateArray().ToList();
        Assert.Contains(categories, c => c.GetProperty("label").GetString()!.Contains("暴露垃圾", StringComparison.Ordinal));
        var zh = form.GetProperty("strings").GetProperty("zh-CN");
        var en = form.GetProperty("strings").GetProperty("en");
        Assert.Equal("{0} 条等待发送", zh.GetProperty("Waiting").GetString());
        Assert.Equal("{0} waiting", en.GetProperty("Waiting").GetString());
        Assert.Equal(9, form.GetProperty("maxPhotos").GetInt32());
    }

    [Fact]
    public void OfflineForm_EveryWordItShows_IsInTheStringTables()
    {
        var root = ShellConsistencyTests.RepositoryRoot();
        var zh = XDocument.Load(Path.Combine(root, "Panlong.Portal", "Resources", "SharedResource.resx")).Root!
            .Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        var wwwroot = Path.Combine(root, "Panlong.Portal", "wwwroot");
        var script = File.ReadAllText(Path.Combine(wwwroot, "js", "offline-report.js"));
        var page = File.ReadAllText(Path.Combine(wwwroot, "offline.html"));
        var used = WordInScript().Matches(script).Concat(WordInPage().Matches(page)).Select(m => m.Groups[1].Value).Where(w => w != "App").ToHashSet();

        Assert.True(used.Count > 20, $"only {used.Count} words found");
        Assert.Empty(used.Select(w => "Pwa." + w).Except(zh));
    }

    [Fact]
    public async Task ServiceWorker_EveryFileItCachesOrImports_IsServed()
    {
        var client = portal.Anonymous();
        var worker = await client.GetStringAsync("/sw.js");
        var shell = ShellList().Match(worker).Groups[1].Value;
        var files = QuotedPath().Matches(shell).Select(m => m.Groups[1].Value)
            .Concat(["/lib/workbox/workbox-sw.js", "/lib/workbox/workbox-core.prod.js", "/lib/workbox/workbox-routing.prod.js", "/lib/workbox/workbox-strategies.prod.js"])
            .ToList();

        Assert.Contains("/offline.html", files);
        foreach (var file in files)
        {
            var response = await client.GetAsync(file);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
        }
        var manifest = JsonDocument.Parse(await client.GetStringAsync("/manifest.webmanifest")).RootElement;
        Assert.Equal("/cases/report", manifest.GetProperty("start_url").GetString());
        Assert.Contains(manifest.GetProperty("icons").EnumerateArray(), i => i.GetProperty("sizes").GetString() == "512x512");
    }

    [GeneratedRegex(@"\bt\('([A-Za-z.]+)'")]
    private static partial Regex WordInScript();

    [GeneratedRegex("data-text=\"([A-Za-z.]+)\"")]
    private static partial Regex WordInPage();

    [GeneratedRegex(@"const shell = \[([^\]]*)\]")]
    private static partial Regex ShellList();

    [GeneratedRegex("'(/[^']+)'")]
    private static partial Regex QuotedPath();
}
