using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Panlong.Portal.Tests;

/// <summary>
/// The in-memory server has no client address; this gives each test client one of its own (from a header only tests send),
/// so the limits per address (docs/decisions/0027-rate-limits.md) count one client's requests as they would one person's.
/// </summary>
public sealed class ClientAddress : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    private static int _last;

    /// <summary>A fresh address in 10.0.0.0/8, never handed out twice in a test run.</summary>
    public static IPAddress Next()
    {
        var n = Interlocked.Increment(ref _last);
        return new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]);
    }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, following) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header], out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }
            return following(context);
        });
        next(app);
    };
}
