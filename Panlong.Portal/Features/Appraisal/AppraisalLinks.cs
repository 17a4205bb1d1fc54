using Panlong.Data.Appraisal;
using Panlong.Data.Cases;
using Panlong.Data.Organization;
using Panlong.Workflows.Appraisal;

namespace Panlong.Portal.Features.Appraisal;

/// <summary>
/// What a drill-down link asks for: the period and region of the dashboard (by name and code, as the URL carries them)
/// and the filter of one figure. Everything in it comes from the URL, so the pages check it again on the server.
/// </summary>
public sealed record AppraisalDrill(string Period, string Scope, CaseFactKind? Kind = null, string? Person = null, string? Unit = null, string? Region = null,
    bool? OnTime = null, bool? Public = null, bool Due = false, bool? Closed = null, bool? Earlier = null)
{
    /// <summary><c>/appraisal/cases?period=2026&amp;scope=530103&amp;kind=Handled&amp;unit=530103-BM01&amp;onTime=false&amp;due=true</c>; empty parts are left out.</summary>
    public string Url => "/appraisal/cases" + AppraisalLinks.Query(
        ("period", Period), ("scope", Scope), ("kind", Kind?.ToString()), ("person", Person), ("unit", Unit), ("region", Region),
        ("onTime", Flag(OnTime)), ("public", Flag(Public)), ("due", Due ? "true" : null), ("closed", Flag(Closed)), ("earlier", Flag(Earlier)));

    /// <summary>The same list as Excel (<see cref="AppraisalDrillExport"/>): the page's own query on the export's path.</summary>
    public string ExportUrl => AppraisalDrillExport.Path + Url["/appraisal/cases".Length..];

    /// <summary>The query parts as the page receives them; null when one of them is not something this page makes.</summary>
    public static AppraisalDrill? Parse(string? period, string? scope, string? kind, string? person, string? unit, string? region, string? onTime, string? isPublic,
        string? due = null, string? closed = null, string? earlier = null)
    {
        if (AppraisalPeriods.Parse(period) is null || string.IsNullOrWhiteSpace(scope))
        {
            return null;
        }
        CaseFactKind? factKind = null;
        if (!string.IsNullOrEmpty(kind))
        {
            if (!Enum.TryParse<CaseFactKind>(kind, ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed) || kind.All(char.IsAsciiDigit))
            {
                return null;
            }
            factKind = parsed;
        }
        if (!TryFlag(onTime, out var onTimeFlag) || !TryFlag(isPublic, out var publicFlag) || !TryFlag(due, out var dueFlag) || dueFlag == false
            || !TryFlag(closed, out var closedFlag) || !TryFlag(earlier, out var earlierFlag) || (dueFlag == true && factKind is null))
        {
            return null;
        }
        return new AppraisalDrill(period!, scope, factKind, Blank(person), Blank(unit), Blank(region), onTimeFlag, publicFlag, dueFlag == true, closedFlag, earlierFlag);
    }

    public FactFilter Filter(string? regionPath) => new(Kind, Person, Unit, regionPath, OnTime, Public, Due, Closed, Earlier);

    private static string? Flag(bool? value) => value is { } flag ? (flag ? "true" : "false") : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryFlag(string? value, out bool? flag)
    {
        flag = value switch { "true" => true, "false" => false, _ => null };
        return flag is not null || string.IsNullOrEmpty(value);
    }
}

/// <summary>The rankings of the dashboard, one tab each.</summary>
public enum AppraisalRanking
{
    Streets,
    Communities,
    Grids,
    Departments,
    Supervisors,
    Acceptors,
    ShiftLeads,
    Dispatchers,
}

/// <summary>The dashboard's links, rankings and period choices, in one place for the page and its tests.</summary>
public static class AppraisalLinks
{
    private static readonly AppraisalRanking[] People = [AppraisalRanking.Departments, AppraisalRanking.Supervisors, AppraisalRanking.Acceptors,
        AppraisalRanking.ShiftLeads, AppraisalRanking.Dispatchers];

    /// <summary>The rankings worth a tab in a region: the two levels of regions below it, then departments and people. The first is charted.</summary>
    public static IReadOnlyList<AppraisalRanking> RankingsFor(OrgUnitKind region) => region switch
    {
        OrgUnitKind.District => [AppraisalRanking.Streets, AppraisalRanking.Communities, .. People],
        OrgUnitKind.Street => [AppraisalRanking.Communities, AppraisalRanking.Grids, .. People],
        _ => [AppraisalRanking.Grids, .. People],
    };

    public static IReadOnlyList<AppraisedRow> RowsOf(AppraisalResult result, AppraisalRanking ranking) => ranking switch
    {
        AppraisalRanking.Streets => result.Streets,
        AppraisalRanking.Communities => result.Communities,
        AppraisalRanking.Grids => result.Grids,
        AppraisalRanking.Departments => result.Departments,
        AppraisalRanking.Supervisors => result.Supervisors,
        AppraisalRanking.Acceptors => result.Acceptors,
        AppraisalRanking.ShiftLeads => result.ShiftLeads,
        _ => result.Dispatchers,
    };

    /// <summary>
    /// The cases a ranking row counts (its 案件数): a region's and a department's cases due to close (应结案, ADR 21), a dispatcher's
    /// dispatches due, and everything other people worked on (a supervisor's reports, verifications and checks; a center's
    /// acceptances, filings and closings).
    /// </summary>
    public static AppraisalDrill DrillOf(AppraisalRanking ranking, AppraisedRow row, string period, string scope) => ranking switch
    {
        AppraisalRanking.Streets or AppraisalRanking.Communities or AppraisalRanking.Grids => new(period, scope, CaseFactKind.Handled, Region: OrgPath.Parse(row.Key).Leaf, Due: true),
        AppraisalRanking.Departments => new(period, scope, CaseFactKind.Handled, Unit: row.Key, Due: true),
        AppraisalRanking.Dispatchers => new(period, scope, CaseFactKind.Dispatched, Person: row.Key, Due: true),
        _ => new(period, scope, Person: row.Key),
    };

    /// <summary><c>/appraisal?period=2026-Q3&amp;scope=530103001</c>: a view that can be bookmarked and sent on.</summary>
    public static string Dashboard(string period, string scope) => "/appraisal" + Query(("period", period), ("scope", scope));

    /// <summary>The service orders behind a community figure (issue 18 part 8): <c>/appraisal/orders?period=2026&amp;scope=530103001&amp;figure=DueLate</c>.</summary>
    public static string Orders(string period, string scope, Panlong.Workflows.Community.OrderFigure figure) =>
        "/appraisal/orders" + Query(("period", period), ("scope", scope), ("figure", figure.ToString()));

    /// <summary>
    /// The dashboard opens on the current year to date: the whole picture a leader starts from, with this month in the
    /// trend. Ended months and quarters are one choice away, and they are what the scheduled reports cover.
    /// </summary>
    public static string DefaultPeriod(DateOnly today) => AppraisalPeriods.Name(AppraisalPeriodKind.Year, AppraisalPeriods.Of(AppraisalPeriodKind.Year, today));

    /// <summary>The periods offered for a kind, newest first: 24 months, 8 quarters or 3 years up to the one running now.</summary>
    public static IReadOnlyList<(string Name, string Label)> Choices(AppraisalPeriodKind kind, DateOnly today)
    {
        var (count, step) = kind switch { AppraisalPeriodKind.Month => (24, 1), AppraisalPeriodKind.Quarter => (8, 3), _ => (3, 12) };
        return Enumerable.Range(0, count).Select(i => AppraisalPeriods.Of(kind, today.AddMonths(-i * step)))
            .Select(p => (AppraisalPeriods.Name(kind, p), AppraisalPeriods.Label(kind, p))).ToList();
    }

    internal static string Query(params (string Key, string? Value)[] parts) =>
        "?" + string.Join("&", parts.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => p.Key + "=" + Uri.EscapeDataString(p.Value!)));
}
