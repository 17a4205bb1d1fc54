using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Primitives;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Portal.Features.ApiReference;
using Panlong.Portal.Features.Cases;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Features.Tokens;
using Panlong.Portal.Resources;
using Panlong.Workflows.Cases;

namespace Panlong.Portal.Features.Open311;

/// <summary>
/// The Open311 GeoReport v2 server (issue 20 part 2, docs/open311.md, docs/decisions/0083-open311-server.md): services from
/// the case categories, requests as cases reported through <see cref="CaseService.ReportAsync(CaseReport, Panlong.Workflows.Engine.Runtime.WorkflowActor, CancellationToken)"/>
/// — the loop every report runs — and read back in the spec's names. JSON or XML by the path's suffix (or the Accept
/// header); every refusal is the spec's error list with its HTTP status. The services are public; requests need a
/// partner client's key (<see cref="Open311Callers"/>).
/// </summary>
public static class Open311Api
{
    public const string Base = "/open311/v2";
    public const int MaxServiceCodes = 50;
    public const int MaxRequestIds = 100;
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(90);

    public static IHostApplicationBuilder AddOpen311(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Open311Callers>();
        builder.Services.AddSingleton<Open311Queries>();
        builder.Services.AddSingleton<Open311Media>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOpen311(this IEndpointRouteBuilder app)
    {
        // Partners do not sign in: the key (or a token with the open311 scope) is checked by the handler, the cookie is not read.
        var group = app.MapGroup(Base).AllowAnonymous().DisableAntiforgery().WithTags("Open311").WithMetadata(new TokenScopeAttribute(TokenScopes.Open311));
        foreach (var (suffix, name) in new[] { ("", ""), (".{format}", "Format") })
        {
            group.MapGet("/services" + suffix, ServicesAsync).RequireRateLimiting(RateLimits.Public).WithName("Open311Services" + name)
                .WithSummary("Open311: the service list (case categories)").WithDescription("服务列表（案件小类），公开 / the services (case categories), public")
                .Answers<IReadOnlyList<Open311Service>>(StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
            group.MapGet("/requests" + suffix, RequestsAsync).WithMetadata(PartnerKeyMetadata.Instance).WithName("Open311Requests" + name)
                .WithSummary("Open311: requests by id list or by service, dates and status, at most 1,000")
                .WithDescription("按编号列表或小类、日期（不超过 90 天）、状态查询诉求，最多 1,000 条 / requests by ids, or by service, dates (90 days at most) and status")
                .Answers<IReadOnlyList<Open311ServiceRequest>>(StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden,
                    StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
            group.MapPost("/requests" + suffix, PostRequestAsync).WithMetadata(PartnerKeyMetadata.Instance).WithName(ApiExamples.Open311Post + name)
                .WithSummary("Open311: reports a case; a repeated client_key answers the first case")
                .WithDescription("上报诉求，经同一案件闭环立案；相同 client_key 重发返回第一次的编号（200） / reports a case through the same loop; a repeated client_key answers the first one (200)")
                .Answers<IReadOnlyList<Open311Created>>(StatusCodes.Status201Created, StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden,
                    StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests)
                .Produces<IReadOnlyList<Open311Created>>(StatusCodes.Status200OK, "application/json", "text/xml");
        }
        group.MapGet("/services/{code}", ServiceAsync).RequireRateLimiting(RateLimits.Public).WithName("Open311Service")
            .WithSummary("Open311: one service's definition (attributes); {code} may end in .json or .xml")
            .WithDescription("一个服务的定义（附加属性），公开 / one service's definition (its attributes), public")
            .Answers<Open311ServiceDefinition>(StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        group.MapGet("/requests/{id}", RequestAsync).WithMetadata(PartnerKeyMetadata.Instance).WithName("Open311Request")
            .WithSummary("Open311: one request; {id} may end in .json or .xml").WithDescription("一条诉求 / one request")
            .Answers<IReadOnlyList<Open311ServiceRequest>>(StatusCodes.Status200OK, StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests);
        group.MapGet("/media/{token}", Open311Media.GetAsync).RequireRateLimiting(RateLimits.Public).WithName("Open311Media")
            .WithSummary("Open311: the thumbnail a request's media_url names; public, the address is sealed")
            .WithDescription("诉求 media_url 指向的缩略图，公开，地址经签名不可猜测 / the thumbnail of a request's media_url; public, its address sealed")
            .File("image/jpeg").Produces(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task<Open311Answer> ServicesAsync(HttpContext http, CaseQueries queries, IConfiguration config, IStringLocalizer<SharedResource> L,
        string? format, CancellationToken ct)
    {
        if (Check(http, config, L, format, http.Request.Query["jurisdiction_id"]) is { } refused)
        {
            return refused;
        }
        var services = (await queries.CategoriesAsync(ct: ct)).Select(c => Open311Item.Of(("service_code", c.Code), ("service_name", c.Name),
            ("description", c.FilingStandard), ("metadata", false), ("type", "realtime"), ("keywords", c.MajorName), ("group", c.MajorName))).ToList();
        return new Open311Answer(StatusCodes.Status200OK, FormatOf(http, format), "services", "service", services);
    }

    public static async Task<Open311Answer> ServiceAsync(HttpContext http, CaseQueries queries, IConfiguration config, IStringLocalizer<SharedResource> L,
        string code, CancellationToken ct)
    {
        var (name, format) = Split(code);
        if (Check(http, config, L, format, http.Request.Query["jurisdiction_id"]) is { } refused)
        {
            return refused;
        }
        if ((await queries.CategoriesAsync(ct: ct)).FirstOrDefault(c => c.Code == name) is null)
        {
            return Open311Answer.Errors(StatusCodes.Status404NotFound, FormatOf(http, format), L["Open311.ServiceUnknown", name]);
        }
        // No category asks extra questions yet: the definition is its code and an empty attribute list.
        return new Open311Answer(StatusCodes.Status200OK, FormatOf(http, format), "service_definition", "attribute",
            [Open311Item.Of(("service_code", name), ("attributes", (IReadOnlyList<Open311Item>)[]))], definition: true);
    }

    public static async Task<Open311Answer> PostRequestAsync(HttpContext http, Open311Callers callers, CaseQueries queries, CaseService cases, IConfiguration config,
        IStringLocalizer<SharedResource> L, string? format, CancellationToken ct)
    {
        var form = await CasesApi.TryReadFormAsync(http, ct);
        if (form is null)
        {
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, FormatOf(http, format), L["Open311.FormExpected"]);
        }
        var (caller, refused) = await AuthorizeAsync(http, callers, config, L, format, form["jurisdiction_id"], form["api_key"], ct);
        if (caller is null)
        {
            return refused!;
        }
        var fmt = FormatOf(http, format);
        var code = form["service_code"].ToString();
        var category = (await queries.CategoriesAsync(ct: ct)).FirstOrDefault(c => c.Code == code);
        if (category is null)
        {
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, fmt, L["Open311.ServiceUnknown", code]);
        }
        var lat = Number(form["lat"]);
        var lng = Number(form["long"]);
        if (lat is null || lng is null)
        {
            // The loop places a case in its grid by its position; an address alone cannot be placed (no geocoder).
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, fmt,
                L[string.IsNullOrWhiteSpace(form["address_string"]) ? "Open311.LocationRequired" : "Open311.PositionRequired"]);
        }
        // The spec's first and last name are the caller's (family name first in Chinese); the phone is kept masked by the loop.
        var report = new CaseReport(category.Id, form["description"], lat, lng, NullIfEmpty(form["address_string"]), NullIfEmpty(form["client_key"]),
            CallerName: NullIfEmpty($"{form["last_name"]}{form["first_name"]}"), CallerPhone: NullIfEmpty(form["phone"]), Source: CaseSource.Partner);
        var result = await cases.ReportAsync(report, caller.Actor, ct);
        if (!result.Ok)
        {
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, fmt, [.. result.Errors.Values.Select(key => L[key].Value)]);
        }
        return new Open311Answer(result.Duplicate ? StatusCodes.Status200OK : StatusCodes.Status201Created, fmt, "service_requests", "request",
            [Open311Item.Of(("service_request_id", result.Number), ("service_notice", ""), ("account_id", null))]);
    }

    public static async Task<Open311Answer> RequestsAsync(HttpContext http, Open311Callers callers, Open311Queries requests, Open311Media media, IConfiguration config, TimeProvider clock,
        IStringLocalizer<SharedResource> L, string? format, CancellationToken ct)
    {
        var query = http.Request.Query;
        var (caller, refused) = await AuthorizeAsync(http, callers, config, L, format, query["jurisdiction_id"], query["api_key"], ct);
        if (caller is null)
        {
            return refused!;
        }
        var fmt = FormatOf(http, format);
        var now = clock.GetUtcNow();
        if (ErrorOf(query, now, L) is { } error)
        {
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, fmt, error);
        }
        return Requests(fmt, await requests.FindAsync(caller.Actor, FilterOf(query, now), ct), id => media.UrlOf(http, id));
    }

    public static async Task<Open311Answer> RequestAsync(HttpContext http, Open311Callers callers, Open311Queries requests, Open311Media media, IConfiguration config,
        IStringLocalizer<SharedResource> L, string id, CancellationToken ct)
    {
        var (number, format) = Split(id);
        var query = http.Request.Query;
        var (caller, refused) = await AuthorizeAsync(http, callers, config, L, format, query["jurisdiction_id"], query["api_key"], ct);
        if (caller is null)
        {
            return refused!;
        }
        return await requests.OneAsync(caller.Actor, number, ct) is { } found
            ? Requests(FormatOf(http, format), [found], photo => media.UrlOf(http, photo))
            : Open311Answer.Errors(StatusCodes.Status404NotFound, FormatOf(http, format), L["Open311.RequestUnknown", number]);
    }

    /// <summary>Status per the spec: open while the loop runs; closed once it closed, was not filed or was voided — the state name says which.</summary>
    private static Open311Answer Requests(Open311Format format, IReadOnlyList<Open311Request> found, Func<long, string> mediaUrl) =>
        new(StatusCodes.Status200OK, format, "service_requests", "request", [.. found.Select(r => Open311Item.Of(
            ("service_request_id", r.Number), ("status", r.Status == CaseStatus.Open ? "open" : "closed"), ("status_notes", r.StateName),
            ("service_name", r.ServiceName), ("service_code", r.ServiceCode), ("description", r.Description), ("agency_responsible", r.AgencyResponsible),
            ("service_notice", null), ("requested_datetime", r.RequestedAt), ("updated_datetime", r.UpdatedAt), ("expected_datetime", null),
            ("address", r.Address), ("address_id", null), ("zipcode", null), ("lat", r.Lat), ("long", r.Lng), ("media_url", r.PhotoId is { } photo ? mediaUrl(photo) : null)))]);

    /// <summary>
    /// The filter of <c>GET requests</c>, once <see cref="ErrorOf"/> found nothing wrong. Without dates the last 90 days, as
    /// the spec's default; a wider range is refused rather than cut.
    /// </summary>
    private static Open311Filter FilterOf(IQueryCollection query, DateTimeOffset now)
    {
        var (start, end) = RangeOf(query, now);
        return new Open311Filter(List(query["service_request_id"]), List(query["service_code"]), start, end, Statuses(query["status"]));
    }

    private static (DateTimeOffset Start, DateTimeOffset End) RangeOf(IQueryCollection query, DateTimeOffset now)
    {
        var end = Time(query["end_date"]) ?? now;
        return (Time(query["start_date"]) ?? end - MaxRange, end);
    }

    /// <summary>What is wrong with the query's parameters, in the caller's language; null when nothing.</summary>
    private static string? ErrorOf(IQueryCollection query, DateTimeOffset now, IStringLocalizer L)
    {
        if (List(query["service_request_id"]).Count > MaxRequestIds || List(query["service_code"]).Count > MaxServiceCodes)
        {
            return L["Open311.TooManyValues", MaxRequestIds, MaxServiceCodes];
        }
        foreach (var name in new[] { "start_date", "end_date" })
        {
            if (!StringValues.IsNullOrEmpty(query[name]) && Time(query[name]) is null)
            {
                return L["Open311.DateInvalid", name];
            }
        }
        var (start, end) = RangeOf(query, now);
        if (start > end || end - start > MaxRange)
        {
            return L["Open311.RangeInvalid", (int)MaxRange.TotalDays];
        }
        if (!StringValues.IsNullOrEmpty(query["status"]) && Statuses(query["status"]) is null)
        {
            return L["Open311.StatusInvalid"];
        }
        return null;
    }

    private static CaseStatus[]? Statuses(StringValues value)
    {
        var wanted = List(value);
        if (wanted.Count == 0)
        {
            return null;
        }
        if (wanted.Any(w => w is not ("open" or "closed")))
        {
            return null;
        }
        return [.. wanted.SelectMany(w => w == "open" ? [CaseStatus.Open] : new[] { CaseStatus.Closed, CaseStatus.NotFiled, CaseStatus.Voided })];
    }

    /// <summary>The caller, or the refusal: a wrong format or jurisdiction, a bad key (403), too many calls (429).</summary>
    private static async Task<(Open311Caller? Caller, Open311Answer? Refused)> AuthorizeAsync(HttpContext http, Open311Callers callers, IConfiguration config,
        IStringLocalizer L, string? format, StringValues jurisdiction, StringValues apiKey, CancellationToken ct)
    {
        if (Check(http, config, L, format, jurisdiction) is { } refused)
        {
            return (null, refused);
        }
        var (caller, refusal, wait) = await callers.ResolveAsync(http, apiKey.ToString(), ct);
        switch (refusal)
        {
            case Open311Refusal.BadKey:
                return (null, Open311Answer.Errors(StatusCodes.Status403Forbidden, FormatOf(http, format), L["Open311.KeyInvalid"]));
            case Open311Refusal.TooMany:
                RateLimits.SetStatus(http, wait!.Value);
                return (null, Open311Answer.Errors(StatusCodes.Status429TooManyRequests, FormatOf(http, format), RateLimits.Sentence(L, wait.Value)));
        }
        return (caller, null);
    }

    /// <summary>A suffix other than .json or .xml is a 400; a jurisdiction other than this district's is a 404, as the spec says.</summary>
    private static Open311Answer? Check(HttpContext http, IConfiguration config, IStringLocalizer L, string? format, StringValues jurisdiction)
    {
        if (format is not null && format is not ("json" or "xml"))
        {
            return Open311Answer.Errors(StatusCodes.Status400BadRequest, Open311Format.Json, L["Open311.FormatUnknown"]);
        }
        var ours = JurisdictionOf(config);
        return StringValues.IsNullOrEmpty(jurisdiction) || jurisdiction.ToString() == ours
            ? null
            : Open311Answer.Errors(StatusCodes.Status404NotFound, FormatOf(http, format), L["Open311.JurisdictionUnknown", ours]);
    }

    /// <summary>The district's administrative code unless configured otherwise (<c>Open311:JurisdictionId</c>).</summary>
    public static string JurisdictionOf(IConfiguration config) => config["Open311:JurisdictionId"] ?? DistrictPlan.DistrictCode;

    private static Open311Format FormatOf(HttpContext http, string? format) => format switch
    {
        "xml" => Open311Format.Xml,
        "json" => Open311Format.Json,
        _ => http.Request.Headers.Accept.ToString().Contains("xml", StringComparison.OrdinalIgnoreCase) ? Open311Format.Xml : Open311Format.Json,
    };

    /// <summary>"01-02.xml" → ("01-02", "xml"); a name without a known suffix stays whole.</summary>
    private static (string Name, string? Format) Split(string segment)
    {
        foreach (var suffix in new[] { "json", "xml" })
        {
            if (segment.EndsWith("." + suffix, StringComparison.Ordinal))
            {
                return (segment[..^(suffix.Length + 1)], suffix);
            }
        }
        return (segment, null);
    }

    private static List<string> List(StringValues value) =>
        [.. value.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];

    private static DateTimeOffset? Time(StringValues value) =>
        DateTimeOffset.TryParse(value.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static double? Number(StringValues value) =>
        double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
