using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Panlong.Portal.Features.Shell;

namespace Panlong.Benchmarks;

/// <summary>
/// What the Content-Security-Policy adds to an HTML answer (docs/decisions/0024-browser-and-proxy-hardening.md): a
/// 16-byte nonce and the policy string, against the headers every answer already carried. The rest of a request is the same
/// either way, so the difference is the per-request cost. Run with <c>--filter *SecurityHeader* --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class SecurityHeaderBenchmarks
{
    private readonly string _tiles = ContentSecurityPolicy.TileSource("https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY");

    private static DefaultHttpContext Page()
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("panlong.example.gov.cn");
        context.Response.ContentType = "text/html; charset=utf-8";
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = SecurityHeaders.ReferrerPolicy;
        headers.CacheControl = "no-store";
        return context;
    }

    [Benchmark(Baseline = true)]
    public int HeadersBefore() => Page().Response.Headers.Count + _tiles.Length;

    [Benchmark]
    public int HeadersWithPolicy()
    {
        var context = Page();
        if (ContentSecurityPolicy.Applies(context.Response))
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy.For(context, _tiles);
        }
        return context.Response.Headers.Count;
    }
}
