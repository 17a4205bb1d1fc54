namespace Panlong.Data.Registry;

/// <summary>What a form gives for one legal entity; <see cref="GridId"/> counts only without a building (then the building's grid holds).</summary>
public sealed record LegalEntityInput(
    string? Name,
    string? CreditCode,
    string? EntityType,
    string? LegalRepresentative = null,
    string? Address = null,
    long? BuildingId = null,
    int GridId = 0);

/// <summary>What a form gives for one building; the grid follows from the position.</summary>
public sealed record BuildingInput(string? Name, string? Address, int Floors, BuildingUse Use, double? Lat, double? Lng);

/// <summary>What a form gives for one house; grid and scope are its building's.</summary>
public sealed record HouseInput(long BuildingId, string? Unit, string? Room, HouseUse Use, decimal Area);

/// <summary>The collection standard's field rules for legal entities, buildings and houses; each refusal names the field.</summary>
public static class PlaceRules
{
    /// <summary>The types the form offers (市场主体登记 categories as the district records them).</summary>
    public static readonly IReadOnlyList<string> EntityTypes =
        ["有限责任公司", "股份有限公司", "个体工商户", "农民专业合作社", "社会组织", "机关事业单位", "其他"];

    public static IReadOnlyList<FieldError> Check(LegalEntityInput input)
    {
        var errors = new List<FieldError>();
        Text(errors, nameof(input.Name), input.Name, 200, required: true, "Entities.Name.Required");
        var problem = SocialCreditCode.Check(input.CreditCode);
        if (problem != NumberProblem.None)
        {
            errors.Add(new FieldError(nameof(input.CreditCode), $"Entities.CreditCode.{problem}"));
        }
        Text(errors, nameof(input.EntityType), input.EntityType, 30, required: true, "Entities.EntityType.Required");
        Text(errors, nameof(input.LegalRepresentative), input.LegalRepresentative, 50, required: false, "Entities.LegalRepresentative.TooLong");
        Text(errors, nameof(input.Address), input.Address, 200, required: false, "Entities.Address.TooLong");
        return errors;
    }

    public static IReadOnlyList<FieldError> Check(BuildingInput input)
    {
        var errors = new List<FieldError>();
        Text(errors, nameof(input.Name), input.Name, 100, required: true, "Buildings.Name.Required");
        Text(errors, nameof(input.Address), input.Address, 200, required: true, "Buildings.Address.Required");
        if (input.Floors is < 1 or > 200)
        {
            errors.Add(new FieldError(nameof(input.Floors), "Buildings.Floors.OutOfRange"));
        }
        if (input.Lat is not { } lat || input.Lng is not { } lng || !double.IsFinite(lat) || !double.IsFinite(lng))
        {
            errors.Add(new FieldError("Position", "Buildings.Position.Required"));
        }
        return errors;
    }

    public static IReadOnlyList<FieldError> Check(HouseInput input)
    {
        var errors = new List<FieldError>();
        if (input.BuildingId <= 0)
        {
            errors.Add(new FieldError(nameof(input.BuildingId), "Houses.Building.Required"));
        }
        Text(errors, nameof(input.Unit), input.Unit, 20, required: false, "Houses.Unit.TooLong");
        Text(errors, nameof(input.Room), input.Room, 20, required: true, "Houses.Room.Required");
        if (input.Area is <= 0 or > 100_000)
        {
            errors.Add(new FieldError(nameof(input.Area), "Houses.Area.OutOfRange"));
        }
        return errors;
    }

    public static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Text(List<FieldError> errors, string field, string? value, int max, bool required, string code)
    {
        var length = Trimmed(value)?.Length ?? 0;
        if ((required && length == 0) || length > max)
        {
            errors.Add(new FieldError(field, code));
        }
    }
}
