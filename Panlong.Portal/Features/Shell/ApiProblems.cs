using Microsoft.AspNetCore.Http.HttpResults;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// Problem details (RFC 9457) every API answers with: a stable machine <c>code</c> a client can switch on, and a
/// <c>title</c> in the caller's language (Chinese by default) a person can read.
/// </summary>
public static class ApiProblems
{
    /// <summary>Stable codes; clients depend on them, so they never change once published.</summary>
    public static class Codes
    {
        public const string Invalid = "invalid";
        public const string NotFound = "not-found";
        public const string Forbidden = "forbidden";
        /// <summary>An administrator or leader has not signed in with a two-factor code yet (docs/decisions/0026-two-factor-sign-in.md).</summary>
        public const string TwoFactorRequired = "two-factor-required";
        public const string Stale = "stale";
        public const string VersionRequired = "version-required";
        public const string Refused = "refused";
        public const string Unavailable = "unavailable";
        public const string Antiforgery = "antiforgery";
        public const string TooManyRequests = "too-many-requests";
        /// <summary>A bearer token expired, revoked, or of an account disabled, locked out or gone (docs/decisions/0103-token-account-check.md).</summary>
        public const string InvalidToken = "invalid-token";
    }

    public static ProblemHttpResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>()) { ["code"] = code };
        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: all);
    }

    /// <summary>A 400 with one or more messages per field.</summary>
    public static ValidationProblem Invalid(string title, IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: title, extensions: new Dictionary<string, object?> { ["code"] = Codes.Invalid });

    public static ProblemHttpResult NotFound(string title) => Of(StatusCodes.Status404NotFound, Codes.NotFound, title);

    public static ProblemHttpResult Forbidden(string title) => Of(StatusCodes.Status403Forbidden, Codes.Forbidden, title);

    /// <summary>A 503 while the database cannot be reached; the caller retries after the Retry-After header.</summary>
    public static ProblemHttpResult Unavailable(string title) => Of(StatusCodes.Status503ServiceUnavailable, Codes.Unavailable, title);

    /// <summary>A 429 from the rate limits (docs/decisions/0027-rate-limits.md); the caller waits for the Retry-After header.</summary>
    public static ProblemHttpResult TooManyRequests(string title) => Of(StatusCodes.Status429TooManyRequests, Codes.TooManyRequests, title);
}
