using System.Globalization;

namespace Panlong.Data;

/// <summary>
/// A part of a whole as the platform shows it: percent with one decimal, rounded half away from zero (1 of 16 → 6.3,
/// the way a statistical table rounds; banker's rounding would give 6.2). Counted in decimal, so an exact .x5 stays one. Nothing to measure against (a whole of
/// zero) is no figure at all rather than 0 or 100. A shown share never exceeds 100 %: a figure whose part could outgrow its
/// whole is a count, not a rate (ADR 21).
/// </summary>
public readonly record struct Ratio(int Part, int Whole)
{
    public const string Missing = "—";

    /// <summary>Percent, one decimal, at most 100; null when the whole is zero.</summary>
    public double? Percent => Whole <= 0 ? null : (double)Math.Min(100m, Math.Round(100m * Part / Whole, 1, MidpointRounding.AwayFromZero));

    /// <summary>"95.4%", or "—" when there is nothing to measure.</summary>
    public override string ToString() => Format(Percent);

    /// <summary>A percent figure as shown: "95.4%"; "—" for a figure that has nothing to measure.</summary>
    public static string Format(double? percent) =>
        percent is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : Missing;
}
