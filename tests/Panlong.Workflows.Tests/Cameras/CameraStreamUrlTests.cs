using Microsoft.Extensions.Configuration;
using Panlong.Workflows.Cameras;

namespace Panlong.Workflows.Tests.Cameras;

/// <summary>The stream address rule (issue 19 "bad input and safety", docs/decisions/0072-cameras.md).</summary>
public class CameraStreamUrlTests
{
    private static readonly string[] Allowed = ["video.panlong.gov.cn", "127.0.0.1:8554"];

    [Theory]
    [InlineData("https://video.panlong.gov.cn/live/cam-1/index.m3u8")]
    [InlineData("http://VIDEO.panlong.gov.cn:8080/live/cam-1/index.M3U8?token=abc")]
    [InlineData("http://127.0.0.1:8554/test/index.m3u8")]
    public void Check_HttpPlaylistOnAnAllowedHost_IsAccepted(string url) => Assert.Null(CameraStreamUrl.Check(url, Allowed));

    [Theory]
    [InlineData(null, "Cameras.Url.Required")]
    [InlineData("  ", "Cameras.Url.Required")]
    [InlineData("video panlong index.m3u8", "Cameras.Url.Invalid")]
    // On Linux a rooted path reads as a file: address.
    [InlineData("/live/cam-1/index.m3u8", "Cameras.Url.Scheme")]
    [InlineData("file:///etc/passwd", "Cameras.Url.Scheme")]
    [InlineData("ftp://video.panlong.gov.cn/index.m3u8", "Cameras.Url.Scheme")]
    [InlineData("javascript:alert(1)//.m3u8", "Cameras.Url.Scheme")]
    [InlineData("rtsp://video.panlong.gov.cn/live", "Cameras.Url.Scheme")]
    [InlineData("https://admin:secret@video.panlong.gov.cn/index.m3u8", "Cameras.Url.Credentials")]
    [InlineData("http://169.254.169.254/latest/meta-data.m3u8", "Cameras.Url.Host")]
    [InlineData("http://127.0.0.1:5432/index.m3u8", "Cameras.Url.Host")]
    [InlineData("https://video.panlong.gov.cn.evil.example/index.m3u8", "Cameras.Url.Host")]
    [InlineData("https://evil.example/video.panlong.gov.cn/index.m3u8", "Cameras.Url.Host")]
    [InlineData("https://video.panlong.gov.cn/live/cam-1/index.mp4", "Cameras.Url.NotHls")]
    public void Check_RefusedAddress_SaysWhy(string? url, string reason) => Assert.Equal(reason, CameraStreamUrl.Check(url, Allowed));

    [Fact]
    public void Check_NoHostConfigured_RefusesEveryAddress() =>
        Assert.Equal("Cameras.Url.Host", CameraStreamUrl.Check("https://video.panlong.gov.cn/index.m3u8", []));

    [Fact]
    public void CspSources_NameWithoutPort_AllowsAnyPortAndNameWithPortOnlyThatPort() =>
        Assert.Equal(" http://video.panlong.gov.cn:* https://video.panlong.gov.cn:* http://127.0.0.1:8554 https://127.0.0.1:8554", CameraStreamUrl.CspSources(Allowed));

    [Theory]
    [InlineData("Cameras:AllowedHosts", " Video.Panlong.gov.cn , 127.0.0.1:8554,")]
    [InlineData("Cameras:AllowedHosts:0", "video.panlong.gov.cn")]
    public void Settings_AllowedHosts_ReadAsListOrArrayInLowerCase(string key, string value)
    {
        var settings = new CameraSettings(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build());

        Assert.Equal("video.panlong.gov.cn", settings.AllowedHosts[0]);
    }
}
