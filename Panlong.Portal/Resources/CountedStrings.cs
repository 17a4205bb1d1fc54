using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace Panlong.Portal.Resources;

/// <summary>
/// English counts "1 working day" but "2 working days"; Chinese does not change. A key with a ".One" sibling in the strings
/// table gives the text for a count of one (in Chinese the same text), so no sentence says "1 working days" (issue 16).
/// </summary>
public static partial class CountedStrings
{
    public static LocalizedString Counted(this IStringLocalizer localizer, string key, decimal? count, params object[] arguments)
    {
        if (count == 1 && localizer[key + ".One"] is { ResourceNotFound: false })
        {
            return arguments.Length == 0 ? localizer[key + ".One"] : localizer[key + ".One", arguments];
        }
        return arguments.Length == 0 ? localizer[key] : localizer[key, arguments];
    }

    /// <summary>A composite-format placeholder: {index} or {index:format}.</summary>
    [GeneratedRegex(@"\{(\d+)(?::([^}]*))?\}")]
    public static partial Regex Placeholder();
}
