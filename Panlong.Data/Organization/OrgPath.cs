using System.Diagnostics.CodeAnalysis;

namespace Panlong.Data.Organization;

/// <summary>The levels of the region tree, top down; the value is the level's position in a region's path.</summary>
public enum OrgLevel
{
    District,
    Street,
    Community,
    Grid,
}

/// <summary>
/// A materialized path of org codes from the district down (<c>/530103/530103001/530103001001/</c>, ADR 7); <c>/</c> is
/// the whole tree. Region codes are digits that grow by three per level (6 district, 9 street, 12 community, 15 grid,
/// GB/T 2260 plus serials); command centers and departments carry a suffix (530103001-ZX, 530103-BM01), so a path that
/// ends in one is not a region. Entities keep the string column (the index the prefix match uses); code reads it through here.
/// </summary>
public sealed record OrgPath
{
    public static readonly OrgPath Root = new("/");

    private OrgPath(string value) => Value = value;

    public string Value { get; }

    /// <summary>The codes from the district down; none for the root.</summary>
    public IReadOnlyList<string> Codes => Value.Length == 1 ? [] : Value[1..^1].Split('/');

    /// <summary>How many codes the path has: 1 for the district, 4 for a grid, 0 for the root.</summary>
    public int Depth => Value.Count(c => c == '/') - 1;

    /// <summary>The path's own unit; empty for the root.</summary>
    public string Leaf => Value.Length == 1 ? "" : Value[(Value.LastIndexOf('/', Value.Length - 2) + 1)..^1];

    public OrgPath? Parent => Value.Length == 1 ? null : new(Value[..(Value.LastIndexOf('/', Value.Length - 2) + 1)]);

    /// <summary>The root and paths that end in a region (all digits); not a command center's or department's.</summary>
    public bool IsRegion => Value.Length == 1 || Leaf.All(char.IsAsciiDigit);

    /// <summary>The region level the path ends at; null for the root, a command center or a department.</summary>
    public OrgLevel? Level => Value.Length > 1 && IsRegion && Depth - 1 <= (int)OrgLevel.Grid ? (OrgLevel)(Depth - 1) : null;

    /// <summary>The code at a level of the region tree; null when the path ends above it.</summary>
    public string? CodeAt(OrgLevel level) => Depth > (int)level ? Codes[(int)level] : null;

    /// <summary>The code at a level, or the path's own code when it ends above that level (a street asked for its community).</summary>
    public string CodeAtOrLeaf(OrgLevel level) => CodeAt(level) ?? Leaf;

    /// <summary>Ancestor-or-self: the path is <paramref name="other"/> or above it. /530103/530103001/ does not cover /530103/5301030011/.</summary>
    public bool Covers(OrgPath other) => other.Value.StartsWith(Value, StringComparison.Ordinal);

    /// <summary>Strictly below <paramref name="other"/>.</summary>
    public bool IsBelow(OrgPath other) => Value.Length > other.Value.Length && other.Covers(this);

    public OrgPath Child(string code) =>
        IsValidCode(code) ? new(Value + code + "/") : throw new FormatException($"'{code}' is not an org code.");

    public static OrgPath Parse(string path) =>
        TryParse(path, out var parsed) ? parsed : throw new FormatException($"'{path}' is not an org path (/530103/530103001/…).");

    public static bool TryParse(string? path, [NotNullWhen(true)] out OrgPath? parsed)
    {
        parsed = path == "/" ? Root
            : path is ['/', _, .., '/'] && !path.Contains("//", StringComparison.Ordinal) && !path.Any(char.IsWhiteSpace) ? new OrgPath(path)
            : null;
        return parsed is not null;
    }

    /// <summary>
    /// The path of a region from its code alone: region codes nest (530103001001 lies in 530103001 in 530103).
    /// Null for anything that is not a region code.
    /// </summary>
    public static OrgPath? OfRegion(string? code)
    {
        if (code is null || LevelOfCode(code) is not { } level)
        {
            return null;
        }
        var path = Root;
        for (var l = OrgLevel.District; l <= level; l++)
        {
            path = path.Child(code[..CodeLength(l)]);
        }
        return path;
    }

    /// <summary>The level of a region code by its length (6, 9, 12 or 15 digits); null for a center's or department's code.</summary>
    public static OrgLevel? LevelOfCode(string code) =>
        code.All(char.IsAsciiDigit) ? Enum.GetValues<OrgLevel>().Cast<OrgLevel?>().FirstOrDefault(l => CodeLength(l!.Value) == code.Length) : null;

    // GB/T 2260 gives the district six digits; each level below adds a three-digit serial.
    private static int CodeLength(OrgLevel level) => 6 + (3 * (int)level);

    public static implicit operator string(OrgPath path) => path.Value;

    public override string ToString() => Value;

    private static bool IsValidCode(string code) => code.Length > 0 && !code.Contains('/', StringComparison.Ordinal) && !code.Any(char.IsWhiteSpace);
}
