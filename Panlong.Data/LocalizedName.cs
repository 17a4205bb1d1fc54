using System.Globalization;

namespace Panlong.Data;

/// <summary>
/// A name that data gives in Chinese and, where someone has written it, in English (process states and actions, service
/// items, their materials and form fields). English readers get the English one; where it is missing they get the Chinese
/// one, and <see cref="Lang"/> tells the page to mark it as Chinese text (docs/decisions/0038-localized-names.md).
/// </summary>
public readonly record struct LocalizedName(string Chinese, string? English)
{
    public static bool ReaderIsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public bool ShowsEnglish => ReaderIsEnglish && !string.IsNullOrWhiteSpace(English);

    public string Text => ShowsEnglish ? English!.Trim() : Chinese;

    /// <summary>The <c>lang</c> attribute of the element showing the name: "zh-CN" when an English page falls back to the Chinese one.</summary>
    public string? Lang => ReaderIsEnglish && !ShowsEnglish ? "zh-CN" : null;

    public override string ToString() => Text;

    public static implicit operator string(LocalizedName name) => name.Text;
}
