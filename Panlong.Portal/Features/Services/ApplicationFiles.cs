using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Panlong.Data.Audit;
using Panlong.Data.Services;
using Panlong.Portal.Features.ApiReference;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Services;

namespace Panlong.Portal.Features.Services;

/// <summary>
/// Downloads of an application's materials and documents, for whoever may see the application. A document's PDF is
/// drawn from the words kept when it was issued; its QR opens the public progress page, or for a decision the
/// public verify page. The applicant's first download of the result counts as delivery (送达).
/// </summary>
public static class ApplicationFiles
{
    /// <summary>Browser downloads, not an API: a file the caller may not see answers a bare 404 so that the portal's not-found page shows.</summary>
    public static IEndpointRouteBuilder MapApplicationFiles(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/applications/{number}").RequireAuthorization().WithTags("Services");
        group.MapGet("/materials/{id:long}", MaterialAsync).WithName("ApplicationMaterial")
            .WithSummary("An uploaded material of an application the caller may see; each view is audited")
            .File("application/pdf", "image/jpeg", "image/png");
        group.MapGet("/documents/{id:long}.pdf", DocumentAsync).WithName("ApplicationDocument")
            .WithSummary("An issued document as PDF; the applicant's first download of the decision counts as delivery").File("application/pdf");
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> MaterialAsync(HttpContext http, ApplicationQueries queries, ApplicationService applications,
        MaterialStore store, string number, long id, CancellationToken ct)
    {
        var detail = await queries.DetailAsync(WorkflowActor.From(http.User), number, ct);
        var material = detail?.Application.Materials.FirstOrDefault(m => m.Id == id);
        var stream = material is null ? null : store.Open(material.StoredPath);
        if (stream is null)
        {
            return TypedResults.NotFound();
        }
        await applications.AuditMaterialViewAsync(number, material!.MaterialName, WorkflowActor.From(http.User), detail!.IsApplicant, ct);
        return TypedResults.Stream(stream, material.ContentType, material.FileName);
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> DocumentAsync(HttpContext http, ApplicationQueries queries, ApplicationService applications,
        ServiceDocumentRenderer renderer, Shell.PublicAddress publicAddress, AuditLog audit, string number, long id, CancellationToken ct)
    {
        var detail = await queries.DetailAsync(WorkflowActor.From(http.User), number, ct);
        if (detail?.Documents.FirstOrDefault(d => d.Id == id) is not { } document)
        {
            return TypedResults.NotFound();
        }
        var bytes = renderer.Render(Content(document, detail.Application, publicAddress.BaseUrl(http)));
        if (detail.IsApplicant && document.Kind is ServiceDocumentKind.Certificate or ServiceDocumentKind.DenialNotice)
        {
            await applications.MarkDeliveredAsync(detail.Application.Id, WorkflowActor.From(http.User), ct);
        }
        else if (!detail.IsApplicant)
        {
            // Staff reading an applicant's papers: audited (issue 15).
            await audit.WriteAsync(AuditActions.DocumentDownloaded, http.User.FindFirstValue(ClaimTypes.NameIdentifier), http.User.Identity?.Name, number, document.Title, ct: ct);
        }
        return TypedResults.File(bytes, "application/pdf", $"{document.Title}-{number}.pdf");
    }

    /// <summary>What the PDF of an issued document says.</summary>
    public static ServiceDocumentContent Content(ApplicationDocument document, ServiceApplication application, string baseUrl)
    {
        var words = JsonSerializer.Deserialize<DocumentContent>(document.Content, ServiceItem.Json)!;
        var decision = document.Kind is ServiceDocumentKind.Certificate or ServiceDocumentKind.DenialNotice;
        return new ServiceDocumentContent(document.Kind, document.Title, document.DocumentNumber, application.Number!, application.ServiceName, application.ApplicantName,
            document.IssuerName, document.IssuedAt, words.Facts, words.Paragraphs,
            decision ? $"{baseUrl}/verify/{document.VerifyCode}" : $"{baseUrl}/track/{application.TrackCode}",
            decision ? "扫码核验文书真伪" : "扫码查看办理进度");
    }
}
