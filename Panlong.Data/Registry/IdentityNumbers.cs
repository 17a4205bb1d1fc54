using System.Globalization;

namespace Panlong.Data.Registry;

/// <summary>Why a number was refused; the UI turns the code into a sentence in the user's language.</summary>
public enum NumberProblem
{
    None,
    Empty,
    WrongLength,
    BadCharacters,
    BadRegion,
    ImpossibleDate,
    FutureDate,
    WrongCheckCharacter,
}

/// <summary>
/// The 18-character citizen identity number (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence
/// (odd = male), and an ISO 7064 MOD 11-2 check character (0–9 or X).
/// </summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    public static string Normalize(string? value) => (value ?? "").Trim().ToUpperInvariant();

    public static NumberProblem Check(string? value, DateOnly today)
    {
        var id = Normalize(value);
        if (id.Length == 0)
        {
            return NumberProblem.Empty;
        }
        if (id.Length != 18)
        {
            return NumberProblem.WrongLength;
        }
        if (!id[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(id[17]) || id[17] == 'X'))
        {
            return NumberProblem.BadCharacters;
        }
        if (id[0] is '0' || id[..2] is "10" or "20" or "30" or "40" or "60" or "70" or "80" or "90")
        {
            return NumberProblem.BadRegion;
        }
        if (BirthDate(id) is not { } birth)
        {
            return NumberProblem.ImpossibleDate;
        }
        if (birth > today)
        {
            return NumberProblem.FutureDate;
        }
        return CheckCharacter(id) == id[17] ? NumberProblem.None : NumberProblem.WrongCheckCharacter;
    }

    /// <summary>The birth date the number encodes, or null if it is not a real date (e.g. 19900230).</summary>
    public static DateOnly? BirthDate(string id) =>
        id.Length >= 14 && DateOnly.TryParseExact(id[6..14], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year >= 1850
            ? date
            : null;

    public static string RegionCode(string id) => id[..6];

    /// <summary>The 17th digit: odd for men, even for women.</summary>
    public static bool IsMale(string id) => (id[16] - '0') % 2 == 1;

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>A valid number for the given region, birth date and sequence (demo data and tests).</summary>
    public static string Create(string region, DateOnly birth, int sequence)
    {
        var first17 = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("000", CultureInfo.InvariantCulture);
        return first17 + CheckCharacter(first17);
    }
}

/// <summary>
/// The unified social credit code (GB 32100-2015): 18 characters from 0–9 and capital letters without I, O, Z, S, V;
/// registering authority, entity type, 6-digit region, 9-character organization code, and a MOD 31 check character.
/// </summary>
public static class SocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static string Normalize(string? value) => (value ?? "").Trim().ToUpperInvariant();

    public static NumberProblem Check(string? value)
    {
        var code = Normalize(value);
        if (code.Length == 0)
        {
            return NumberProblem.Empty;
        }
        if (code.Length != 18)
        {
            return NumberProblem.WrongLength;
        }
        if (!code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)))
        {
            return NumberProblem.BadCharacters;
        }
        if (!code[2..8].All(char.IsAsciiDigit))
        {
            return NumberProblem.BadRegion;
        }
        return CheckCharacter(code) == code[17] ? NumberProblem.None : NumberProblem.WrongCheckCharacter;
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += Alphabet.IndexOf(first17[i], StringComparison.Ordinal) * Weights[i];
        }
        var check = (31 - (sum % 31)) % 31;
        return Alphabet[check];
    }

    /// <summary>A valid code: authority 9 (工商), type 1 (企业) or 2 (个体工商户), the region, a 9-character organization code.</summary>
    public static string Create(char type, string region, string organization)
    {
        var first17 = "9" + type + region + organization;
        return first17 + CheckCharacter(first17);
    }
}

public static class PhoneNumber
{
    public static string Normalize(string? value) => new((value ?? "").Where(c => char.IsAsciiDigit(c) || c == '-').ToArray());

    /// <summary>A mainland mobile number (1[3-9] + 9 digits) or a landline with area code (0871-12345678).</summary>
    public static bool IsValid(string? value)
    {
        var phone = Normalize(value);
        if (phone.Length == 11 && phone[0] == '1' && phone[1] is >= '3' and <= '9' && phone.All(char.IsAsciiDigit))
        {
            return true;
        }
        var digits = phone.Replace("-", "", StringComparison.Ordinal);
        return phone.StartsWith('0') && digits.All(char.IsAsciiDigit) && digits.Length is >= 10 and <= 12;
    }
}
