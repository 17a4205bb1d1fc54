using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Localization;
using Microsoft.Net.Http.Headers;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// The answer of every plain-list export: the workbook (or, for a file name ending in .csv, the first sheet as CSV)
/// streamed into the response as <see cref="PlainSheet"/> writes it, with its progress kept under the page's token
/// (<see cref="ExportProgress"/>) when the page sent one. The caller has already checked role and scope and written the
/// audit entry (docs/decisions/0051-every-list-export-streams.md).
/// </summary>
public sealed class PlainSheetFile(string fileName, IReadOnlyList<PlainSheet.Sheet> sheets, int total = 0, string? progressToken = null) : IResult, IEndpointMetadataProvider
{
    /// <summary>The API description's 200: a workbook or a CSV file (docs/decisions/0094-openapi-and-scalar.md).</summary>
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), [ListWorkbook.ContentType, PlainCsv.ContentType]));

    public string FileName => fileName;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var user = httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var exports = httpContext.RequestServices.GetRequiredService<ExportProgress>();
        // Without localization (a measurement harness) an empty list is its header alone.
        var emptyNote = httpContext.RequestServices.GetService<IStringLocalizer<SharedResource>>()?["Export.Empty"].Value;
        var token = ExportProgress.IsToken(progressToken) ? progressToken! : null;
        var progress = token is null ? null : exports.Start(user, token, total);
        var csv = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        httpContext.Response.ContentType = csv ? PlainCsv.ContentType : ListWorkbook.ContentType;
        httpContext.Response.Headers.ContentDisposition = disposition.ToString();
        // MiniExcel's zip writes synchronously, from the writer's own thread (PlainSheet.WriteAsync).
        if (httpContext.Features.Get<IHttpBodyControlFeature>() is { } body)
        {
            body.AllowSynchronousIO = true;
        }
        var written = 0;
        var ended = false;
        try
        {
            var ct = httpContext.RequestAborted;
            written = csv ? await PlainCsv.WriteAsync(httpContext.Response.Body, sheets[0], progress, ct)
                : await PlainSheet.WriteAsync(httpContext.Response.Body, sheets, progress, emptyNote, ct: ct);
            ended = true;
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            // The user went away: the rows stopped being read (PlainSheet), the response is abandoned, nothing is on disk.
        }
        finally
        {
            if (token is not null)
            {
                exports.Finish(user, token, written, stopped: !ended);
            }
        }
    }
}
