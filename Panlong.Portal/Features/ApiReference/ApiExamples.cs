using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Panlong.Portal.Features.ApiReference;

/// <summary>
/// The request bodies of the two ways a case comes in from outside — the case API's multipart report and Open311's
/// <c>POST requests</c> form — with an example each. Their handlers read the form field by field (photos, the spec's
/// names), so the framework cannot see a body type; the fields are described here, and a test posts each example
/// (ApiDocumentTests) so a renamed field fails it.
/// </summary>
public static class ApiExamples
{
    public const string ReportCase = "ReportCase";
    public const string Open311Post = "Open311PostRequest";

    public static readonly IReadOnlyList<(string Name, JsonSchemaType Type, string Description, bool Required)> CaseReportFields =
    [
        ("categoryId", JsonSchemaType.Integer, "案件小类编号 / the case category's id", true),
        ("description", JsonSchemaType.String, "问题描述 / what is wrong", true),
        ("lat", JsonSchemaType.Number, "纬度（WGS-84） / latitude", true),
        ("lng", JsonSchemaType.Number, "经度（WGS-84） / longitude", true),
        ("address", JsonSchemaType.String, "地址 / address", false),
        ("clientKey", JsonSchemaType.String, "客户端生成的唯一键，重发返回第一次的案件 / a key the client makes; a resend answers the first case", false),
        ("selfHandled", JsonSchemaType.Boolean, "网格员已自行处置 / the reporter handled it on the spot", false),
        ("callerName", JsonSchemaType.String, "来电人（受理员代报） / the caller's name (an acceptor reporting a call)", false),
        ("callerPhone", JsonSchemaType.String, "来电人电话，存储时脱敏显示 / the caller's phone, shown masked", false),
    ];

    public static readonly IReadOnlyList<(string Name, JsonSchemaType Type, string Description, bool Required)> Open311Fields =
    [
        ("api_key", JsonSchemaType.String, "client_id:secret（或用 Bearer 令牌代替） / client_id:secret (or a bearer token instead)", false),
        ("jurisdiction_id", JsonSchemaType.String, "辖区代码 / the jurisdiction (the district's code)", false),
        ("service_code", JsonSchemaType.String, "GET services 中的 service_code / a service_code from GET services", true),
        ("lat", JsonSchemaType.Number, "纬度 / latitude", true),
        ("long", JsonSchemaType.Number, "经度 / longitude", true),
        ("address_string", JsonSchemaType.String, "地址（不能代替位置） / address (does not replace the position)", false),
        ("description", JsonSchemaType.String, "问题描述 / description", true),
        ("client_key", JsonSchemaType.String, "合作方的幂等键 / the partner's idempotency key", false),
        ("first_name", JsonSchemaType.String, "名 / first name", false),
        ("last_name", JsonSchemaType.String, "姓 / family name", false),
        ("phone", JsonSchemaType.String, "电话，脱敏保存 / phone, kept masked", false),
    ];

    public static JsonObject CaseReportExample(int categoryId, double lat, double lng) => new()
    {
        ["categoryId"] = categoryId, ["description"] = "人行道井盖破损，有行人绊倒风险", ["lat"] = lat, ["lng"] = lng,
        ["address"] = "拓东路 12 号门口", ["clientKey"] = "3f2c1a9e-phone-0001",
    };

    public static JsonObject Open311Example(string apiKey, string serviceCode, double lat, double lng) => new()
    {
        ["api_key"] = apiKey, ["service_code"] = serviceCode, ["lat"] = lat, ["long"] = lng, ["address_string"] = "拓东路 12 号",
        ["description"] = "路口有人占道摆摊，影响通行", ["client_key"] = "12345-20261202-0001", ["last_name"] = "张", ["first_name"] = "三",
        ["phone"] = "13800001234",
    };

    internal static void Add(OpenApiOperation operation)
    {
        // Open311's route is mapped twice (with and without the .json/.xml suffix); both take the same form.
        var name = operation.OperationId?.Replace("Format", "", StringComparison.Ordinal);
        if (name == ReportCase)
        {
            var schema = Schema(CaseReportFields);
            schema.Properties!["photos"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
                Description = "现场照片（beforePhotos 同义） / photos on the spot (as many as the case allows)",
            };
            operation.RequestBody = Body("multipart/form-data", schema, CaseReportExample(1401, 25.0409, 102.7186));
        }
        else if (name == Open311Post)
        {
            operation.RequestBody = Body("application/x-www-form-urlencoded", Schema(Open311Fields),
                Open311Example("client-id:client-secret", "14-01", 25.0409, 102.7186));
        }
    }

    private static OpenApiSchema Schema(IReadOnlyList<(string Name, JsonSchemaType Type, string Description, bool Required)> fields) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = fields.ToDictionary(f => f.Name, f => (IOpenApiSchema)new OpenApiSchema { Type = f.Type, Description = f.Description }),
        Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
    };

    private static OpenApiRequestBody Body(string mediaType, OpenApiSchema schema, JsonNode example) => new()
    {
        Required = true,
        Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema, Example = example } },
    };
}
