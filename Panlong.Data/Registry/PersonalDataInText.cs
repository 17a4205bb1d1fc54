using System.Text.RegularExpressions;

namespace Panlong.Data.Registry;

/// <summary>
/// ID and mobile numbers typed into free text (a forum post, a legal question): masked on display with
/// <see cref="PersonalDataMask"/>'s rules, or removed when a text is published anonymized (docs/domain.md §5).
/// </summary>
public static partial class PersonalDataInText
{
    public const string Removed = "[已隐去]";

    /// <summary>An 18-character resident ID (GB 11643: 17 digits and a digit or X) not inside a longer number.</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")]
    private static partial Regex IdNumberPattern();

    /// <summary>A mainland mobile number (1[3-9] and nine digits), optionally split 3-4-4 by a space or a dash, with or without +86.</summary>
    [GeneratedRegex(@"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")]
    private static partial Regex MobilePattern();

    /// <summary>The text as shown to everyone: <c>530103198501011234</c> → <c>530103********1234</c>, <c>13812341234</c> → <c>138****1234</c>.</summary>
    public static string Mask(string? text) =>
        string.IsNullOrEmpty(text) ? "" : MobilePattern().Replace(IdNumberPattern().Replace(text, m => PersonalDataMask.IdNumber(m.Value)),
            m => PersonalDataMask.Phone(Digits(m.Value)));

    /// <summary>Whether the text holds an ID or mobile number (flagged to staff).</summary>
    public static bool HasPersonalData(string? text) => !string.IsNullOrEmpty(text) && (IdNumberPattern().IsMatch(text) || MobilePattern().IsMatch(text));

    /// <summary>
    /// The text with ID and mobile numbers and each given name removed, for publication: no fragment of them stays
    /// (a masked number still tells its region and last digits).
    /// </summary>
    public static string Anonymize(string? text, IEnumerable<string?> names)
    {
        var result = MobilePattern().Replace(IdNumberPattern().Replace(text ?? "", Removed), Removed);
        foreach (var name in names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).Distinct().OrderByDescending(n => n.Length))
        {
            result = result.Replace(name, "某某", StringComparison.Ordinal);
        }
        return result;
    }

    // The last national digits: "+86 138-1234-1234" masks as 138****1234.
    private static string Digits(string value)
    {
        var digits = new string([.. value.Where(char.IsAsciiDigit)]);
        return digits.Length > 11 ? digits[^11..] : digits;
    }
}
