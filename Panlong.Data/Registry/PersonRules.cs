namespace Panlong.Data.Registry;

/// <summary>What a form, an import row or an API call gives for one person.</summary>
public sealed record PersonInput(
    string? Name,
    string? IdNumber,
    string? Phone = null,
    string? Ethnicity = null,
    HouseholdType Household = HouseholdType.Registered,
    SpecialGroups Groups = SpecialGroups.None,
    IdType IdType = IdType.ResidentId);

/// <summary>A refusal naming the field and the reason; <see cref="Code"/> is a localizer key such as <c>Registry.IdNumber.WrongCheckCharacter</c>.</summary>
public sealed record FieldError(string Field, string Code);

/// <summary>The collection standard's rules for a person record, and how the record stores personal data.</summary>
public static class PersonRules
{
    public static IReadOnlyList<FieldError> Check(PersonInput input, DateOnly today)
    {
        var errors = new List<FieldError>();
        var name = input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 50)
        {
            errors.Add(new FieldError(nameof(PersonInput.Name), "Registry.Name.Required"));
        }
        if (input.IdType == IdType.ResidentId)
        {
            var problem = ResidentIdNumber.Check(input.IdNumber, today);
            if (problem != NumberProblem.None)
            {
                errors.Add(new FieldError(nameof(PersonInput.IdNumber), $"Registry.IdNumber.{problem}"));
            }
        }
        else if (string.IsNullOrWhiteSpace(input.IdNumber) || input.IdNumber.Trim().Length > 30)
        {
            errors.Add(new FieldError(nameof(PersonInput.IdNumber), "Registry.IdNumber.Empty"));
        }
        if (!string.IsNullOrWhiteSpace(input.Phone) && !PhoneNumber.IsValid(input.Phone))
        {
            errors.Add(new FieldError(nameof(PersonInput.Phone), "Registry.Phone.Invalid"));
        }
        return errors;
    }

    /// <summary>The normalized ID number the search hash is computed from.</summary>
    public static string NormalizedId(PersonInput input) =>
        input.IdType == IdType.ResidentId ? ResidentIdNumber.Normalize(input.IdNumber) : (input.IdNumber ?? "").Trim().ToUpperInvariant();

    /// <summary>Copies a checked input onto a record: encrypted, hashed and masked personal data; birth date, region and gender derived from the ID.</summary>
    public static void Apply(Person person, PersonInput input, PersonalDataProtector protector)
    {
        var id = NormalizedId(input);
        person.Name = input.Name!.Trim();
        person.IdType = input.IdType;
        person.IdCipher = protector.Encrypt(id);
        person.IdHash = protector.Hash(id);
        person.IdMasked = PersonalDataMask.IdNumber(id);
        if (input.IdType == IdType.ResidentId)
        {
            person.BirthDate = ResidentIdNumber.BirthDate(id);
            person.RegionCode = ResidentIdNumber.RegionCode(id);
            person.Gender = ResidentIdNumber.IsMale(id) ? Gender.Male : Gender.Female;
        }
        var phone = string.IsNullOrWhiteSpace(input.Phone) ? null : PhoneNumber.Normalize(input.Phone);
        person.PhoneCipher = phone is null ? null : protector.Encrypt(phone);
        person.PhoneHash = phone is null ? null : protector.Hash(phone);
        person.PhoneMasked = phone is null ? null : PersonalDataMask.Phone(phone);
        person.Ethnicity = string.IsNullOrWhiteSpace(input.Ethnicity) ? null : input.Ethnicity.Trim();
        person.Household = input.Household;
        person.Groups = input.Groups;
    }
}
