using Microsoft.Extensions.Localization;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Documents;

/// <summary>
/// Marks an endpoint as a list's export (docs/decisions/0051-every-list-export-streams.md): a user whose role may not make
/// it is answered 403 with a sentence saying so, instead of a bare status or the access-denied page, because the link is
/// followed as a download and the browser shows no page for it.
/// </summary>
public sealed class ListExport
{
    private static readonly ListExport Marker = new();

    public static TBuilder Of<TBuilder>(TBuilder endpoint) where TBuilder : IEndpointConventionBuilder => endpoint.WithMetadata(Marker);

    /// <summary>Answers the refusal if the request is for a list's export; false otherwise (the caller answers as usual).</summary>
    public static bool TryRefuse(HttpContext http, out Task refusal)
    {
        refusal = Task.CompletedTask;
        if (http.GetEndpoint()?.Metadata.GetMetadata<ListExport>() is null)
        {
            return false;
        }
        var L = http.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        refusal = ApiProblems.Forbidden(L["Export.Forbidden"]).ExecuteAsync(http);
        return true;
    }
}
