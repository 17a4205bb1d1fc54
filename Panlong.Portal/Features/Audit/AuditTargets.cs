using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Panlong.Data;
using Panlong.Data.Audit;
using Panlong.Data.Identity;
using Panlong.Data.Registry;
using Panlong.Portal.Features.Identity.Accounts;
using Panlong.Portal.Features.Identity.TwoFactor;

namespace Panlong.Portal.Features.Audit;

/// <summary>
/// What an audit row is about, for a person: its human name or number (<see cref="Text"/>, or a resource
/// <see cref="Key"/> with <see cref="Args"/>) and the page that shows it. <see cref="Text"/> is already masked.
/// </summary>
public sealed record AuditTarget(string? Text, string? Href = null, string? Key = null, params string[] Args)
{
    public string Say(IStringLocalizer localizer) => Key is null ? Text ?? "" : localizer[Key, Args];
}

/// <summary>One row as the audit administrator reads it: the stored entry, the actor's display name, and its target.</summary>
public sealed record AuditRow(AuditEntry Entry, string? DisplayName, AuditTarget? Target)
{
    /// <summary>The account's display name; a row without an account (a name typed at sign-in, a job) names what was recorded.</summary>
    public string? Who => DisplayName ?? (Entry.UserName == Entry.LoginName ? null : Entry.UserName);

    public string Detail(IStringLocalizer localizer) => AuditDetails.Describe(localizer, Entry.Action, Entry.Detail);
}

/// <summary>
/// Turns the stored targets ("application:SQ…", "appraisal-report:4", a login name, an org code) into names and links,
/// with one query per kind for a whole page of rows.
/// </summary>
public static class AuditTargets
{
    private enum Kind { None, Fixed, Application, Case, Report, Person, User, OrgUnit, Service, Category, Process, Text }

    /// <summary>Actions whose target is an account's login name.</summary>
    private static readonly HashSet<string> UserActions =
    [
        AuditActions.SignInFailed, AuditActions.LockedOut, AuditActions.RoleChanged, AuditActions.UserCreated, AuditActions.UserUnlocked,
        AuditActions.AdministratorCreated, .. AccountAuditActions.All, TwoFactorAuditActions.Enabled, TwoFactorAuditActions.Disabled,
        TwoFactorAuditActions.ResetByAdmin, TwoFactorAuditActions.RecoveryCodesRenewed, TwoFactorAuditActions.CodeRefused,
        RoleGrantActions.Requested, RoleGrantActions.Approved, RoleGrantActions.Declined,
    ];

    private static readonly Dictionary<string, string> FixedPages = new(StringComparer.Ordinal)
    {
        ["audit-log"] = "/admin/audit", ["audit-chain"] = "/admin/audit", ["calendar"] = "/admin/calendar", ["people"] = "/registry/people",
        ["appraisal"] = "/admin/appraisal",
    };

    public static async Task<List<AuditRow>> ResolveAsync(PanlongDbContext db, IReadOnlyList<AuditEntry> entries, CancellationToken ct)
    {
        var kinds = entries.Select(e => (Entry: e, Kind: KindOf(e), Key: KeyOf(e))).ToList();
        List<string> Keys(Kind kind) => kinds.Where(k => k.Kind == kind).Select(k => k.Key!).Distinct().ToList();

        var userIds = entries.Where(e => e.UserId is not null).Select(e => e.UserId!).Distinct().ToList();
        var displayNames = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var logins = Keys(Kind.User);
        var users = logins.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => logins.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
        var numbers = Keys(Kind.Application);
        var applications = numbers.Count == 0 ? [] : await db.ServiceApplications.AsNoTracking().Where(a => numbers.Contains(a.Number!))
            .ToDictionaryAsync(a => a.Number!, a => a.ServiceName, ct);
        var caseNumbers = Keys(Kind.Case);
        // Projected in the query: a selector run on the loaded case would find its category not loaded.
        var cases = caseNumbers.Count == 0 ? [] : await db.Cases.AsNoTracking().Where(c => caseNumbers.Contains(c.Number))
            .Select(c => new { c.Number, Category = c.Category!.Name }).ToDictionaryAsync(c => c.Number, c => c.Category, ct);
        var reportIds = Keys(Kind.Report).Select(long.Parse).ToList();
        var reports = reportIds.Count == 0 ? [] : await db.AppraisalReports.AsNoTracking().Where(r => reportIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), r => new[] { r.ScopeName, r.Period }, ct);
        var personIds = Keys(Kind.Person).Select(long.Parse).ToList();
        var people = personIds.Count == 0 ? [] : await db.People.AsNoTracking().Where(p => personIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Name, ct);
        var orgCodes = Keys(Kind.OrgUnit);
        var units = orgCodes.Count == 0 ? [] : (await db.OrgUnits.AsNoTracking().Where(u => orgCodes.Contains(u.Code)).Select(u => new { u.Code, u.Name }).ToListAsync(ct))
            .DistinctBy(u => u.Code).ToDictionary(u => u.Code, u => u.Name);
        var serviceCodes = Keys(Kind.Service);
        var services = serviceCodes.Count == 0 ? [] : (await db.ServiceItems.AsNoTracking().Where(s => serviceCodes.Contains(s.Code))
            .OrderByDescending(s => s.Version).Select(s => new { s.Code, s.Name }).ToListAsync(ct)).DistinctBy(s => s.Code).ToDictionary(s => s.Code, s => s.Name);
        var categoryCodes = Keys(Kind.Category);
        var categories = categoryCodes.Count == 0 ? [] : await db.CaseCategories.AsNoTracking().Where(c => categoryCodes.Contains(c.Code)).ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        var processKeys = Keys(Kind.Process);
        var processes = processKeys.Count == 0 ? [] : (await db.ProcessDefinitions.AsNoTracking().Where(p => processKeys.Contains(p.Key))
            .OrderByDescending(p => p.Version).Select(p => new { p.Key, p.Name }).ToListAsync(ct)).DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Name);

        return kinds.Select(k => new AuditRow(k.Entry, k.Entry.UserId is { } id ? displayNames.GetValueOrDefault(id) : null, k.Kind switch
        {
            Kind.None => null,
            Kind.Fixed => new AuditTarget(null, FixedPages[k.Key!], "Audit.Target." + k.Key),
            Kind.Application => Named(k.Key!, applications.GetValueOrDefault(k.Key!), "/applications/" + Uri.EscapeDataString(k.Key!)),
            Kind.Case => Named(k.Key!, cases.GetValueOrDefault(k.Key!), "/cases/" + Uri.EscapeDataString(k.Key!)),
            Kind.Report => reports.TryGetValue(k.Key!, out var report)
                ? new AuditTarget(null, "/appraisal/reports", "Audit.Target.Report", report)
                : new AuditTarget(k.Entry.Target, "/appraisal/reports"),
            Kind.Person => new AuditTarget(null, "/registry/people", "Audit.Target.Person",
                people.TryGetValue(k.Key!, out var person) ? PersonalDataMask.Name(person) : k.Key!),
            Kind.User => Named(k.Key!, users.GetValueOrDefault(k.Key!), users.ContainsKey(k.Key!) ? "/admin/users?search=" + Uri.EscapeDataString(k.Key!) : null),
            Kind.OrgUnit => Named(k.Key!, units.GetValueOrDefault(k.Key!), "/organization"),
            Kind.Service => Named(k.Entry.Target!, services.GetValueOrDefault(k.Key!), "/guide/" + Uri.EscapeDataString(k.Key!)),
            Kind.Category => Named(k.Key!, categories.GetValueOrDefault(k.Key!), "/admin/case-categories"),
            Kind.Process => Named(k.Key!, processes.GetValueOrDefault(k.Key!), "/admin/processes"),
            _ => new AuditTarget(AuditDetails.Mask(k.Entry.Target)),
        })).ToList();
    }

    /// <summary>"临时救助（SQ20261130001）": what it is, then the number the person quotes; the number alone when nothing names it.</summary>
    private static AuditTarget Named(string key, string? name, string? href) =>
        name is null ? new AuditTarget(AuditDetails.Mask(key), href) : new AuditTarget(null, href, "Audit.Target.Named", name, key);

    private static Kind KindOf(AuditEntry e) => e.Target switch
    {
        null or "" => Kind.None,
        var t when FixedPages.ContainsKey(t) => Kind.Fixed,
        var t when t.StartsWith("application:", StringComparison.Ordinal) => Kind.Application,
        var t when t.StartsWith("appraisal-report:", StringComparison.Ordinal) && long.TryParse(t["appraisal-report:".Length..], out _) => Kind.Report,
        var t when t.StartsWith("person:", StringComparison.Ordinal) && long.TryParse(t["person:".Length..], out _) => Kind.Person,
        _ when e.Action.StartsWith("Application.", StringComparison.Ordinal) || e.Action == AuditActions.DocumentDownloaded => Kind.Application,
        _ when e.Action.StartsWith("Case.", StringComparison.Ordinal) => Kind.Case,
        _ when UserActions.Contains(e.Action) => Kind.User,
        _ when e.Action == AuditActions.OrgUnitChanged => Kind.OrgUnit,
        _ when e.Action == "ServiceItem.Publish" => Kind.Service,
        _ when e.Action == "CaseCategory.Edit" => Kind.Category,
        _ when e.Action == AuditActions.ProcessPublished => Kind.Process,
        _ => Kind.Text,
    };

    private static string? KeyOf(AuditEntry e) => e.Target is not { } t ? null : KindOf(e) switch
    {
        Kind.Application or Kind.Report or Kind.Person when t.IndexOf(':', StringComparison.Ordinal) is var at and > 0 => t[(at + 1)..],
        Kind.Service => t.Split(' ')[0],
        _ => t,
    };
}
