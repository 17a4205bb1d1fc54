using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// The answer of every plain-list export: the workbook streamed into the response as <see cref="PlainSheet"/> writes it,
/// with its progress kept under the page's token (<see cref="ExportProgress"/>) when the page sent one. The caller has
/// already checked role and scope and written the audit entry.
/// </summary>
public sealed class PlainSheetFile(string fileName, IReadOnlyList<PlainSheet.Sheet> sheets, int total = 0, string? progressToken = null) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var user = httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var exports = httpContext.RequestServices.GetRequiredService<ExportProgress>();
        var token = ExportProgress.IsToken(progressToken) ? progressToken! : null;
        var progress = token is null ? null : exports.Start(user, token, total);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        httpContext.Response.ContentType = ListWorkbook.ContentType;
        httpContext.Response.Headers.ContentDisposition = disposition.ToString();
        // MiniExcel's zip writes synchronously, from the writer's own thread (PlainSheet.WriteAsync).
        if (httpContext.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }
        var written = 0;
        try
        {
            written = await PlainSheet.WriteAsync(httpContext.Response.Body, sheets, progress, httpContext.RequestAborted);
        }
        finally
        {
            if (token is not null)
            {
                exports.Finish(user, token, written);
            }
        }
    }
}
