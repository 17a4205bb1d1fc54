using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Features.Pwa;

/// <summary>A category the offline form offers: its id for the report, its code and names (data in Chinese).</summary>
public sealed record OfflineCategory(int Id, string Code, string Label);

/// <summary>
/// What the static offline form needs to work without the server: the active categories, its words in every language of the
/// portal (the string tables' <c>Pwa.*</c> keys, without the prefix), the photo limits, and whose reports it keeps
/// (<see cref="User"/>: another account on the same phone does not send them).
/// </summary>
public sealed record OfflineForm(string User, IReadOnlyList<OfflineCategory> Categories, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Strings,
    int MaxPhotos, long MaxPhotoBytes);

/// <summary>
/// The offline form's data, fetched by the phone while online and kept by the service worker (docs/decisions/0092-offline-phone-app.md).
/// Only those who may report a case get it; the report itself goes to <c>POST /api/cases</c> with every check there.
/// </summary>
public static class OfflineFormApi
{
    public const string Prefix = "Pwa.";

    public static IEndpointRouteBuilder MapOfflineForm(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/pwa/form", FormAsync).WithName("GetOfflineReportForm").WithTags("Cases")
            .WithSummary("The offline report form's categories, words (zh-CN and en) and photo limits for the signed-in reporter")
            .RequireAuthorization(p => p.RequireRole(Roles.CaseReporters.Split(',')))
            // The phone app's queue asks it with its token to learn whose reports it may send (docs/decisions/0097-app-token-queue.md).
            .WithMetadata(new TokenScopeAttribute(TokenScopes.CasesWrite));
        return app;
    }

    public static async Task<Ok<OfflineForm>> FormAsync(HttpContext http, CaseQueries queries, CasePhotoStore photos, IStringLocalizer<SharedResource> L,
        CancellationToken ct)
    {
        var categories = (await queries.CategoriesAsync(ct: ct)).Select(c => new OfflineCategory(c.Id, c.Code, $"{c.MajorName} · {c.Name}")).ToList();
        var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        return TypedResults.Ok(new OfflineForm(user, categories, Strings(L), CaseService.MaxPhotos, photos.MaxBytes));
    }

    /// <summary>Every <c>Pwa.*</c> string in every culture of the portal, so the form can change language without the server.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Strings(IStringLocalizer L)
    {
        var asked = CultureInfo.CurrentUICulture;
        try
        {
            var keys = L.GetAllStrings(includeParentCultures: true).Select(s => s.Name).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
            var strings = new Dictionary<string, IReadOnlyDictionary<string, string>>();
            foreach (var culture in PortalSetup.Cultures)
            {
                CultureInfo.CurrentUICulture = culture;
                var words = keys.ToDictionary(k => k[Prefix.Length..], k => L[k].Value);
                words["App"] = L["App.Title"];
                strings[culture.Name] = words;
            }
            return strings;
        }
        finally
        {
            CultureInfo.CurrentUICulture = asked;
        }
    }
}
