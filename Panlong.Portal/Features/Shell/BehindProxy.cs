using System.Net;
using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Panlong.Data.Providers;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// The address people use, <c>Portal:PublicUrl</c>: every absolute link the portal prints (the QR codes on documents) is
/// built from it, never from the request's Host header, which a client chooses (issue 15, hole 9). Required in
/// Production; elsewhere, without it, the request's own origin.
/// </summary>
public sealed class PublicAddress(string? configured)
{
    public const string Setting = "Portal:PublicUrl";

    /// <summary>E.g. <c>https://panlong.example.gov.cn</c>, without a trailing slash.</summary>
    public string BaseUrl(HttpContext http) => configured ?? $"{http.Request.Scheme}://{http.Request.Host}";
}

/// <summary>
/// Production behind the TLS proxy (deploy/nginx.conf, docs/operations.md, docs/decisions/0024-browser-and-proxy-hardening.md):
/// X-Forwarded-For/-Proto/-Host believed from known proxies only, HTTPS redirection and HSTS, cookies marked Secure, and
/// start-up refused without <c>Portal:PublicUrl</c> or with <c>AllowedHosts</c> left at <c>*</c>.
/// </summary>
public static class BehindProxy
{
    public const string KnownProxiesKey = "Portal:KnownProxies";
    public const string KnownNetworksKey = "Portal:KnownNetworks";
    public const string AllowedHostsKey = "AllowedHosts";

    public static IHostApplicationBuilder AddBehindProxy(this IHostApplicationBuilder builder)
    {
        var production = builder.Environment.IsProduction();
        var publicUrl = PublicUrl(builder.Configuration, production);
        var hosts = AllowedHosts(builder.Configuration, production);
        var services = builder.Services;
        services.AddSingleton(new PublicAddress(publicUrl?.GetLeftPart(UriPartial.Path).TrimEnd('/')));
        services.Configure<ForwardedHeadersOptions>(o => TrustProxies(o, builder.Configuration, hosts));
        if (publicUrl is { Scheme: "https" })
        {
            // Behind the proxy Kestrel has no HTTPS port to find by itself; people come in on the public one.
            services.AddHttpsRedirection(o => o.HttpsPort = publicUrl.Port);
        }
        return builder;
    }

    public static WebApplication UseBehindProxy(this WebApplication app)
    {
        var forwarded = app.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        // Without a known proxy nothing is believed; the middleware would also trust a connection without an address.
        if (forwarded.KnownProxies.Count > 0 || forwarded.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }
        if (app.Environment.IsProduction())
        {
            // Health probes come from the host itself over plain HTTP (deploy/README.md); everything else goes to HTTPS.
            app.UseWhen(c => !c.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase), b => b.UseHttpsRedirection());
            // Every cookie (sign-in, antiforgery, language, and any added later) is sent over HTTPS only.
            app.UseCookiePolicy(new CookiePolicyOptions { Secure = CookieSecurePolicy.Always });
        }
        return app;
    }

    private static Uri? PublicUrl(IConfiguration configuration, bool production)
    {
        var value = configuration[PublicAddress.Setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return production ? throw new StartupConfigurationException(
                $"生产环境必须设置配置项 {PublicAddress.Setting}（公众访问的地址，如 https://panlong.example.gov.cn），文书二维码中的链接由它生成。 " +
                $"({PublicAddress.Setting} must be set in Production: the address people use, e.g. https://panlong.example.gov.cn; links printed in documents are built from it.)")
                : null;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && (production || url.Scheme != Uri.UriSchemeHttp)))
        {
            throw new StartupConfigurationException(
                $"配置项 {PublicAddress.Setting} 的值“{value}”不是{(production ? " https " : " http(s) ")}地址。 ({PublicAddress.Setting} '{value}' is not an {(production ? "https" : "http(s)")} URL.)");
        }
        return url;
    }

    /// <summary>The Host names the portal answers to (<c>AllowedHosts</c>, separated by ';'); in Production not <c>*</c>.</summary>
    private static string[] AllowedHosts(IConfiguration configuration, bool production)
    {
        var hosts = (configuration[AllowedHostsKey] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (production && (hosts.Length == 0 || hosts.Contains("*")))
        {
            throw new StartupConfigurationException(
                $"生产环境的配置项 {AllowedHostsKey} 不能为 *，请列出公众访问的主机名（如 panlong.example.gov.cn;127.0.0.1，以分号分隔）。 " +
                $"({AllowedHostsKey} must not be * in Production: list the host names people use, separated by ';', e.g. panlong.example.gov.cn;127.0.0.1.)");
        }
        return hosts;
    }

    /// <summary>
    /// X-Forwarded-* are believed only from the addresses in <c>Portal:KnownProxies</c> and the networks (CIDR) in
    /// <c>Portal:KnownNetworks</c>: a client elsewhere cannot claim HTTPS, another address (written to the audit log) or another host.
    /// </summary>
    private static void TrustProxies(ForwardedHeadersOptions options, IConfiguration configuration, string[] hosts)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in configuration.GetSection(KnownProxiesKey).Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address : throw NotAnAddress(KnownProxiesKey, proxy, "IP 地址", "an IP address"));
        }
        foreach (var network in configuration.GetSection(KnownNetworksKey).Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed : throw NotAnAddress(KnownNetworksKey, network, "CIDR 网段", "a CIDR network such as 10.0.0.0/24"));
        }
        // A forwarded Host passes the same list as the Host header itself.
        if (!hosts.Contains("*"))
        {
            options.AllowedHosts = hosts;
        }
    }

    private static StartupConfigurationException NotAnAddress(string key, string value, string zh, string en) => new(
        $"配置项 {key} 中的“{value}”不是 {zh}。 (Setting {key} holds '{value}', which is not {en}.)");
}
