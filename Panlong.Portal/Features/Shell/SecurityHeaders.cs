namespace Panlong.Portal.Features.Shell;

/// <summary>
/// Headers every answer carries (issue 15): the browser must not guess a content type (an uploaded file served as
/// text/plain must not run as script or style), other sites learn only our origin from links, and nothing dynamic —
/// pages, APIs, materials, documents, all of which may carry personal data — is kept in a browser or proxy cache.
/// Static assets set their own caching, which stays.
/// </summary>
public static class SecurityHeaders
{
    public const string ReferrerPolicy = "strict-origin-when-cross-origin";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
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
            return Task.CompletedTask;
        });
        return next(context);
    });
}
