using System.Security.Claims;
using MudBlazor;
using Panlong.Data.Identity;

namespace Panlong.Portal.Features.Shell;

/// <summary>
/// A link of the side menu. <see cref="Roles"/> are its page's roles (null: every signed-in user); <see cref="ShownTo"/>
/// narrows who sees the entry without changing who may open the page (the menu is presentation, the page still checks).
/// </summary>
public sealed record NavItem(string Href, string LabelKey, string Icon, string? Roles, string? ShownTo = null)
{
    public bool IsShownTo(ClaimsPrincipal user) => (ShownTo ?? Roles) is not { } roles || user.HoldsAny(roles);
}

/// <summary>The one list of menu entries. Each page's [Authorize] names the same roles (a test checks it).</summary>
public static class Navigation
{
    public const string AdminSystem = Roles.SystemAdmin;
    public const string AdminSecurity = Roles.SecurityAdmin;
    public const string AdminAudit = Roles.AuditAdmin;
    /// <summary>Any of the three: each may be the second administrator of a role change (docs/decisions/0030-admin-two-person-rule.md).</summary>
    public const string AdminAny = Roles.SystemAdmin + "," + Roles.SecurityAdmin + "," + Roles.AuditAdmin;

    /// <summary>
    /// A resident follows their reports and the few tasks addressed to them (补齐补正) on their home page, so the staff
    /// desks stay out of their menu; the pages still let them in (issue 16, docs/decisions/0032-home-and-menu-by-role.md).
    /// </summary>
    private static readonly string CaseDeskStaff = Without(Roles.CaseDeskUsers, Roles.Resident);
    private static readonly string TaskStaff = Without(Roles.TaskWorkers, Roles.Resident);

    /// <summary>What a visitor who has not signed in sees: the public pages, sign-in and registration — never an empty drawer.</summary>
    public static readonly IReadOnlyList<NavItem> VisitorItems =
    [
        new("/", "Nav.Home", Icons.Material.Outlined.Home, null),
        new("/guide", "Nav.Guide", Icons.Material.Outlined.MenuBook, null),
        new("/account/login", "Login.Submit", Icons.Material.Outlined.Login, null),
        new("/account/register", "Registration.Title", Icons.Material.Outlined.PersonAdd, null),
    ];

    public static readonly IReadOnlyList<NavItem> Items =
    [
        new("/", "Nav.Home", Icons.Material.Outlined.Home, null),
        new("/guide", "Nav.Guide", Icons.Material.Outlined.MenuBook, null),
        new("/my/applications", "Nav.MyApplications", Icons.Material.Outlined.FolderShared, Roles.Resident),
        new("/volunteer", "Nav.Volunteer", Icons.Material.Outlined.VolunteerActivism, "Resident,Volunteer"),
        new("/volunteer/orders", "Nav.VolunteerOrders", Icons.Material.Outlined.Bolt, Roles.Volunteer),
        new("/volunteer/supermarket", "Nav.Supermarket", Icons.Material.Outlined.Storefront, Roles.Volunteer),
        new("/orders", "Nav.ServiceOrders", Icons.Material.Outlined.HomeRepairService, "Resident,GridWorker,Approver"),
        new("/needs", "Nav.Needs", Icons.Material.Outlined.Handshake, Roles.Resident),
        new("/activities", "Nav.Activities", Icons.Material.Outlined.Event, Features.Community.Activities.ActivityPages.Readers),
        new("/community", "Nav.CommunityDesk", Icons.Material.Outlined.SpaceDashboard, Panlong.Workflows.Community.VolunteerService.StaffRoles),
        new("/community/volunteers", "Nav.CommunityVolunteers", Icons.Material.Outlined.Diversity3, Panlong.Workflows.Community.VolunteerService.StaffRoles),
        new("/community/needs", "Nav.CommunityNeeds", Icons.Material.Outlined.Handshake, Panlong.Workflows.Community.NeedContract.StaffRoles),
        new("/community/orders", "Nav.CommunityOrders", Icons.Material.Outlined.AssignmentInd, Panlong.Workflows.Community.ServiceOrderService.StaffRoles),
        new("/supermarket", "Nav.SupermarketKeeper", Icons.Material.Outlined.Inventory2, Roles.SupermarketKeeper),
        new("/party", "Nav.PartyStudy", Icons.Material.Outlined.AutoStories, Roles.Resident),
        new("/party/organize", "Nav.PartyOrganize", Icons.Material.Outlined.Groups, Roles.PartyOrganizer),
        new("/forum", "Nav.Forum", Icons.Material.Outlined.Forum, Features.Voice.ForumPage.ForumReaders),
        new("/law", "Nav.LawClinic", Icons.Material.Outlined.Gavel, Features.Voice.LawClinicPage.ClinicUsers),
        new("/window", "Nav.Window", Icons.Material.Outlined.Storefront, Roles.WindowClerk),
        new("/window/activate", "Activation.Nav", Icons.Material.Outlined.HowToReg, Roles.WindowClerk),
        new("/approvals", "Nav.Approvals", Icons.Material.Outlined.FactCheck, Roles.Approver),
        new("/services/statistics", "Nav.ServiceStatistics", Icons.Material.Outlined.QueryStats, Roles.ServiceStaff),
        new("/cases", "Nav.Cases", Icons.Material.Outlined.ReportProblem, Roles.CaseDeskUsers, CaseDeskStaff),
        new("/cases/report", "Nav.CaseReport", Icons.Material.Outlined.AddAPhoto, Roles.CaseReporters),
        new("/cases/board", "Nav.CaseBoard", Icons.Material.Outlined.Dashboard, Roles.CaseBoardViewers),
        new("/appraisal", "Nav.Appraisal", Icons.Material.Outlined.Leaderboard, Roles.Leader),
        new("/appraisal/reports", "Nav.AppraisalReports", Icons.Material.Outlined.Summarize, Roles.Leader),
        new("/tasks", "Nav.Tasks", Icons.Material.Outlined.Inbox, Roles.TaskWorkers, TaskStaff),
        new("/registry/people", "Nav.People", Icons.Material.Outlined.People, Roles.RegistryViewers),
        new("/registry/entities", "Entities.Nav", Icons.Material.Outlined.Business, Roles.RegistryViewers),
        new("/registry/buildings", "Buildings.Nav", Icons.Material.Outlined.LocationCity, Roles.RegistryViewers),
        new("/registry/houses", "Houses.Nav", Icons.Material.Outlined.MeetingRoom, Roles.RegistryViewers),
        new("/map", "Nav.Map", Icons.Material.Outlined.Map, Roles.MapViewers),
        new("/patrol", "Nav.Patrol", Icons.Material.Outlined.DirectionsWalk, Panlong.Workflows.Patrol.PatrolSettings.Patrollers),
        new("/patrol/live", "Nav.PatrolLive", Icons.Material.Outlined.ShareLocation, Panlong.Workflows.Patrol.PatrolSettings.Watchers),
        new("/incidents", "Nav.Incidents", Icons.Material.Outlined.Campaign, Panlong.Workflows.Incidents.IncidentContract.RoomUsers),
        new("/cameras", "Nav.Cameras", Icons.Material.Outlined.Videocam, Panlong.Workflows.Cameras.CameraSettings.Watchers),
        new("/sites", "Nav.KeySites", Icons.Material.Outlined.Shield, Panlong.Workflows.KeySites.KeySiteSettings.Viewers),
        new("/sites/mine", "Nav.KeySitesMine", Icons.Material.Outlined.HowToReg, Panlong.Workflows.KeySites.KeySiteSettings.Guards),
        new("/spotcheck", "Nav.SpotCheck", Icons.Material.Outlined.FactCheck, Panlong.Workflows.SpotChecks.SpotCheckSettings.Checkers),
        new("/spotcheck/plans", "Nav.SpotCheckPlans", Icons.Material.Outlined.Casino, Panlong.Workflows.SpotChecks.SpotCheckSettings.Planners),
        new("/spotcheck/summary", "Nav.SpotCheckSummary", Icons.Material.Outlined.Summarize, Panlong.Workflows.SpotChecks.SpotCheckSettings.SummaryReaders),
        new("/care", "Nav.Care", Icons.Material.Outlined.VolunteerActivism, Panlong.Workflows.Care.CareSettings.Readers),
        new("/organization", "Nav.Organization", Icons.Material.Outlined.AccountTree, Roles.OrganizationViewers),
        new("/rotation", "Nav.Rotation", Icons.Material.Outlined.SyncAlt, Panlong.Workflows.Organization.RotationService.ReadingRoles),
        new("/admin/departments", "Nav.Departments", Icons.Material.Outlined.Apartment, AdminSystem),
        new("/admin/processes", "Nav.Processes", Icons.Material.Outlined.Schema, AdminSystem),
        new("/admin/calendar", "Nav.Calendar", Icons.Material.Outlined.CalendarMonth, AdminSystem),
        new("/admin/case-categories", "Nav.CaseCategories", Icons.Material.Outlined.Category, AdminSystem),
        new("/admin/open311-upstream", "Nav.Upstream", Icons.Material.Outlined.CallMade, AdminSystem),
        new("/admin/services", "Nav.ServiceAdmin", Icons.Material.Outlined.RoomService, AdminSystem),
        new("/admin/care-kinds", "Nav.CareKinds", Icons.Material.Outlined.Diversity1, AdminSystem),
        new("/admin/appraisal", "Nav.AppraisalConfig", Icons.Material.Outlined.Tune, AdminSystem),
        new("/admin/points", "Nav.PointRules", Icons.Material.Outlined.Savings, AdminSystem),
        new("/admin/cameras", "Nav.CameraAdmin", Icons.Material.Outlined.VideoSettings, Panlong.Workflows.Cameras.CameraSettings.Keepers),
        new("/admin/operations", "Nav.Operations", Icons.Material.Outlined.MonitorHeart, Roles.SystemAdmin),
        new("/admin/users", "Nav.Users", Icons.Material.Outlined.ManageAccounts, AdminSecurity),
        new("/admin/clients", "Nav.TokenClients", Icons.Material.Outlined.Key, AdminSecurity),
        new("/admin/webhooks", "Nav.Webhooks", Icons.Material.Outlined.Webhook, AdminSecurity),
        new("/admin/role-requests", "Nav.RoleRequests", Icons.Material.Outlined.HowToReg, AdminAny),
        new("/admin/audit", "Nav.Audit", Icons.Material.Outlined.Policy, AdminAudit),
    ];

    /// <summary>The entries <paramref name="user"/> sees, in menu order.</summary>
    public static IEnumerable<NavItem> For(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? Items.Where(i => i.IsShownTo(user)) : VisitorItems;

    private static string Without(string roles, string role) => string.Join(',', roles.Split(',').Where(r => r != role));
}
