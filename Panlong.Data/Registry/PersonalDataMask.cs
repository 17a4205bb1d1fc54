namespace Panlong.Data.Registry;

/// <summary>docs/domain.md §5: personal data is masked on screen and in exports unless the viewer's role needs it.</summary>
public static class PersonalDataMask
{
    /// <summary><c>13812341234</c> → <c>138****1234</c>.</summary>
    public static string Phone(string? phone) =>
        string.IsNullOrEmpty(phone) ? "" : phone.Length < 7 ? new string('*', phone.Length) : phone[..3] + "****" + phone[^4..];

    /// <summary>An 18-character ID keeps its 6-digit region and last 4: <c>530103********1234</c>.</summary>
    public static string IdNumber(string? id) =>
        string.IsNullOrEmpty(id) ? "" : id.Length < 10 ? new string('*', id.Length) : id[..6] + new string('*', id.Length - 10) + id[^4..];

    /// <summary>
    /// Free text marked personal (a bank account, a card number): the last four characters stay when there are eight or more,
    /// enough to tell two accounts apart; <c>6222021234567890123</c> → <c>***************0123</c>. Masking a masked value changes nothing.
    /// </summary>
    public static string Text(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value.Length < 8 ? new string('*', value.Length) : new string('*', value.Length - 4) + value[^4..];

    /// <summary>The surname stays: <c>张伟</c> → <c>张*</c>, <c>欧阳娜娜</c> keeps one character too (compound surnames are rare).</summary>
    public static string Name(string? name) =>
        string.IsNullOrEmpty(name) ? "" : name[..1] + new string('*', Math.Max(1, name.Length - 1));
}
