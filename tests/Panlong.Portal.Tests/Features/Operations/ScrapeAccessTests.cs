using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Panlong.Data.Providers;
using Panlong.Portal.Features.Operations;

namespace Panlong.Portal.Tests.Features.Operations;

/// <summary>Who may read the metrics (docs/operations.md): never everyone.</summary>
public class ScrapeAccessTests
{
    private static ScrapeAccess Access(params (string Key, string Value)[] settings) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => $"{ScrapeAccess.Section}:{s.Key}", s => (string?)s.Value)).Build());

    private static DefaultHttpContext From(string address, string? authorization = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }
        return context;
    }

    [Fact]
    public void Check_WithNothingConfigured_IsNotFoundForEveryone()
    {
        var access = Access();
        Assert.False(access.Enabled);
        Assert.Equal(404, access.Check(From("127.0.0.1")));
    }

    [Fact]
    public void Check_WithANetworkOnly_LetsItsAddressesInAndForbidsOthers()
    {
        var access = Access(("AllowedNetworks:0", "10.20.0.0/16"), ("AllowedNetworks:1", "::1/128"));
        Assert.Equal(200, access.Check(From("10.20.3.4")));
        Assert.Equal(200, access.Check(From("::ffff:10.20.3.4")));
        Assert.Equal(200, access.Check(From("::1")));
        Assert.Equal(403, access.Check(From("10.21.0.1")));
        // A token sent where none is configured opens nothing.
        Assert.Equal(403, access.Check(From("10.21.0.1", "Bearer anything")));
    }

    [Fact]
    public void Check_WithATokenOnly_WantsExactlyIt()
    {
        var access = Access(("Token", "s3cret"));
        Assert.Equal(200, access.Check(From("203.0.113.9", "Bearer s3cret")));
        Assert.Equal(401, access.Check(From("203.0.113.9", "Bearer s3cre")));
        Assert.Equal(401, access.Check(From("203.0.113.9", "Basic s3cret")));
        Assert.Equal(401, access.Check(From("127.0.0.1")));
    }

    [Fact]
    public void Constructor_WithANetworkThatIsNotCidr_RefusesToStart()
    {
        var e = Assert.Throws<StartupConfigurationException>(() => Access(("AllowedNetworks:0", "10.0.0.0/33")));
        Assert.Contains("CIDR", e.Message, StringComparison.Ordinal);
    }
}
