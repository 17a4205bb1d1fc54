using System.Net;
using Microsoft.Extensions.Localization;
using Panlong.Data.Providers;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// A request that failed because the database cannot be reached answers 503 with Retry-After, not a generic 500:
/// a page with one sentence for people, problem details with code <c>unavailable</c> for /api
/// (docs/decisions/0019-database-outages.md).
/// </summary>
public static class OutagePages
{
    public const int RetryAfterSeconds = 5;

    public static IApplicationBuilder UseOutagePages(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (DatabaseOutage.IsUnavailable(ex) && !context.Response.HasStarted)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OutagePages))
                .LogWarning(ex, "Database unavailable while serving {Path}", context.Request.Path);
            await WriteAsync(context);
        }
    });

    public static async Task WriteAsync(HttpContext context)
    {
        var sentence = context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Error.Unavailable"].Value;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await ApiProblems.Unavailable(sentence).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        var text = WebUtility.HtmlEncode(sentence);
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8" /><meta http-equiv="refresh" content="{RetryAfterSeconds * 2}" />
            <title>{text}</title></head>
            <body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1 data-testid="unavailable">{text}</h1>
            <p><a href="">{WebUtility.HtmlEncode(context.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>()["Error.Retry"].Value)}</a></p></body></html>
            """);
    }
}
