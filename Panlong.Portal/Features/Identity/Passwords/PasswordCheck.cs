using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using Panlong.Data.Identity;
using Panlong.Portal.Features.Shell;
using Panlong.Portal.Resources;

namespace Panlong.Portal.Features.Identity.Passwords;

public sealed record PasswordCheckRequest(string? Password, string? UserName);

/// <summary>The rules not met yet (<see cref="PasswordCheck.Rules"/>), the strength (Empty, Weak, Fair, Strong) and its sentence.</summary>
public sealed record PasswordCheckResponse(IReadOnlyList<string> Unmet, string Strength, string Label);

/// <summary>
/// Live feedback on a new password as it is typed (issue 16): the server's own password validators — the same that decide
/// at registration, with the common-password list — answer which of the rules shown on the form are not met yet. Nothing
/// is stored or logged; the answer depends only on the password and the user name typed.
/// </summary>
public static class PasswordCheck
{
    public const string Length = "length";
    public const string Classes = "classes";
    public const string Unique = "unique";
    public const string Common = "common";

    /// <summary>The rules as the form lists them, in that order.</summary>
    public static readonly IReadOnlyList<string> Rules = [Length, Classes, Unique, Common];

    /// <summary>Fair passes every rule; strong also uses all four kinds of character and is at least this long (NIST SP 800-63B favours length).</summary>
    public const int StrongLength = 12;

    public static IEndpointRouteBuilder MapPasswordCheck(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/password-check", CheckAsync).AllowAnonymous().RequireRateLimiting(RateLimits.Public).DisableAntiforgery()
            .WithName("PasswordCheck").WithSummary("Which password rules a new password does not meet yet, and its strength");
        return app;
    }

    /// <summary>The body is read here rather than bound, so that a body that is not JSON is this endpoint's 400 problem, not a miss of the route.</summary>
    public static async Task<Results<Ok<PasswordCheckResponse>, ProblemHttpResult>> CheckAsync(HttpRequest http, UserManager<PanlongUser> users, IStringLocalizer<SharedResource> l)
    {
        PasswordCheckRequest? request;
        try
        {
            request = http.HasJsonContentType() ? await http.ReadFromJsonAsync<PasswordCheckRequest>(http.HttpContext.RequestAborted) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            request = null;
        }
        if (request is null)
        {
            return ApiProblems.Of(StatusCodes.Status400BadRequest, ApiProblems.Codes.Invalid, l["Registration.PasswordCheck.Invalid"]);
        }
        var password = request.Password ?? "";
        var unmet = await UnmetAsync(users, password, request.UserName);
        var strength = password.Length == 0 ? "Empty"
            : unmet.Count > 0 ? "Weak"
            : password.Length >= StrongLength && CharacterClassesPasswordValidator.CountClasses(password) == 4 ? "Strong"
            : "Fair";
        return TypedResults.Ok(new PasswordCheckResponse(unmet, strength, l["Registration.Strength." + strength]));
    }

    /// <summary>The rules the portal's password validators find broken, by the codes of their errors.</summary>
    public static async Task<IReadOnlyList<string>> UnmetAsync(UserManager<PanlongUser> users, string password, string? userName)
    {
        var user = new PanlongUser { UserName = userName?.Trim() };
        var unmet = new HashSet<string>();
        foreach (var validator in users.PasswordValidators)
        {
            foreach (var error in (await validator.ValidateAsync(users, user, password)).Errors)
            {
                unmet.Add(error.Code switch
                {
                    "PasswordRequiresUniqueChars" => Unique,
                    "PasswordCommon" => Common,
                    "PasswordTooShort" or "PasswordTooLong" => Length,
                    _ => Classes,
                });
            }
        }
        return [.. Rules.Where(unmet.Contains)];
    }
}
