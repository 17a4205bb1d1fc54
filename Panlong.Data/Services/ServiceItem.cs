using System.Text.Json;
using System.Text.Json.Serialization;

namespace Panlong.Data.Services;

/// <summary>The article's five levels at which an item is handled.</summary>
public enum ServiceLevel
{
    Province,
    City,
    District,
    Street,
    Community,
}

/// <summary>Kinds of items by their code letters (行政许可 XK, 行政确认 QR, 行政给付 JF, 公共服务 GG, 其他行政权力 QT).</summary>
public enum ServiceKind
{
    Permit,
    Confirmation,
    Benefit,
    PublicService,
    Other,
}

public enum MaterialForm
{
    Original,
    Copy,
    Electronic,
}

public enum FieldType
{
    Text,
    Number,
    Date,
    Select,
    IdNumber,
    CreditCode,
    Phone,
}

/// <summary>One material an applicant hands in; <see cref="RegistryFact"/> names a registry fact that replaces it (信息多跑路).</summary>
public sealed record MaterialSpec(string Name, bool Mandatory, MaterialForm Form, string? RegistryFact = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NameEn = null)
{
    [JsonIgnore]
    public LocalizedName DisplayName => new(Name, NameEn);
}

/// <summary>
/// One field of the application form; <see cref="RegistryFact"/> pre-fills it from the registry. <see cref="Personal"/> marks
/// free text that holds personal data (a bank account…): shown masked like ID numbers, the full value only on an audited reveal.
/// </summary>
public sealed record FieldSpec(string Key, string Label, FieldType Type, bool Required = true, IReadOnlyList<string>? Options = null, string? RegistryFact = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Personal = false,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LabelEn = null)
{
    [JsonIgnore]
    public LocalizedName DisplayLabel => new(Label, LabelEn);
}

/// <summary>
/// 政务服务事项: one version of a service item. A change makes a new version (same code, version + 1) and the old one
/// stays for the applications that started on it; <see cref="IsCurrent"/> marks the one new applications use.
/// Rows are never edited, so the unique (code, version) index is the only concurrency guard needed.
/// </summary>
public class ServiceItem
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public int Version { get; set; }
    public bool IsCurrent { get; set; }
    public required string Name { get; set; }
    /// <summary>The English name; English pages show <see cref="Name"/> where it is missing (docs/decisions/0038-localized-names.md).</summary>
    public string? NameEn { get; set; }
    public ServiceKind Kind { get; set; }
    public ServiceLevel Level { get; set; }
    /// <summary>The implementing department (实施主体), an org unit code.</summary>
    public required string DepartmentCode { get; set; }
    /// <summary>Departments that approve in parallel with it (会签), comma-separated codes; null for one department.</summary>
    public string? CountersignCodes { get; set; }
    public int LegalDays { get; set; }
    public int PromisedDays { get; set; }
    public decimal Fee { get; set; }
    public string? FeeNote { get; set; }
    public required string Basis { get; set; }
    public required string Conditions { get; set; }
    public required string Audience { get; set; }
    /// <summary>JSON array of <see cref="MaterialSpec"/>.</summary>
    public string Materials { get; set; } = "[]";
    /// <summary>JSON array of <see cref="FieldSpec"/>.</summary>
    public string Fields { get; set; } = "[]";
    /// <summary>The approval process definition key (approval-single, approval-countersign).</summary>
    public required string ProcessKey { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    public LocalizedName DisplayName => new(Name, NameEn);

    public IReadOnlyList<MaterialSpec> MaterialList => JsonSerializer.Deserialize<List<MaterialSpec>>(Materials, Json) ?? [];

    public IReadOnlyList<FieldSpec> FieldList => JsonSerializer.Deserialize<List<FieldSpec>>(Fields, Json) ?? [];
}
