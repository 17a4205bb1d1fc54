using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Portal.Features.Cases;

namespace Panlong.Portal.Features.Open311;

/// <summary>
/// The <c>media_url</c> of an Open311 request (issue 20 part 2, docs/open311.md): the thumbnail of the report's first photo at a
/// public address a partner can put in its own pages without our credentials. The address carries the photo's id sealed by the
/// portal's data-protection keys (shared by every node), so it cannot be guessed or turned into another photo's; only the
/// server-made thumbnail is served — re-encoded at 320 px, no EXIF position — never the original.
/// </summary>
public sealed class Open311Media(IDataProtectionProvider protection, IDbContextFactory<PanlongDbContext> dbFactory, CasePhotoStore store,
    Shell.PublicAddress publicAddress)
{
    public const string Path = Open311Api.Base + "/media";
    private const string Purpose = "Panlong.Open311.Media.v1";

    private IDataProtector Protector => protection.CreateProtector(Purpose);

    /// <summary>The public address of a photo's thumbnail, on the portal's public address (never the request's Host header).</summary>
    public string UrlOf(HttpContext http, long photoId) =>
        $"{publicAddress.BaseUrl(http)}{Path}/{Protector.Protect(photoId.ToString(System.Globalization.CultureInfo.InvariantCulture))}.jpg";

    /// <summary>The thumbnail a sealed address names, or null for an address we did not make or a photo gone (retention).</summary>
    public async Task<Stream?> OpenAsync(string token, CancellationToken ct)
    {
        long id;
        try
        {
            var sealedId = token.EndsWith(".jpg", StringComparison.Ordinal) ? token[..^4] : token;
            id = long.Parse(Protector.Unprotect(sealedId), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var path = await db.CasePhotos.AsNoTracking().Where(p => p.Id == id).Select(p => p.ThumbnailPath).SingleOrDefaultAsync(ct);
        return path is null ? null : store.Open(path);
    }

    public static async Task<IResult> GetAsync(Open311Media media, string token, CancellationToken ct) =>
        await media.OpenAsync(token, ct) is { } stream ? TypedResults.Stream(stream, "image/jpeg") : TypedResults.NotFound();
}
