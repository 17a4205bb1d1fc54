namespace Panlong.Portal.Features.Shell;

/// <summary>
/// Headers every answer carries (issue 15): the browser must not guess a content type (an uploaded file served as
/// text/plain must not run as script or style), other sites learn only our origin from links, and nothing dynamic —
/// pages, APIs, materials, documents, all of which may carry personal data — is kept in a browser or proxy cache.
/// Static assets set their own caching, which stays. HTML pages also carry the <see cref="ContentSecurityPolicy"/>.
/// </summary>
public static class SecurityHeaders
{
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var configuration = app.ApplicationServices.GetRequiredService<IConfiguration>();
        var tiles = ContentSecurityPolicy.TileSource(Maps.BaseMap.From(configuration).TileUrl);
        var cameras = Panlong.Workflows.Cameras.CameraStreamUrl.CspSources(new Panlong.Workflows.Cameras.CameraSettings(configuration).AllowedHosts);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = ReferrerPolicy;
                if (string.IsNullOrEmpty(headers.CacheControl))
                {
                    headers.CacheControl = "no-store";
                }
                if (ContentSecurityPolicy.Applies(context.Response))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy.For(context, tiles, cameras);
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
