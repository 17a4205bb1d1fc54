using System.Globalization;
using Panlong.Data.Registry;

namespace Panlong.Data.Services;

/// <summary>
/// The rules of an item's application form, used alike by the form (to say at once what is wrong) and by the server
/// (which decides). Each rule answers with a resource key, or null when the value is acceptable.
/// </summary>
public static class ServiceForm
{
    public const int MaxTextLength = 500;

    /// <summary>Items whose form asks for a credit code are applied for by a legal entity's account; all others by a person.</summary>
    public static ApplicantKind ApplicantKindOf(IReadOnlyList<FieldSpec> fields) =>
        fields.Any(f => f.Type == FieldType.CreditCode) ? ApplicantKind.Entity : ApplicantKind.Person;

    public static string? Check(FieldSpec field, string? value, DateOnly today)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0)
        {
            return field.Required ? "Services.Field.Required" : null;
        }
        if (v.Length > MaxTextLength)
        {
            return "Services.Field.TooLong";
        }
        switch (field.Type)
        {
            case FieldType.Number:
                return decimal.TryParse(v, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) && n >= 0 ? null : "Services.Field.Number";
            case FieldType.Date:
                return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "Services.Field.Date";
            case FieldType.Select:
                return field.Options?.Contains(v) == true ? null : "Services.Field.Option";
            case FieldType.IdNumber:
                var idProblem = ResidentIdNumber.Check(v, today);
                return idProblem == NumberProblem.None ? null : "Registry.IdNumber." + idProblem;
            case FieldType.CreditCode:
                var codeProblem = SocialCreditCode.Check(v);
                return codeProblem == NumberProblem.None ? null : "Entities.CreditCode." + codeProblem;
            case FieldType.Phone:
                return PhoneNumber.IsValid(v) ? null : "Registry.Phone.Invalid";
            default:
                return null;
        }
    }

    /// <summary>The value as stored: ID numbers and credit codes upper-cased, phones without spaces.</summary>
    public static string Normalize(FieldSpec field, string? value) => field.Type switch
    {
        FieldType.IdNumber => ResidentIdNumber.Normalize(value),
        FieldType.CreditCode => SocialCreditCode.Normalize(value),
        FieldType.Phone => PhoneNumber.Normalize(value),
        _ => value?.Trim() ?? "",
    };

    /// <summary>
    /// Shown masked on every application view, and revealed only on an audited request of the window or the approver
    /// (docs/decisions/0010-personal-data-at-rest.md): ID numbers, phones and fields marked personal.
    /// </summary>
    public static bool IsMasked(FieldSpec field) => field.Type is FieldType.IdNumber or FieldType.Phone || field.Personal;

    /// <summary>The value as staff lists show it: ID numbers, phones and fields marked personal masked.</summary>
    public static string Display(FieldSpec field, string value) => field.Type switch
    {
        _ when value.Length == 0 => value,
        FieldType.IdNumber => PersonalDataMask.IdNumber(value),
        FieldType.Phone => PersonalDataMask.Phone(value),
        _ when field.Personal => PersonalDataMask.Text(value),
        _ => value,
    };
}
