using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;
using Panlong.Workflows.Engine.Runtime;
using Panlong.Workflows.Voice;

namespace Panlong.Portal.Features.Voice;

/// <summary>
/// A 社区微吧 post's photos (docs/decisions/0098-care-leftovers.md): read as the post is read (<see cref="VoiceQueries.PhotoAsync"/>),
/// a hidden post's never. Only server-made JPEGs leave — the thumbnail, or the photo re-encoded at <see cref="FullEdge"/> — so no
/// EXIF position reaches the neighbours; the uploaded original stays on disk for the audit. The full copy is made at the first
/// request and kept (<see cref="CasePhotoStore.CleanCopyAsync"/>), so a photo is re-encoded once, not at every view.
/// </summary>
public static class ForumPhotoApi
{
    /// <summary>The longer edge of a photo opened in full: enough for a phone screen, far less than a camera's original.</summary>
    public const int FullEdge = 1600;

    public static IEndpointRouteBuilder MapForumPhotoApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/forum/posts/{id:long}/photos/{index:int}", PhotoAsync).WithName("GetForumPhoto").WithTags("Forum")
            .WithSummary("A forum post's photo (JPEG, without metadata) or its thumbnail, for whoever may read the post; never a hidden post's")
            .RequireAuthorization(p => p.RequireRole(ForumPage.ForumReaders.Split(','))).File("image/jpeg").ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> PhotoAsync(HttpContext http, VoiceQueries queries,
        CasePhotoStore store, IStringLocalizer<SharedResource> L, long id, int index, [FromQuery] bool? thumb, CancellationToken ct)
    {
        var path = await queries.PhotoAsync(WorkflowActor.From(http.User), id, index, ct);
        if (path is not null && thumb == true && store.Open(CasePhotoStore.ThumbnailOf(path)) is { } thumbnail)
        {
            return TypedResults.Stream(thumbnail, "image/jpeg");
        }
        var copy = path is null || thumb == true ? null : await store.CleanCopyAsync(path, FullEdge, ct);
        return copy is null ? ApiProblems.NotFound(L["Forum.Problem.NotFound"]) : TypedResults.Stream(copy, "image/jpeg");
    }
}
