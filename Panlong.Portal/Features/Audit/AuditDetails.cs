using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using Panlong.Data.Audit;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.TwoFactor;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// An audit row's detail as a sentence in the reader's language. The detail stays stored as written (English codes,
/// counts, role keys), because the chain hashes it (docs/decisions/0034-readable-audit-log.md); the known codes are
/// mapped here when shown or exported, anything else (a clerk's comment, a Chinese note) is shown as written, masked.
/// </summary>
public static partial class AuditDetails
{
    private sealed record Rule(Regex Pattern, Func<IStringLocalizer, Match, string> Say, string? Action = null);

    private static readonly Dictionary<string, string> Methods = new(StringComparer.Ordinal)
    {
        ["authenticator code"] = "Audit.Detail.Method.Authenticator",
        ["recovery code"] = "Audit.Detail.Method.Recovery",
    };

    private static readonly Dictionary<string, string> Purposes = new(StringComparer.Ordinal)
    {
        ["enable"] = "Audit.Detail.Purpose.Enable",
        ["disable"] = "Audit.Detail.Purpose.Disable",
        ["renew recovery codes"] = "Audit.Detail.Purpose.Renew",
    };

    private static readonly Rule[] Rules =
    [
        Fixed("wrong password", "Audit.Detail.WrongPassword"),
        Fixed("password too long", "Audit.Detail.PasswordTooLong"),
        Fixed("attempt while locked", "Audit.Detail.AttemptWhileLocked"),
        new(LockedAfter(), (l, m) => l["Audit.Detail.LockedAfter", m.Groups[1].Value]),
        Fixed("wrong current password at password change", "Audit.Detail.WrongCurrentPassword"),
        Fixed("at password change", "Audit.Detail.AtPasswordChange"),
        Fixed("by the user", "Audit.Detail.ByTheUser"),
        Fixed("by SMS code", "Audit.Detail.BySms"),
        Fixed("by an administrator", "Audit.Detail.ByAdministrator"),
        Fixed("temporary password; change required at next sign-in", "Audit.Detail.TemporaryPassword"),
        new(WrongMethod(), (l, m) => l["Audit.Detail.WrongCode", l[Methods[m.Groups[1].Value]]]),
        new(RecoveryLeft(), (l, m) => l["Audit.Detail.WithRecoveryCode", m.Groups[1].Value]),
        new(Method(), (l, m) => l["Audit.Detail.WithCode", l[Methods[m.Groups[1].Value]]], AuditActions.SignIn),
        new(SignOutReason(), (l, m) => l["Audit.Detail.SignOut." + m.Groups[1].Value], AuditActions.SignOut),
        new(Purpose(), (l, m) => l[Purposes[m.Groups[1].Value]], TwoFactorAuditActions.CodeRefused),
        new(SessionsByAdmin(), (l, m) => l["Audit.Detail.SessionsByAdmin", m.Groups[1].Value]),
        new(OtherSessions(), (l, m) => l["Audit.Detail.OtherSessionsByUser", m.Groups[1].Value]),
        new(AllSessions(), (l, m) => l["Audit.Detail.AllSessionsByUser", m.Groups[1].Value]),
        new(Dormant(), (l, m) => l["Audit.Detail.Dormant", m.Groups[1].Value, m.Groups[2].Value == "never" ? l["Audit.Detail.Never"] : m.Groups[2].Value]),
        new(RolesChange(), (l, m) => l["Audit.Detail.RolesChanged", RoleNames(l, m.Groups[1].Value), RoleNames(l, m.Groups[2].Value)], AuditActions.RoleChanged),
        new(Word(), (l, m) => l["Audit.Detail.Role", RoleNames(l, m.Value)], AuditActions.UserCreated),
        new(Intact(), (l, m) => l["Audit.Detail.Intact", m.Groups[1].Value]),
        new(Broken(), (l, m) => l["Audit.Detail.Broken", m.Groups[1].Value, l["Audit.Break." + m.Groups[2].Value]]),
        new(Exported(), (l, m) => m.Groups[3].Success
            ? l["Audit.Detail.ExportedFilter", m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value, Filter(l, m.Groups[3].Value)]
            : l["Audit.Detail.Exported", m.Groups[1].Value.ToUpperInvariant(), m.Groups[2].Value], AuditActions.AuditExported),
        new(PeopleCount(), (l, m) => m.Groups[2].Success
            ? l["Audit.Detail.PeopleExportedSearch", m.Groups[1].Value, m.Groups[2].Value]
            : l["Audit.Detail.PeopleExported", m.Groups[1].Value], AuditActions.PeopleExported),
        new(Version(), (l, m) => l["Audit.Detail.Version", m.Groups[1].Value], AuditActions.ProcessPublished),
        new(OrgChange(), (l, m) => l[m.Groups[1].Value == "created" ? "Audit.Detail.OrgCreated" : "Audit.Detail.OrgUpdated", m.Groups[2].Value,
            OrgCategory(l, m.Groups[3].Value), l[m.Groups[4].Value == "True" ? "Audit.Detail.Active" : "Audit.Detail.Inactive"]], AuditActions.OrgUnitChanged),
        new(RevealedOf(), (l, m) => l["Audit.Detail.Revealed", l["Audit.Detail.Field." + m.Groups[1].Value], m.Groups[2].Value], AuditActions.PersonalDataRevealed),
        new(Archived(), (l, m) => l["Audit.Detail.Archived", m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value], AuditActions.AuditArchived),
        new(CalendarSet(), (l, m) => l[m.Groups[2].Value == "workday" ? "Audit.Detail.CalendarWorkday" : "Audit.Detail.CalendarHoliday", m.Groups[1].Value,
            m.Groups[3].Value], AuditActions.CalendarChanged),
        new(CalendarRemoved(), (l, m) => l["Audit.Detail.CalendarRemoved", m.Groups[1].Value], AuditActions.CalendarChanged),
        new(UnknownNames(), (l, m) => l["Audit.Detail.UnknownNames", m.Groups[1].Value], AuditActions.SignInFailed),
        new(RateLimited(), (l, m) => l["Audit.Detail.RateLimited", m.Groups[1].Value], AuditActions.SignInFailed),
    ];

    /// <summary>The detail to show: a known code as a sentence, other text as written with ID and phone numbers masked.</summary>
    public static string Describe(IStringLocalizer localizer, string action, string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return "";
        }
        foreach (var rule in Rules)
        {
            if ((rule.Action is null || rule.Action == action) && rule.Pattern.Match(detail) is { Success: true } match)
            {
                return rule.Say(localizer, match);
            }
        }
        return Mask(detail);
    }

    /// <summary>docs/domain.md §5 in free text (a comment, a note): an 18-character ID number and an 11-digit mobile number are masked.</summary>
    public static string Mask(string? text) => string.IsNullOrEmpty(text) ? "" :
        Mobile().Replace(IdNumber().Replace(text, m => PersonalDataMask.IdNumber(m.Value)), m => PersonalDataMask.Phone(m.Value));

    private static string RoleNames(IStringLocalizer l, string roles) => roles.Length == 0
        ? l["Audit.Detail.NoRole"]
        : string.Join(l["Audit.Separator"], roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r =>
            l["Role." + r] is { ResourceNotFound: false } name ? name.Value : r));

    private static string OrgCategory(IStringLocalizer l, string category) =>
        l["OrgKind." + category] is { ResourceNotFound: false } name ? name.Value : category;

    /// <summary>The export's own filter, <c>action=… user=… from=… to=…</c>, with the action named.</summary>
    private static string Filter(IStringLocalizer l, string filter) => string.Join(l["Audit.FilterSeparator"], filter.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part =>
    {
        var (key, value) = part.IndexOf('=', StringComparison.Ordinal) is var at and > 0 ? (part[..at], part[(at + 1)..]) : ("", part);
        return key switch
        {
            "action" => $"{l["Audit.Action"]} {AuditCatalog.Name(l, value)}",
            "user" => $"{l["Audit.Who"]} {value}",
            "from" => $"{l["Audit.From"]} {value}",
            "to" => $"{l["Audit.To"]} {value}",
            _ => part,
        };
    }));

    private static Rule Fixed(string code, string key) => new(new Regex("^" + Regex.Escape(code) + "$", RegexOptions.CultureInvariant), (l, _) => l[key]);

    [GeneratedRegex(@"^locked after (\d+) failures$")]
    private static partial Regex LockedAfter();
    [GeneratedRegex(@"^wrong (authenticator code|recovery code)$")]
    private static partial Regex WrongMethod();
    [GeneratedRegex(@"^recovery code, (\d+) left$")]
    private static partial Regex RecoveryLeft();
    [GeneratedRegex(@"^(authenticator code|recovery code)$")]
    private static partial Regex Method();
    [GeneratedRegex(@"^(user|idle)$")]
    private static partial Regex SignOutReason();
    [GeneratedRegex(@"^(enable|disable|renew recovery codes)$")]
    private static partial Regex Purpose();
    [GeneratedRegex(@"^(\d+) session\(s\) ended by an administrator$")]
    private static partial Regex SessionsByAdmin();
    [GeneratedRegex(@"^(\d+) other session\(s\) ended by the user$")]
    private static partial Regex OtherSessions();
    [GeneratedRegex(@"^all (\d+) session\(s\) ended by the user$")]
    private static partial Regex AllSessions();
    [GeneratedRegex(@"^no sign-in for (\d+) days \(last (.+)\)$")]
    private static partial Regex Dormant();
    [GeneratedRegex(@"^([A-Za-z,]*) -> ([A-Za-z,]*)$")]
    private static partial Regex RolesChange();
    [GeneratedRegex(@"^[A-Za-z]+$")]
    private static partial Regex Word();
    [GeneratedRegex(@"^intact (\d+)$")]
    private static partial Regex Intact();
    [GeneratedRegex(@"^broken at (\d+) \((missing|altered|outside)\)$")]
    private static partial Regex Broken();
    [GeneratedRegex(@"^(csv|xlsx) (\d+)(?: (.+))?$")]
    private static partial Regex Exported();
    [GeneratedRegex(@"^(\d+)(?: (.+))?$")]
    private static partial Regex PeopleCount();
    [GeneratedRegex(@"^version (\d+)$")]
    private static partial Regex Version();
    [GeneratedRegex(@"^(created|updated): (.*) \[(\w+)\] active=(True|False)$")]
    private static partial Regex OrgChange();
    [GeneratedRegex(@"^(IdNumber|Phone) of (.+)$")]
    private static partial Regex RevealedOf();
    [GeneratedRegex(@"^(\d+)-(\d+) \((\d+)\)")]
    private static partial Regex Archived();
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}) (workday|holiday) ?(.*)$")]
    private static partial Regex CalendarSet();
    [GeneratedRegex(@"^(\d{4}-\d{2}-\d{2}) removed$")]
    private static partial Regex CalendarRemoved();
    [GeneratedRegex(@"^未知账户登录失败 (\d+) 次")]
    private static partial Regex UnknownNames();
    [GeneratedRegex(@"^登录尝试过于频繁被拒绝 (\d+) 次")]
    private static partial Regex RateLimited();
    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")]
    private static partial Regex IdNumber();
    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Mobile();
}
