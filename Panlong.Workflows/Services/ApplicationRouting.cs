using Microsoft.EntityFrameworkCore;
using Panlong.Data;
using Panlong.Data.Organization;
using Panlong.Data.Services;

namespace Panlong.Workflows.Services;

/// <summary>Who decides an item, by its level (就近办); the guide words it for readers who have not named their place.</summary>
public enum Decider
{
    /// <summary>The street of the window that accepts it.</summary>
    WindowStreet,

    /// <summary>The applicant's community when it lies in the window's street, otherwise the window's own unit.</summary>
    ApplicantCommunity,

    /// <summary>The item's department, with the departments that countersign.</summary>
    Departments,
}

/// <summary>Where an application goes: the window that accepts it and the units that decide it.</summary>
public sealed record ApplicationRoute(OrgUnit Window, IReadOnlyList<string> DecidingCodes);

/// <summary>
/// 一窗受理、就近办: the one rule that sends an application to the units that decide it. The submission routes by it and
/// the guide and the apply page state it by it, so what an applicant reads is where the application goes (issue 16).
/// </summary>
public static class ApplicationRouting
{
    public static Decider DeciderOf(ServiceItem item) => item.Level switch
    {
        ServiceLevel.Street => Decider.WindowStreet,
        ServiceLevel.Community => Decider.ApplicantCommunity,
        _ => Decider.Departments,
    };

    /// <summary>
    /// Items of the district (or above) go to the item's department(s); street items to the window's street; community
    /// items to the applicant's registered community when it lies in the window's street, otherwise to the window's own
    /// community (or street).
    /// </summary>
    public static async Task<IReadOnlyList<string>> DecidingUnitsAsync(PanlongDbContext db, ServiceItem item, OrgUnit window, string? applicantCommunity,
        CancellationToken ct)
    {
        switch (DeciderOf(item))
        {
            case Decider.WindowStreet:
                return [OrgPath.Parse(window.ScopePath).CodeAtOrLeaf(OrgLevel.Street)];
            case Decider.ApplicantCommunity:
                if (window.Kind == OrgUnitKind.Community)
                {
                    return [window.Code];
                }
                if (applicantCommunity is not null && await db.OrgUnits.AnyAsync(u => u.Code == applicantCommunity && u.ParentId == window.Id, ct))
                {
                    return [applicantCommunity];
                }
                return [window.Code];
            default:
                return [item.DepartmentCode, .. item.CountersignCodes?.Split(',') ?? []];
        }
    }

    /// <summary>The route from a window named by its code; null when the code names no window.</summary>
    public static async Task<ApplicationRoute?> RouteAsync(PanlongDbContext db, ServiceItem item, string? windowCode, string? applicantCommunity, CancellationToken ct) =>
        await WindowAsync(db, windowCode, ct) is { } window ? new ApplicationRoute(window, await DecidingUnitsAsync(db, item, window, applicantCommunity, ct)) : null;

    /// <summary>A window an applicant may choose: an active street's or community's; null for any other code.</summary>
    public static async Task<OrgUnit?> WindowAsync(PanlongDbContext db, string? code, CancellationToken ct)
    {
        var unit = string.IsNullOrWhiteSpace(code) ? null : await db.OrgUnits.AsNoTracking().SingleOrDefaultAsync(u => u.Code == code && u.IsActive, ct);
        return unit is { Kind: OrgUnitKind.Street or OrgUnitKind.Community } ? unit : null;
    }
}
