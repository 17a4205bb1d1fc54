using System.Text.Json.Serialization;

namespace Panlong.Portal.Features.Open311;

// The spec's answers as the OpenAPI document shows them (docs/open311.md). Open311Answer writes them field by field so JSON
// and XML carry the same names; these records only describe that output, and ApiDocumentTests compares a live answer's
// fields with them, so a field added to one and not the other fails.

/// <summary>One service (a case category) of <c>GET services</c>.</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string? Keywords,
    [property: JsonPropertyName("group")] string? Group);

/// <summary>A service's definition (<c>GET services/{code}</c>): no category asks extra questions yet.</summary>
public sealed record Open311ServiceDefinition(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("attributes")] IReadOnlyList<object> Attributes);

/// <summary>A request as <c>GET requests</c> and <c>GET requests/{id}</c> show it; status is <c>open</c> or <c>closed</c>.</summary>
public sealed record Open311ServiceRequest(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string? StatusNotes,
    [property: JsonPropertyName("service_name")] string? ServiceName,
    [property: JsonPropertyName("service_code")] string? ServiceCode,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] DateTimeOffset? UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] DateTimeOffset? ExpectedDatetime,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("address_id")] string? AddressId,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("lat")] double Lat,
    [property: JsonPropertyName("long")] double Lng,
    [property: JsonPropertyName("media_url")] string? MediaUrl);

/// <summary>The answer of <c>POST requests</c>: the new (or, for a repeated client_key, the first) request's id.</summary>
public sealed record Open311Created(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("account_id")] string? AccountId);

/// <summary>One entry of the spec's error list; <c>code</c> is the HTTP status.</summary>
public sealed record Open311Error(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("description")] string Description);

/// <summary>The media types every Open311 answer comes in: the path's suffix or the Accept header picks one.</summary>
public static class Open311Produces
{
    public static RouteHandlerBuilder Answers<T>(this RouteHandlerBuilder endpoint, int status, params int[] errors)
    {
        endpoint.Produces<T>(status, "application/json", "text/xml");
        foreach (var error in errors)
        {
            endpoint.Produces<IReadOnlyList<Open311Error>>(error, "application/json", "text/xml");
        }
        return endpoint;
    }
}
