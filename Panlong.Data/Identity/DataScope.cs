using System.Security.Claims;
using Panlong.Data.Organization;

namespace Panlong.Data.Identity;

/// <summary>
/// The part of the org tree a user may see: the subtree under <see cref="RootPath"/>.
/// Built on the server from the signed-in principal; every list and detail query goes through
/// <see cref="DataScopeQueries.InScope{T}"/>.
/// </summary>
public sealed record DataScope(string? RootPath)
{
    public const string ScopeClaim = "panlong:scope";
    public const string OrgUnitClaim = "panlong:org";
    public const string OrgNameClaim = "panlong:orgname";

    public static readonly DataScope None = new((string?)null);

    public bool IsNone => RootPath is null;

    /// <summary>The root as a path; null for no scope (and for a claim that is not a path, which then covers nothing).</summary>
    public OrgPath? Root => OrgPath.TryParse(RootPath, out var root) ? root : null;

    /// <summary>A row lies in the scope when its path is the root's or below it; a row without a path lies in none.</summary>
    public bool Covers(string scopePath) => Root is { } root && OrgPath.TryParse(scopePath, out var path) && root.Covers(path);

    public static DataScope For(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return None;
        }
        var path = user.FindFirst(ScopeClaim)?.Value;
        return string.IsNullOrEmpty(path) ? None : new DataScope(path);
    }

    /// <summary>
    /// A command center commands the region it sits in (a street sub-center sees its street);
    /// every other unit sees its own subtree.
    /// </summary>
    public static string RootPathFor(OrgUnit unit) =>
        unit.Kind == OrgUnitKind.CommandCenter && unit.Parent is not null ? unit.Parent.ScopePath : unit.ScopePath;
}

public static class DataScopeQueries
{
    public static IQueryable<T> InScope<T>(this IQueryable<T> query, DataScope scope)
        where T : class, IOrgScoped
    {
        if (scope.RootPath is not { } root)
        {
            return query.Where(_ => false);
        }
        return query.Where(x => x.ScopePath.StartsWith(root));
    }
}
